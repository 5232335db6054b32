import type { Ctx } from '@puesc/service';
import * as P from '../contracts';
import * as A from '../answers';
import * as keys from '../app/keys';
import type { ActionContext, IdentityActions } from './context';
import { objectAudit } from './audit';

/** The keys that sign access tokens: the public JWKS, and the administrators' view and rotation. */
export const keyActions = ({ d, ask }: ActionContext): IdentityActions => ({
  jwks: {
    rest: 'GET /.well-known/jwks.json',
    auth: 'public',
    openapi: {
      response: A.jwksAnswer,
      summary: 'Public keys that verify access tokens (JWKS)',
      tags: ['Authentication'],
    },
    params: P.empty,
    handler: () => keys.jwks(d),
  },

  signingKeys: {
    rest: 'GET /api/v1/admin/signing-keys',
    openapi: {
      response: A.signingKeysAnswer,
      summary: 'Token signing keys (administrators; public data only)',
      tags: ['Administration'],
    },
    params: P.empty,
    auditOf: objectAudit('signing-keys', () => 'access-tokens', 'list'),
    handler: (ctx: Ctx) => keys.signingKeys(d, ask(ctx)),
  },

  rotateSigningKey: {
    rest: 'POST /api/v1/admin/signing-keys/rotate',
    openapi: {
      response: A.signingKeysAnswer,
      summary: 'Rotate the token signing key (administrators)',
      description:
        'The new key is published at once and signs after the pre-publication delay; tokens signed by the old key stay valid until they expire, so nobody is logged out. With `immediate` (a compromised key) the new key signs at once and the old one is withdrawn at once: it leaves the JWKS, what it signed is refused, and `identity.keys.changed` tells the gateway to refetch the JWKS now (clients refresh their tokens).',
      tags: ['Administration'],
      examples: { request: { immediate: false } },
    },
    params: P.rotate,
    auditOf: objectAudit('signing-keys', () => 'access-tokens', 'rotate'),
    handler: (ctx: Ctx<P.RotateParams>) => keys.rotateSigningKey(d, ask(ctx), ctx.params),
  },
});
