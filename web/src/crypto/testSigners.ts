/**
 * The signing methods demo mode adds (PKI-05 with TEST trust anchors, docs/pki.md): a TEST
 * qualified certificate for a key made here, and a TEST trusted-profile assertion. Outside demo
 * mode these routes do not exist and the pages do not offer them.
 */
import { api } from '../api/http';
import { platformSeconds } from '../api/clock';
import { buildCsr } from './csr';
import { generateKey, keyId, loadKey, saveKey } from './keystore';
import { digestOf, signBytes } from './sign';

export type SignMethod = 'customs-certificate' | 'qualified-test' | 'trusted-profile-test';

/** A signature with the TEST qualified certificate; the key is made once per account, in this browser. */
export async function signWithTestQualified(
  accountId: string,
  name: string,
  content: Uint8Array | string,
  cty?: string,
): Promise<string> {
  const id = keyId('qualified-test', accountId);
  let key = await loadKey(id);
  if (!key?.chainPem) {
    key ??= await generateKey(id);
    const qc = await api.post<'/api/v1/pki/test/qualified-certificates', { certificatePem: string; chainPem: string }>(
      '/api/v1/pki/test/qualified-certificates',
      { body: { csr: await buildCsr(key, name) } },
    );
    key = { ...key, certificatePem: qc.certificatePem, chainPem: `${qc.certificatePem}\n${qc.chainPem}` };
    await saveKey(key);
  }
  return (await signBytes({ content, key, chainPem: key.chainPem!, iat: await platformSeconds(), cty })).jws;
}

/** A TEST trusted-profile assertion over the content's digest (the provider signs it, not this browser). */
export async function signWithTestTrustedProfile(content: Uint8Array | string): Promise<string> {
  const r = await api.post<'/api/v1/pki/test/trusted-profile-assertions', { jws: string }>(
    '/api/v1/pki/test/trusted-profile-assertions',
    { body: { contentSha256: await digestOf(content) } },
  );
  return r.jws;
}
