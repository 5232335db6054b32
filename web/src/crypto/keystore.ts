/**
 * Private keys made in this browser (PKI-01: the key never leaves the client). WebCrypto generates
 * them non-extractable, so not even this page's scripts can read the key bytes, and they are kept
 * in IndexedDB as CryptoKey objects, which the browser stores without exposing them. Clearing the
 * site's data deletes them: the certificate then cannot sign any more and a new key and
 * certificate are needed (the old certificate should be revoked).
 */

export type KeyPurpose = 'customs' | 'qualified-test';

export interface StoredKey {
  /** `<purpose>:<accountId>`: one key per purpose and account in this browser. */
  id: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  createdAt: string;
  certificatePem?: string;
  chainPem?: string;
  serial?: string;
}

const DB = 'puesc-keys';
const STORE = 'keys';
export const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB is not available'));
  });
}

async function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? req.error);
      tx.onabort = () => reject(tx.error ?? new Error('aborted'));
    });
  } finally {
    db.close();
  }
}

export const keyId = (purpose: KeyPurpose, accountId: string): string => `${purpose}:${accountId}`;

export const loadKey = (id: string): Promise<StoredKey | undefined> =>
  run('readonly', (s) => s.get(id) as IDBRequest<StoredKey | undefined>);

export const saveKey = (k: StoredKey): Promise<unknown> => run('readwrite', (s) => s.put(k));

export const deleteKey = (id: string): Promise<unknown> => run('readwrite', (s) => s.delete(id));

/** A new EC P-256 key pair whose private half can sign but never be exported. */
export async function generateKey(id: string): Promise<StoredKey> {
  const pair = (await crypto.subtle.generateKey(EC, false, ['sign', 'verify'])) as CryptoKeyPair;
  const k: StoredKey = {
    id,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    createdAt: new Date().toISOString(),
  };
  await saveKey(k);
  return k;
}
