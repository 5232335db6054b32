/**
 * The published CRL (PKI-03): re-signed when a revocation is missing from it, when it is due,
 * and at once after a revocation; served as DER, PEM or JSON.
 */
import { isAppError } from '@puesc/kernel';
import { reply, type HttpReply } from '@puesc/service';
import type { CrlFormat } from '../contracts';
import { type CertificateAuthority, buildCrl, crlToPem } from '../crypto';
import { crlIsCurrent } from '../domain';
import { SEQ_CRL_NUMBER, type CrlDoc } from '../store';
import { type CrlJsonView, crlJsonView } from '../views';
import type { PkiDeps } from './deps';

const CURRENT = 'current';

/** Lost a race with another replica: what it stored is at least as new. */
const isRace = (e: unknown): boolean =>
  isAppError(e) && (e.type === 'conflict' || e.type === 'concurrent-modification');

async function buildAndStore(deps: PkiDeps, ca: CertificateAuthority): Promise<CrlDoc> {
  const { db, clock } = deps;
  const entries = await db.revocations.find({}, { sort: { revokedAt: 1 } });
  const crlNumber = await db.sequences.increment(SEQ_CRL_NUMBER, 'value');
  const thisUpdate = clock.now();
  const nextUpdate = new Date(thisUpdate.getTime() + deps.settings.crlValidityMs);
  const der = buildCrl({
    ca,
    entries: entries.map((r) => ({ serial: r.serial, revokedAt: r.revokedAt, reason: r.reason })),
    thisUpdate,
    nextUpdate,
    crlNumber,
  });
  const fields = {
    crlNumber,
    thisUpdate,
    nextUpdate,
    der: der.toString('base64'),
    revokedCount: entries.length,
    issuerFingerprint: ca.issuing.fingerprint,
  };
  const existing = await db.crls.get(CURRENT);
  try {
    if (!existing) return await db.crls.insert({ _id: CURRENT, ...fields });
    // Another replica may have stored a newer one meanwhile: keep the higher number.
    if (existing.crlNumber > crlNumber && existing.revokedCount >= entries.length) return existing;
    return await db.crls.update({ ...existing, ...fields });
  } catch (e) {
    if (!isRace(e)) throw e;
    // Ours is valid too, should the other one not be readable yet.
    return (await db.crls.get(CURRENT)) ?? { _id: CURRENT, version: 0, ...fields };
  }
}

/** The current CRL; rebuilt when a revocation is missing from it, when due, or when forced. */
export async function currentCrl(deps: PkiDeps, force = false): Promise<CrlDoc> {
  const ca = deps.authority();
  const doc = await deps.db.crls.get(CURRENT);
  if (!force && doc) {
    const revocations = await deps.db.revocations.count({});
    const facts = {
      revocations,
      issuerFingerprint: ca.issuing.fingerprint,
      now: deps.clock.now(),
      refreshMs: deps.settings.crlRefreshMs,
    };
    if (crlIsCurrent(doc, facts)) return doc;
  }
  // One build at a time in this process; a forced build after a revocation waits for its turn.
  const builds = deps.crlBuilds;
  while (builds.running) await builds.running.catch(() => undefined);
  builds.running = buildAndStore(deps, ca);
  try {
    return await builds.running;
  } finally {
    builds.running = null;
  }
}

/** pki.getCrl / getCrlPem: the CRL with cache headers (its own validity), or its JSON reading. */
export async function crlReply(deps: PkiDeps, format: CrlFormat): Promise<HttpReply | CrlJsonView> {
  const crl = await currentCrl(deps);
  const der = Buffer.from(crl.der, 'base64');
  const headers = {
    'cache-control': 'public, max-age=300',
    'last-modified': crl.thisUpdate.toUTCString(),
    expires: crl.nextUpdate.toUTCString(),
  };
  if (format === 'der') return reply({ contentType: 'application/pkix-crl', base64: crl.der, headers });
  if (format === 'pem') return reply({ contentType: 'application/x-pem-file', body: crlToPem(der), headers });
  const revoked = await deps.db.revocations.find({}, { sort: { revokedAt: 1 } });
  return crlJsonView(crl, crlToPem(der), revoked);
}
