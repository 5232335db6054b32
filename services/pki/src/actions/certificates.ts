/** Customs certificates of the caller: request (PKI-01, PKI-02), list, revoke (PKI-03). */
import type { ServiceSchema } from 'moleculer';
import { OFFICER_ROLES } from '@puesc/contracts';
import { callerOf, requireExtended, type Ctx } from '@puesc/service';
import {
  emptyParams,
  requestCertificateParams,
  revokeParams,
  type RequestCertificateParams,
  type RevokeParams,
} from '../contracts';
import type { PkiDeps } from '../app/deps';
import { listMyCertificates, requestCertificate } from '../app/issuance';
import { revokeCertificate } from '../app/revocation';
import { identityPeer } from '../peers';
import { noteAudit } from './audit';

const isOfficerRole = (r: string): boolean => (OFFICER_ROLES as readonly string[]).includes(r);
import { certificateView } from '../views';

const TAGS = ['pki'];

export const certificateActions = (deps: PkiDeps): NonNullable<ServiceSchema['actions']> => ({
  requestCertificate: {
    params: requestCertificateParams,
    rest: 'POST /api/v1/pki/certificates',
    openapi: {
      summary: 'Request a customs certificate from a PKCS#10 request (PKI-01, PKI-02)',
      description:
        'Extended scope required. The subject is taken from the registered person, never from the request. Key: RSA ≥ 2048 bits or EC P-256. Returns the certificate and the CA chain as PEM.',
      tags: TAGS,
      status: 201,
      response: certificateView,
    },
    handler: async (ctx: Ctx<RequestCertificateParams>) =>
      requestCertificate(deps, requireExtended(ctx), ctx.params, identityPeer(ctx)),
  },

  listMyCertificates: {
    params: emptyParams,
    rest: 'GET /api/v1/pki/certificates',
    openapi: {
      summary: "The caller's customs certificates, with their status",
      tags: TAGS,
      response: { type: 'array', items: certificateView },
    },
    handler: async (ctx: Ctx) => listMyCertificates(deps, callerOf(ctx)),
  },

  revokeCertificate: {
    params: revokeParams,
    rest: 'POST /api/v1/pki/certificates/:serial/revoke',
    openapi: {
      summary: 'Revoke a customs certificate (PKI-03): by its holder or by an officer',
      description:
        'Idempotent: revoking a revoked certificate returns the existing revocation. The CRL is re-signed at once.',
      tags: TAGS,
      response: certificateView,
    },
    handler: async (ctx: Ctx<RevokeParams>) => {
      const caller = callerOf(ctx);
      // An officer's revocation is an officer's action on a person's certificate.
      if (caller.roles.some(isOfficerRole)) noteAudit(ctx, { kind: 'certificate', id: ctx.params.serial });
      return revokeCertificate(deps, caller, ctx.params);
    },
  },
});
