/**
 * @puesc/client: the client kit of the customs e-services platform.
 *
 * - `PuescClient`: typed HTTP client (`/api/v1`), sessions with refresh-token rotation,
 *   `ProblemError` for every refusal.
 * - crypto: `generateKeyPair`, `buildCsr` (PKCS#10), `signDocument` (puesc-jades-compact-v1),
 *   `verifyUpo` / `verifyAuthorityDocument` (offline, with the published JWKS only).
 * - `Profile`: the local key, certificate chain and session (0600 files in a 0700 directory).
 * - the `puesc` CLI: `src/cli.ts` (docs/client.md).
 */
export { PuescClient, type PuescClientOptions } from './client';
export { HttpCore, pathOf, sessionOf, type FetchLike, type Query, type RequestSpec } from './http';
export { ProblemError, TransportError, isProblemError, type Problem, type FieldProblem } from './problem';
export { ROUTES, SZPROT_ROUTES } from './routes';
export * from './types';
export {
  generateKeyPair,
  exportPrivateKeyPem,
  importPrivateKeyPem,
  exportPublicKeyPem,
  publicKeyFingerprint,
  algorithmFor,
  type KeyAlgorithm,
  type KeyPair,
} from './crypto/keys';
export { buildCsr, type CsrSubject } from './crypto/csr';
export {
  signDocument,
  jwsHeader,
  sha256B64u,
  sha256Hex,
  CONTENT_DIGEST_HEADER,
  PROFILE,
  type SignDocumentOptions,
  type SignedDocument,
  type JwsHeader,
} from './crypto/sign';
export {
  verifyUpo,
  verifyAuthorityDocument,
  upoJwsFrom,
  UPO_TYP,
  AUTHORITY_DOCUMENT_TYP,
  type UpoVerification,
  type AuthorityDocumentVerification,
  type VerifyUpoOptions,
  type OfflineRefusal,
} from './crypto/upo';
export { pemBlocks, pem as toPem } from './crypto/der';
export { Profile, ProfileError, defaultProfileDir, FILES, type ProfileConfig } from './profile';
export { loadJwks } from './jwks';
