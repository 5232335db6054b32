/**
 * The pki's byte-level work: DER/ASN.1, keys, names, X.509 certificates, PKCS#10 requests, CRLs,
 * the CA and the trust anchors, JWS signing and the evidence a signature gives. The rules these
 * serve are in domain/.
 */
export * from './asn1';
export * from './keys';
export * from './names';
export * from './x509';
export * from './serials';
export * from './csr';
export * from './ca';
export * from './customsCertificate';
export * from './crl';
export * from './legacyKeys';
export * from './trust';
export * from './jades';
export * from './jws';
export * from './signatureEvidence';
