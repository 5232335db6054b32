/**
 * Revocation (PKI-03): by the holder or an officer, and automatically on identity facts; one
 * revocation per certificate whoever tries again; the CRL is re-signed at once. Public status
 * by serial.
 */
import { isAppError, invalidField, notFound, valueOrThrow } from '@puesc/kernel';
import { newEvent, subjectOf, type CloudEvent } from '@puesc/events';
import type { Caller } from '@puesc/service';
import { REVOKED, type RevokeParams, type SerialParams } from '../contracts';
import { normalizeSerial } from '../crypto';
import { type RevocationReason, automaticRevocationReason, inForce, revocationReason, revokerOf } from '../domain';
import type { CertificateDoc, RevocationDoc } from '../store';
import { type CertificateView, certificateViewOf, statusViewOf } from '../views';
import { currentCrl } from './crl';
import type { PkiDeps } from './deps';

const SOURCE = '/pki';

/** A serial from the path, in its canonical text (400 naming the field otherwise). */
export function serialOf(s: string): string {
  try {
    return normalizeSerial(s);
  } catch {
    throw invalidField('serial', 'a serial number is hexadecimal');
  }
}

const revokedEvent = (cert: CertificateDoc, doc: RevocationDoc, cause?: string) =>
  newEvent({
    source: SOURCE,
    subject: REVOKED,
    time: doc.revokedAt,
    data: {
      serial: cert.serial,
      personId: cert.personId,
      accountId: cert.accountId,
      revokedAt: doc.revokedAt.toISOString(),
      reason: doc.reason,
      revokedBy: doc.by.kind,
      ...(cause ? { cause } : {}),
    },
  });

/** Records the revocation with its event (idempotent: an existing revocation is returned). */
async function revoke(
  deps: PkiDeps,
  cert: CertificateDoc,
  reason: RevocationReason,
  by: RevocationDoc['by'],
  cause?: string,
): Promise<RevocationDoc> {
  const { db, logger } = deps;
  const existing = await db.revocations.get(cert.serial);
  if (existing) return existing;
  const doc: RevocationDoc = {
    _id: cert.serial,
    serial: cert.serial,
    personId: cert.personId,
    accountId: cert.accountId,
    revokedAt: deps.clock.now(),
    reason,
    by,
  };
  let stored: RevocationDoc;
  try {
    stored = await db.revocations.insert(doc, { events: [revokedEvent(cert, doc, cause)] });
  } catch (e) {
    // Someone revoked it at the same moment: theirs is the revocation.
    if (!isAppError(e) || e.type !== 'conflict') throw e;
    return (await db.revocations.get(cert.serial))!;
  }
  logger.info({ serial: cert.serial, reason, by: by.kind }, 'pki: certificate revoked');
  // A CRL that misses this revocation is rebuilt on the next read anyway.
  await currentCrl(deps, true).catch((e) => logger.error({ err: e }, 'pki: CRL rebuild after revocation failed'));
  return stored;
}

/** pki.revokeCertificate: the holder or an officer; others do not learn that the certificate exists. */
export async function revokeCertificate(deps: PkiDeps, caller: Caller, p: RevokeParams): Promise<CertificateView> {
  const serial = serialOf(p.serial);
  const cert = await deps.db.certificates.get(serial);
  const revoker = cert ? revokerOf(cert, caller) : null;
  if (!cert || !revoker) throw notFound('certificate', serial);
  const reason = valueOrThrow(revocationReason(revoker, p.reason));
  const revocation = await revoke(deps, cert, reason, {
    kind: revoker.kind,
    accountId: caller.id,
    ...(revoker.kind === 'officer' ? { role: revoker.role } : {}),
  });
  return certificateViewOf(cert, revocation, deps.clock.now());
}

/** PKI-03: closing the account or withdrawing extended scope revokes the person's certificates. */
export async function revokeOnIdentityEvent(deps: PkiDeps, event: CloudEvent): Promise<void> {
  const reason = automaticRevocationReason(subjectOf(event));
  if (!reason) return;
  const data = (event.data ?? {}) as { personId?: unknown; accountId?: unknown };
  const personId = typeof data.personId === 'string' ? data.personId : undefined;
  const accountId = typeof data.accountId === 'string' ? data.accountId : undefined;
  if (!personId && !accountId) {
    deps.logger.warn({ event: event.id, type: event.type }, 'pki: identity event without personId/accountId ignored');
    return;
  }
  const certs = await deps.db.certificates.find(personId ? { personId } : { accountId: accountId! });
  for (const c of inForce(certs, deps.clock.now())) {
    await revoke(deps, c, reason, { kind: 'system', event: event.id, eventType: event.type }, event.type);
  }
}

/** pki.certificateStatus: public, by serial. */
export async function certificateStatus(deps: PkiDeps, p: SerialParams) {
  const serial = serialOf(p.serial);
  const now = deps.clock.now();
  const cert = await deps.db.certificates.get(serial);
  const r = cert ? await deps.db.revocations.get(serial) : null;
  return statusViewOf(serial, cert, r, now);
}
