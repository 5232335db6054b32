/**
 * The pki as a library, for clients and for other packages' tests (a CA, CSRs, signing,
 * verification): the byte-level work, the rules, and the verification workflow with its
 * context. `index.ts` exports it under its earlier name `domain`.
 */
export * from './crypto';
export * from './domain';
export {
  type CustomsCertificateRecord,
  type VerificationContext,
  type VerifyInput,
  verifySignature,
} from './app/verification';
export type {
  CertificateStatusReport,
  RefusalReason,
  SignatureMethod,
  Signer,
  VerificationRefusal,
  VerificationResult,
  VerificationSuccess,
} from './contracts';
