/** The pki's rules (PKI-01..PKI-05, ID-02, ID-03): pure decisions, no bytes, no I/O. */
export * from './subject';
export * from './keyPolicy';
export * from './issuance';
export * from './revocation';
export * from './legacyKeys';
export * from './signatureProfile';
export * from './signatures';
