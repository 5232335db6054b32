/**
 * EUP-14: the key that signs the monthly record archives, and the archive JWS itself.
 *
 * The key is an EC P-256 key (ES256). Configured (SZPROT_ARCHIVE_KEY_PEM), it is used as given and
 * never stored; otherwise one is generated on first start and kept in the `keys` collection, so
 * every replica signs with the same key. The public key is published as a JWKS, so an archive can
 * be verified offline by anyone who holds it.
 *
 * An archive is a compact JWS whose payload is the canonical JSON of the month's entries with the
 * chain digests before and after them (`prevDigest`, `headDigest`): a later change to the live book
 * shows as a mismatch with the signed head.
 */
import {
  CompactSign,
  calculateJwkThumbprint,
  compactVerify,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type JWK,
  type KeyLike,
} from 'jose';
import { isAppError, type Clock, type Logger } from '@puesc/kernel';
import type { Collection } from '@puesc/store';
import { canonicalJson, type MonthlyArchive } from './domain';
import { ARCHIVE_KEY_ID, type KeyDoc } from './store';

export const ARCHIVE_TYP = 'szprot-records-archive+jws';

export interface ArchiveKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
  source: 'generated' | 'configured';
}

async function fromJwk(privateJwk: JWK, source: ArchiveKey['source']): Promise<ArchiveKey> {
  const { d: _d, ...pub } = privateJwk;
  const kid = await calculateJwkThumbprint(pub);
  const privateKey = (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as KeyLike;
  return { kid, privateKey, publicJwk: { ...pub, kid, alg: 'ES256', use: 'sig' }, source };
}

/** The archive signing key: configured, or generated once and kept in the store. */
export async function loadArchiveKey(
  keys: Collection<KeyDoc>,
  clock: Clock,
  logger: Logger,
  pem?: string,
): Promise<ArchiveKey> {
  if (pem) {
    const key = await importPKCS8(pem, 'ES256', { extractable: true });
    return fromJwk(await exportJWK(key), 'configured');
  }
  const stored = await keys.get(ARCHIVE_KEY_ID);
  if (stored) return fromJwk(stored.privateJwk as unknown as JWK, 'generated');
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const key = await fromJwk(jwk, 'generated');
  try {
    await keys.insert({
      _id: ARCHIVE_KEY_ID,
      kid: key.kid,
      alg: 'ES256',
      privateJwk: JSON.parse(JSON.stringify(jwk)) as Record<string, unknown>,
      publicJwk: JSON.parse(JSON.stringify(key.publicJwk)) as Record<string, unknown>,
      source: 'generated',
      createdAt: clock.now().toISOString(),
    });
    logger.info({ kid: key.kid }, 'szprot: generated the record archive signing key');
    return key;
  } catch (e) {
    if (!(isAppError(e) && e.type === 'conflict')) throw e;
    // Another replica generated it first: use theirs.
    const theirs = await keys.get(ARCHIVE_KEY_ID);
    if (!theirs) throw e;
    return fromJwk(theirs.privateJwk as unknown as JWK, 'generated');
  }
}

export interface ArchivePayload {
  type: 'szprot-records-archive';
  permitNumber: string;
  month: string;
  fromSeq: number;
  toSeq: number;
  count: number;
  prevDigest: string;
  headDigest: string;
  archivedAt: string;
  entries: MonthlyArchive['entries'];
}

export function archivePayload(a: MonthlyArchive, archivedAt: Date): ArchivePayload {
  return {
    type: 'szprot-records-archive',
    permitNumber: a.permitNumber,
    month: a.month,
    fromSeq: a.fromSeq,
    toSeq: a.toSeq,
    count: a.count,
    prevDigest: a.prevDigest,
    headDigest: a.headDigest,
    archivedAt: archivedAt.toISOString(),
    entries: a.entries,
  };
}

export async function signArchive(payload: ArchivePayload, key: ArchiveKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(canonicalJson(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: ARCHIVE_TYP, cty: 'json' })
    .sign(key.privateKey);
}

/** Verifies an archive JWS with a public JWK; returns the payload or throws. */
export async function verifyArchive(jws: string, publicJwk: JWK): Promise<ArchivePayload> {
  const key = await importJWK({ ...publicJwk, alg: 'ES256' }, 'ES256');
  const { payload, protectedHeader } = await compactVerify(jws, key, { algorithms: ['ES256'] });
  if (protectedHeader.typ !== ARCHIVE_TYP)
    throw new Error(`not a records archive (typ ${String(protectedHeader.typ)})`);
  return JSON.parse(new TextDecoder().decode(payload)) as ArchivePayload;
}
