import type { TestHost } from '@puesc/testkit';
import {
  ACME,
  anna,
  bob,
  bytesOf,
  carl,
  certify,
  dds0001,
  dora,
  draftAndGenerate,
  grant,
  registrationOfficer,
  revokeGrant,
  sendSigned,
  sign,
  startSeapHost,
  trustedProfile,
  wdeus01,
  type Receipt,
  type Signer,
} from './harness';

let host: TestHost;
let annaKey: Signer;
let bobKey: Signer;
beforeAll(async () => {
  host = await startSeapHost();
  [annaKey, bobKey] = await Promise.all([certify(host, anna), certify(host, bob)]);
});
afterAll(() => host?.stop());

const send = (u: typeof anna, id: string, signature?: string) =>
  host.call<Receipt>('seap.sendDocument', { id, ...(signature !== undefined ? { signature } : {}) }, u);

describe('DOC-03 a document is sent only signed, over its exact bytes, within the sender’s permissions', () => {
  it('DOC-03 sends a document signed with a customs certificate and answers the UPO', async () => {
    const g = await draftAndGenerate(host, anna, 'WDEUS01', wdeus01(), ACME.id);
    const r = await sendSigned(host, anna, annaKey, g);
    expect(r.duplicate).toBe(false);
    expect(r.document).toMatchObject({ id: g.id, status: 'received' });
    expect(r.upo.payload.signature).toMatchObject({
      method: 'customs-certificate',
      signer: 'Anna Nowak',
      certificateSerial: annaKey.serial,
    });
    // it is no longer "to send"
    expect(
      (await host.call<{ items: { id: string }[] }>('seap.listToSend', { companyId: ACME.id }, anna)).items.map(
        (x) => x.id,
      ),
    ).not.toContain(g.id);
  });

  it('DOC-03 refuses an unsigned document', async () => {
    const g = await draftAndGenerate(host, anna, 'WDEUS01', wdeus01({ remarks: 'unsigned' }), ACME.id);
    await expect(send(anna, g.id)).rejects.toMatchObject({
      code: 422,
      data: { rule: 'DOC-03', extra: { reason: 'unsigned' } },
    });
    await expect(send(anna, g.id, '   ')).rejects.toMatchObject({ code: 422, data: { rule: 'DOC-03' } });
    const still = await host.call<{ status: string }>('seap.getDocument', { id: g.id }, anna);
    expect(still.status).toBe('generated');
  });

  it('DOC-03 refuses a signature over other bytes than the generated document', async () => {
    const g = await draftAndGenerate(host, anna, 'WDEUS01', wdeus01({ remarks: 'original' }), ACME.id);
    const other = Buffer.from(bytesOf(g).toString('utf8').replace('original', 'changed!'));
    const signature = await sign(host, annaKey, other);
    await expect(send(anna, g.id, signature)).rejects.toMatchObject({
      code: 422,
      data: { rule: 'DOC-03', extra: { reason: 'digest-mismatch' } },
    });
    // a signature of another generated document does not fit either
    const g2 = await draftAndGenerate(host, anna, 'WDEUS01', wdeus01({ remarks: 'second' }), ACME.id);
    await expect(send(anna, g.id, await sign(host, annaKey, bytesOf(g2)))).rejects.toMatchObject({
      data: { extra: { reason: 'digest-mismatch' } },
    });
    // and garbage is not a signature
    await expect(send(anna, g.id, 'not.a.signature')).rejects.toMatchObject({ code: 422, data: { rule: 'DOC-03' } });
  });

  it('DOC-03 refuses a signature by a revoked certificate (revoked before signing, and revoked before sending)', async () => {
    const revoked = await certify(host, anna);
    await host.call('pki.revokeCertificate', { serial: revoked.serial, reason: 'keyCompromise' }, anna);
    const g = await draftAndGenerate(host, anna, 'WDEUS01', wdeus01({ remarks: 'revoked first' }), ACME.id);
    await expect(sendSigned(host, anna, revoked, g)).rejects.toMatchObject({
      code: 422,
      data: { rule: 'DOC-03', extra: { reason: 'revoked' } },
    });

    // signed while the certificate was good, sent after an officer revoked it: the claimed
    // signing time cannot be trusted over the revocation
    const later = await certify(host, anna);
    const g2 = await draftAndGenerate(host, anna, 'WDEUS01', wdeus01({ remarks: 'revoked later' }), ACME.id);
    const signature = await sign(host, later, bytesOf(g2));
    host.clock.advance(60_000);
    await host.call(
      'pki.revokeCertificate',
      { serial: later.serial, reason: 'privilegeWithdrawn' },
      registrationOfficer,
    );
    await expect(send(anna, g2.id, signature)).rejects.toMatchObject({
      code: 422,
      data: { rule: 'DOC-03', extra: { reason: 'revoked' } },
    });
  });

  it('DOC-03 accepts the trusted profile and records the method', async () => {
    const g = await draftAndGenerate(host, dora, 'DDS0001', dds0001('CASE-TP-1'));
    const r = await send(dora, g.id, await trustedProfile(host, dora, bytesOf(g)));
    expect(r.upo.payload.signature).toMatchObject({
      method: 'trusted-profile',
      signer: 'Dora Zielińska',
      certificateSerial: null,
    });
    expect(r.upo.payload.onBehalfOf).toBeNull();
  });

  it('ID-07 a representative without the submit permission cannot send on the company’s behalf', async () => {
    const carlKey = await certify(host, carl);
    grant(carl, ACME.id, 'szprot.submit');
    const g = await draftAndGenerate(host, carl, 'WDEUS01', wdeus01({ remarks: 'carl' }), ACME.id);
    revokeGrant(carl, ACME.id, 'szprot.submit');
    await expect(sendSigned(host, carl, carlKey, g)).rejects.toMatchObject({ code: 403, data: { rule: 'ID-07' } });

    // the permission is per target service: seap.submit does not send a WDEUS01 (SZPROT)
    grant(carl, ACME.id, 'seap.submit');
    await expect(sendSigned(host, carl, carlKey, g)).rejects.toMatchObject({ code: 403, data: { rule: 'ID-07' } });
    const dds = await draftAndGenerate(host, carl, 'DDS0001', dds0001('CASE-C-1'), ACME.id);
    await expect(sendSigned(host, carl, carlKey, dds)).resolves.toMatchObject({ document: { status: 'received' } });
    revokeGrant(carl, ACME.id, 'seap.submit');

    // a permission withdrawn between generating and sending counts at sending
    const g2 = await draftAndGenerate(host, bob, 'WDEUS01', wdeus01({ remarks: 'bob' }), ACME.id);
    revokeGrant(bob, ACME.id, 'szprot.submit');
    await expect(sendSigned(host, bob, bobKey, g2)).rejects.toMatchObject({ code: 403, data: { rule: 'ID-07' } });
    grant(bob, ACME.id, 'szprot.submit');
    await expect(sendSigned(host, bob, bobKey, g2)).resolves.toMatchObject({ document: { status: 'received' } });
  });

  it('DOC-03 only the author sends a generated document, with extended scope', async () => {
    const g = await draftAndGenerate(host, anna, 'WDEUS01', wdeus01({ remarks: 'mine' }), ACME.id);
    await expect(sendSigned(host, bob, bobKey, g)).rejects.toMatchObject({ code: 404 });
    await expect(
      host.call('seap.sendDocument', { id: g.id, signature: 'x' }, { ...anna, scope: 'basic' }),
    ).rejects.toMatchObject({
      code: 403,
      data: { rule: 'ID-03' },
    });
  });
});
