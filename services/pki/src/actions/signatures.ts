/** Signature verification for documents and transmissions (PKI-05), for clients and services. */
import type { ServiceSchema } from 'moleculer';
import { verificationResultSchema } from '@puesc/contracts';
import type { Ctx } from '@puesc/service';
import { verifySignatureParams, type VerifySignatureParams } from '../contracts';
import type { PkiDeps } from '../app/deps';
import { verifyRequest } from '../app/verification';

const TAGS = ['pki'];

export const signatureActions = (deps: PkiDeps): NonNullable<ServiceSchema['actions']> => ({
  verifySignature: {
    params: verifySignatureParams,
    rest: 'POST /api/v1/pki/signatures/verify',
    auth: 'optional',
    rateLimit: { max: 60, timeWindow: '1 minute' },
    openapi: {
      summary: 'Verify a signature (PKI-05): qualified, customs certificate or trusted profile',
      description:
        'The profile is in docs/pki-signatures.md. Returns the method, the signer, the certificate status at the signing time and the signing time, or `valid: false` with one reason.',
      tags: TAGS,
      response: verificationResultSchema,
    },
    handler: async (ctx: Ctx<VerifySignatureParams>) => verifyRequest(deps, ctx.params),
  },
});
