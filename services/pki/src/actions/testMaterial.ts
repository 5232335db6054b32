/** TEST ONLY (embedded/demo mode, where TEST trust anchors are enabled): material for PKI-05 demos. */
import type { ServiceSchema } from 'moleculer';
import { callerOf, type Ctx } from '@puesc/service';
import {
  testAssertionParams,
  testQualifiedParams,
  type RequestCertificateParams,
  type TestAssertionParams,
} from '../contracts';
import type { PkiDeps } from '../app/deps';
import { testQualifiedCertificate, testTrustedProfileAssertion } from '../app/testMaterial';
import { identityPeer } from '../peers';
import { testAssertionView, testQualifiedView } from '../views';

const TAGS = ['pki', 'test'];

export const testMaterialActions = (deps: PkiDeps): NonNullable<ServiceSchema['actions']> => ({
  testTrustedProfileAssertion: {
    params: testAssertionParams,
    rest: 'POST /api/v1/pki/test/trusted-profile-assertions',
    openapi: {
      summary: 'TEST ONLY: a trusted-profile assertion for the caller, signed by the TEST provider key',
      description: 'Present only where TEST trust anchors are enabled (embedded/demo mode).',
      tags: TAGS,
      status: 201,
      response: testAssertionView,
    },
    handler: async (ctx: Ctx<TestAssertionParams>) =>
      testTrustedProfileAssertion(deps, callerOf(ctx), ctx.params, identityPeer(ctx)),
  },

  testQualifiedCertificate: {
    params: testQualifiedParams,
    rest: 'POST /api/v1/pki/test/qualified-certificates',
    openapi: {
      summary: 'TEST ONLY: a qualified-looking certificate from the TEST qualified CA for the caller',
      description: 'Present only where TEST trust anchors are enabled (embedded/demo mode).',
      tags: TAGS,
      status: 201,
      response: testQualifiedView,
    },
    handler: async (ctx: Ctx<RequestCertificateParams>) =>
      testQualifiedCertificate(deps, callerOf(ctx), ctx.params, identityPeer(ctx)),
  },
});
