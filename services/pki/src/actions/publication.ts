/** What the CA publishes to everyone (PKI-03): the CRL, the CA certificates, status by serial. */
import type { ServiceSchema } from 'moleculer';
import { reply, type Ctx } from '@puesc/service';
import { crlParams, emptyParams, serialParams, type CrlParams, type SerialParams } from '../contracts';
import { crlReply } from '../app/crl';
import type { PkiDeps } from '../app/deps';
import { certificateStatus } from '../app/revocation';
import { caChainView, caChainViewOf, statusView } from '../views';

const TAGS = ['pki'];

export const publicationActions = (deps: PkiDeps): NonNullable<ServiceSchema['actions']> => ({
  getCrl: {
    params: crlParams,
    rest: 'GET /api/v1/pki/crl.der',
    auth: 'public',
    openapi: {
      summary: 'The certificate revocation list, DER (PKI-03)',
      description:
        'Signed by the issuing CA; the URL is the CRL distribution point of every customs certificate. `format=pem` or `json` for other forms.',
      tags: TAGS,
      produces: 'application/pkix-crl',
    },
    handler: async (ctx: Ctx<CrlParams>) => crlReply(deps, ctx.params.format ?? 'der'),
  },

  getCrlPem: {
    params: emptyParams,
    rest: 'GET /api/v1/pki/crl.pem',
    auth: 'public',
    openapi: {
      summary: 'The certificate revocation list, PEM (PKI-03)',
      tags: TAGS,
      produces: 'application/x-pem-file',
    },
    handler: async () => crlReply(deps, 'pem'),
  },

  getCaChain: {
    params: emptyParams,
    rest: 'GET /api/v1/pki/ca',
    auth: 'public',
    openapi: {
      summary: 'The platform CA certificates (issuing CA and root), PEM',
      tags: TAGS,
      response: caChainView,
    },
    handler: async () => caChainViewOf(deps.authority(), deps.policy.crlUrl, deps.settings.generatedCa),
  },

  getIssuingCaCertificate: {
    params: emptyParams,
    rest: 'GET /api/v1/pki/ca/issuing.cer',
    auth: 'public',
    openapi: {
      summary: 'The issuing CA certificate, DER (authorityInfoAccess caIssuers)',
      tags: TAGS,
      produces: 'application/pkix-cert',
    },
    handler: async () =>
      reply({
        contentType: 'application/pkix-cert',
        base64: deps.authority().issuing.der.toString('base64'),
        headers: { 'cache-control': 'public, max-age=86400' },
      }),
  },

  certificateStatus: {
    params: serialParams,
    rest: 'GET /api/v1/pki/certificates/:serial/status',
    auth: 'public',
    openapi: {
      summary: 'Revocation status of a customs certificate by serial number (PKI-03)',
      tags: TAGS,
      response: statusView,
    },
    handler: async (ctx: Ctx<SerialParams>) => certificateStatus(deps, ctx.params),
  },
});
