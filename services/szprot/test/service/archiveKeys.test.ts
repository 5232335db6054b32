/**
 * EUP-14: the archive signing keys on @puesc/keyring. A key generated before the keyring (one
 * document in `keys`) keeps signing and verifying after the change: the archives it signed still
 * verify with the published JWKS, and new ones are signed by it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompactSign, calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { createLogger, systemClock } from '@puesc/kernel';
import { createEmbeddedStore } from '@puesc/store';
import { ARCHIVE_TYP, verifyArchive } from '../../src';
import { openArchiveKeyring } from '../../src/archiveKeys';
import { LEGACY_ARCHIVE_KEY_ID, openStore, type KeyDoc } from '../../src/store';
import { startWorld, w, type World } from './harness';

const logger = createLogger('test', 'silent');

/** A key as szprot kept it before the keyring, and an archive it signed then. */
async function legacyKey() {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const { d: _d, ...pub } = privateJwk;
  const kid = await calculateJwkThumbprint(pub);
  // Stored as plain JSON, as the old keyring did (jose's objects come from another realm under jest).
  const doc = JSON.parse(
    JSON.stringify({
      _id: LEGACY_ARCHIVE_KEY_ID,
      kid,
      alg: 'ES256',
      privateJwk,
      publicJwk: { ...pub, kid, alg: 'ES256', use: 'sig' },
      source: 'generated',
      createdAt: '2025-01-01T00:00:00.000Z',
    }),
  ) as KeyDoc;
  const payload = { type: 'szprot-records-archive', permitNumber: 'PLEUS3010002025000001', month: '2025-01' };
  const oldJws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid, typ: ARCHIVE_TYP, cty: 'json' })
    .sign(privateKey);
  return { doc, kid, oldJws, payload };
}

describe('EUP-14 archive keys (@puesc/keyring)', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  it('EUP-14 a key stored before the keyring still loads: it is published, verifies what it signed and signs the new archives', async () => {
    const legacy = await legacyKey();
    const store = createEmbeddedStore({ inMemory: true });
    const db = openStore(store);
    await db.keys.insert(legacy.doc);
    const deps = { archiveKeys: db.archiveKeys, legacyKeys: db.keys, clock: systemClock, logger };
    const ring = await openArchiveKeyring(deps);
    const jwks = await ring.jwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual([legacy.kid]);
    expect(await verifyArchive(legacy.oldJws, jwks.keys[0]!)).toEqual(legacy.payload);
    const signed = await ring.sign('{"a":1}', { typ: ARCHIVE_TYP, cty: 'json' });
    expect(signed.kid).toBe(legacy.kid);
    // A second replica opening the same store takes the same key, and no other is made.
    const again = await openArchiveKeyring(deps);
    expect((await again.jwks()).keys.map((k) => k.kid)).toEqual([legacy.kid]);
    expect(await db.archiveKeys.count({})).toBe(1);
    await store.close();
  });

  it('EUP-14 after a restart on a store with a pre-keyring key, GET archive-keys publishes that key', async () => {
    const legacy = await legacyKey();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'szprot-keys-'));
    const store = createEmbeddedStore({ dir: path.join(dataDir, 'szprot') });
    await openStore(store).keys.insert(legacy.doc);
    await store.close();
    world = await startWorld(w('2025-03-03 09:00'), dataDir);
    const jwks = await world.host.call('szprot.archiveKeys', {});
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual([legacy.kid]);
    expect(await verifyArchive(legacy.oldJws, jwks.keys[0])).toEqual(legacy.payload);
  });

  it('EUP-14 a configured key (SZPROT_ARCHIVE_KEY_PEM) signs and is never stored', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const pem = await exportPKCS8(privateKey);
    const store = createEmbeddedStore({ inMemory: true });
    const db = openStore(store);
    const ring = await openArchiveKeyring({
      archiveKeys: db.archiveKeys,
      legacyKeys: db.keys,
      clock: systemClock,
      logger,
      pem,
    });
    const { d: _d, ...pub } = await exportJWK(privateKey);
    expect((await ring.jwks()).keys.map((k) => k.kid)).toEqual([await calculateJwkThumbprint(pub)]);
    expect(await db.archiveKeys.count({})).toBe(0);
    await store.close();
  });
});
