export { Keyring, type KeyringOptions, type KeyView, type SignHeader, type RotationReason } from './keyring';
export {
  type KeyState,
  type KeyPolicy,
  type KeyStatus,
  keyStatuses,
  currentKey,
  publishedKeys,
  destroyableKeys,
  rotationDue,
  nextGeneration,
} from './schedule';
export { type KeyStore, memoryKeyStore, collectionKeyStore, keyCollectionSpec, configuredKeyStore } from './keyStore';
export { verifyJws, kidOf, type VerifyOptions, type VerifyOutcome, type VerifyFailure } from './jws';
export { type KeyRecord, type StoredKey, type PublicJwk, type JwkSet, keyIdOf, publicJwkOf } from './keyRecord';
export { generateKey, keyFromPem, openPrivateKey, sealPrivateKey } from './privateKeys';
