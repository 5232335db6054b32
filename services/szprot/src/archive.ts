/**
 * EUP-14: the signed monthly archive of the records. An archive is a compact JWS (ES256, the
 * keyring of ./archiveKeys.ts) whose payload is the canonical JSON of the month's entries with the chain digests
 * before and after them (`prevDigest`, `headDigest`): a later change to the live book shows as a
 * mismatch with the signed head.
 */
import { compactVerify, importJWK, type JWK } from 'jose';
import { canonicalJson } from '@puesc/canonical-json';
import type { Keyring } from '@puesc/keyring';
import type { MonthlyArchive } from './domain';

export const ARCHIVE_TYP = 'szprot-records-archive+jws';

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

/** The archive's JWS and the kid of the key that signed it. */
export function signArchive(payload: ArchivePayload, keys: Keyring): Promise<{ jws: string; kid: string }> {
  return keys.sign(canonicalJson(payload), { typ: ARCHIVE_TYP, cty: 'json' });
}

/** Verifies an archive JWS with a public JWK; returns the payload or throws. */
export async function verifyArchive(jws: string, publicJwk: JWK): Promise<ArchivePayload> {
  const key = await importJWK({ ...publicJwk, alg: 'ES256' }, 'ES256');
  const { payload, protectedHeader } = await compactVerify(jws, key, { algorithms: ['ES256'] });
  if (protectedHeader.typ !== ARCHIVE_TYP)
    throw new Error(`not a records archive (typ ${String(protectedHeader.typ)})`);
  return JSON.parse(new TextDecoder().decode(payload)) as ArchivePayload;
}
