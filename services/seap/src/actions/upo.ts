/** DOC-05: the UPO of a sent document, the public JWKS and verification, key rotation. */
import type { ServiceSchema } from 'moleculer';
import { callerOf, requireRole, type Ctx } from '@puesc/service';
import type { SeapDeps } from '../app/deps';
import { getUpo, getUpoPdf, rotateUpoKey, upoJwks, verifyUpo } from '../app/upo';
import { TAGS, emptyParams, idParams, verifyUpoParams, type IdParams, type VerifyUpoParams } from '../contracts';
import { jwksView, rotationView, upoView, verificationView } from '../views';
import { companyOfDocument } from '../app/access';
import { audited } from './audit';
import { inRequest } from './peers';

export const upoActions = (app: SeapDeps): ServiceSchema['actions'] => ({
  getUpo: {
    rest: 'GET /api/v1/seap/documents/:id/upo',
    params: idParams,
    openapi: {
      summary: 'The UPO of a sent document, as JSON with its JWS (DOC-05)',
      tags: TAGS.upo,
      response: upoView,
    },
    handler: audited(
      'upo',
      (ctx: Ctx<IdParams>) => getUpo(inRequest(app, ctx), callerOf(ctx), ctx.params),
      (id) => companyOfDocument(app, id),
    ),
  },

  getUpoPdf: {
    rest: 'GET /api/v1/seap/documents/:id/upo.pdf',
    params: idParams,
    openapi: {
      summary: 'The UPO of a sent document as a human-readable PDF (DOC-05)',
      tags: TAGS.upo,
      produces: 'application/pdf',
    },
    handler: audited(
      'upo',
      (ctx: Ctx<IdParams>) => getUpoPdf(inRequest(app, ctx), callerOf(ctx), ctx.params),
      (id) => companyOfDocument(app, id),
    ),
  },

  upoJwks: {
    rest: 'GET /.well-known/upo-jwks.json',
    auth: 'public',
    params: emptyParams,
    openapi: {
      summary: 'The public keys that sign UPOs and authority documents (JWKS, DOC-05)',
      tags: TAGS.upo,
      response: jwksView,
    },
    handler: () => upoJwks(app),
  },

  upoJwksApi: {
    rest: 'GET /api/v1/upo/jwks.json',
    auth: 'public',
    params: emptyParams,
    openapi: { summary: 'The UPO JWKS (same as /.well-known/upo-jwks.json)', tags: TAGS.upo, response: jwksView },
    handler: () => upoJwks(app),
  },

  verifyUpo: {
    rest: 'POST /api/v1/upo/verify',
    auth: 'public',
    rateLimit: { max: 120, timeWindow: '1 minute' },
    params: verifyUpoParams,
    openapi: {
      summary:
        'Verify any UPO (public, DOC-05): the platform signature, and optionally the document against its digest',
      tags: TAGS.upo,
      response: verificationView,
    },
    handler: (ctx: Ctx<VerifyUpoParams>) => verifyUpo(app, ctx.params),
  },

  rotateUpoKey: {
    rest: 'POST /api/v1/seap/upo-keys/rotate',
    params: emptyParams,
    openapi: {
      summary: 'Rotate the UPO signing key (administrators); earlier keys stay published for verification',
      tags: TAGS.admin,
      response: rotationView,
    },
    handler(ctx: Ctx) {
      requireRole(ctx, 'admin');
      return rotateUpoKey(app);
    },
  },
});
