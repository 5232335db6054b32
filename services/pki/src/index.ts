import { PKI_STREAM } from '@puesc/contracts';
import type { ServiceModule } from '@puesc/service';
import { currentCrl } from './app/crl';
import { pkiOf } from './app/deps';
import { revokeOnIdentityEvent } from './app/revocation';
import { IDENTITY_TRIGGERS } from './domain';
import { create } from './service';

/** The CRL is looked at at least this often, so a due re-signing is never late by more. */
const CRL_CHECK_MAX_MS = 5 * 60_000;

/** The customs certificate authority (PKI-01..PKI-05). */
export const pkiModule: ServiceModule = {
  name: 'pki',
  streams: [PKI_STREAM],
  consumers: [
    {
      // PKI-03: closing the account or withdrawing extended scope revokes the person's certificates.
      stream: 'IDENTITY',
      durable: 'pki-identity-events',
      subjects: Object.keys(IDENTITY_TRIGGERS),
      handle: (event, deps) => revokeOnIdentityEvent(pkiOf(deps), event),
    },
  ],
  sweeps: [
    {
      // PKI-03: the CRL is re-signed when due even without revocations.
      name: 'scheduled CRL refresh',
      intervalMs: (deps) => Math.min(pkiOf(deps).settings.crlRefreshMs, CRL_CHECK_MAX_MS),
      run: (deps) => currentCrl(pkiOf(deps)),
    },
  ],
  create,
};

export { create };
/** The CA toolkit (crypto, rules, verification) under its earlier name. */
export * as domain from './library';
export * as crypto from './crypto';
export * as rules from './domain';
export { registerPkiEventSchemas } from './contracts';
export type { VerificationResult, VerificationSuccess, VerificationRefusal } from './contracts';
