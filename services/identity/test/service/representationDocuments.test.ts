import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { Caller } from '@puesc/service';
import { makePesel } from '../fixtures';
import type { IdentityDeps } from '../../src/app/deps';
import { assertOwnDocuments, bindDocuments } from '../../src/app/representationDocuments';
import { refusal, startIdentity, type IdentityHarness } from './harness';

let h: IdentityHarness;
let officer: Caller;
let boss: Caller; // by-law representative of ACME (company.manage)
let clerk: Caller; // asks to be ACME's employee-attorney
let stranger: Caller;
/** The service's documents collection, bound for the check called directly. */
const d = {} as IdentityDeps;
const acme = {
  id: 'co-docs-acme',
  status: 'approved',
  eori: 'PL123456321800000',
  data: { name: 'ACME sp. z o.o.', nip: '1234563218' },
};

async function pdf(withJavaScript = false): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  if (withJavaScript)
    doc.catalog.set(
      PDFName.of('OpenAction'),
      doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("hi")') }),
    );
  return Buffer.from(await doc.save());
}

type Uploaded = { ref: string; name: string; size: number; sha256: string; kind: string };

/** Calls the upload as the gateway does: the file as stream params, the text fields in meta. */
const upload = (u: Caller, bytes: Buffer, kind: string, filename = 'upowaznienie.pdf') =>
  h.host.broker.call('identity.uploadRepresentationDocument', Readable.from([bytes]), {
    meta: { user: u, $multipart: { kind }, $params: {}, $file: { fieldname: 'file', filename } },
  }) as Promise<Uploaded>;

async function download(u: Caller, ref: string): Promise<{ bytes: Buffer; meta: Record<string, any> }> {
  const meta: Record<string, any> = { user: u };
  const stream = (await h.host.broker.call('identity.getRepresentationDocument', { ref }, { meta })) as Readable;
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c as Uint8Array));
  return { bytes: Buffer.concat(parts), meta };
}

async function person(email: string, givenNames: string, pesel: string): Promise<Caller> {
  const { caller } = await h.signUp(email);
  await h.host.call('identity.registerPerson', { givenNames, surname: 'Testowy', pesel }, caller);
  return h.callerOf((await h.login(email)).accessToken);
}

beforeAll(async () => {
  h = await startIdentity();
  h.company(acme);
  bindDocuments(d, h.host.stores.get('identity')!);
  officer = await h.officer('registration-docs@mf.gov.pl', 'registration-officer', 'PL301000');
  boss = await person('boss@docs.pl', 'Bogdan', makePesel('1970-01-01', 'M', 311));
  clerk = await person('clerk@docs.pl', 'Celina', makePesel('1990-05-05', 'F', 322));
  stranger = await person('stranger@docs.pl', 'Stefan', makePesel('1985-03-03', 'M', 333));
  await h.host
    .call(
      'identity.requestRepresentation',
      { companyId: acme.id, kind: 'by-law', permissions: ['company.manage', 'seap.submit'] },
      boss,
    )
    .then((r) => h.host.call('identity.approveRepresentation', { id: (r as { id: string }).id }, officer));
});
afterAll(() => h.stop());

describe('identity: the PDFs of a representation request (ID-05, ID-06, DOC-04)', () => {
  it('DOC-04 stores an uploaded PDF with its SHA-256 and a normalised name, and gives it back byte for byte', async () => {
    const bytes = await pdf();
    const a = await upload(clerk, bytes, 'authorisation', 'C:\\skany\\..\\Upoważnienie\u202e "ACME".PDF');
    expect(a).toEqual({
      ref: expect.stringMatching(/^rdoc-/),
      name: 'Upoważnienie _ACME_.pdf',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      kind: 'authorisation',
    });
    const back = await download(clerk, a.ref);
    expect(back.bytes.equals(bytes)).toBe(true);
    expect(back.meta['$responseType']).toBe('application/pdf');
    expect(back.meta['$responseHeaders']['x-content-sha256']).toBe(a.sha256);
  });

  it('DOC-04 refuses a file that is not a PDF, with the reason', async () => {
    const r = await refusal(upload(clerk, Buffer.from('PK\x03\x04 a zip renamed .pdf %%EOF'), 'stamp-duty'));
    expect(r).toMatchObject({ status: 422, rule: 'DOC-04', message: expect.stringContaining('%PDF-') });
  });

  it('DOC-04 refuses a PDF carrying JavaScript, with the reason', async () => {
    const r = await refusal(upload(clerk, await pdf(true), 'authorisation'));
    expect(r).toMatchObject({ status: 422, rule: 'DOC-04', message: expect.stringContaining('JavaScript') });
  });

  it('DOC-04 refuses a PDF/HTML polyglot and a file over 10 MB', async () => {
    const polyglot = Buffer.concat([await pdf(), Buffer.from('<html><script>alert(1)</script></html>\n%%EOF\n')]);
    expect(await refusal(upload(clerk, polyglot, 'authorisation'))).toMatchObject({
      status: 422,
      message: expect.stringContaining('HTML'),
    });
    const big = Buffer.concat([await pdf(), Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    expect(await refusal(upload(clerk, big, 'authorisation'))).toMatchObject({ status: 413, rule: 'DOC-04' });
  });

  it('DOC-04 refuses an upload without its kind', async () => {
    const r = await refusal(upload(clerk, await pdf(), 'power-of-attorney'));
    expect(r.status).toBe(400);
  });

  // The check a request's refs go through (app/representations.ts is to call it: see docs/identity.md).
  const check = (accountId: string, documents: object, unchanged?: object) =>
    assertOwnDocuments(d, accountId, documents as never, unchanged as never);

  it('ID-06 refuses an authorisation ref that names a stamp-duty document (the other kind), naming the field', async () => {
    const duty = await upload(clerk, await pdf(), 'stamp-duty', 'oplata.pdf');
    const r = await refusal(check(clerk.id, { authorisation: { form: 'pdf', ref: duty.ref } }));
    expect(r).toMatchObject({ status: 400, rule: 'ID-06' });
    expect(r.data).toMatchObject({ errors: [{ field: 'documents.authorisation.ref', rule: 'ID-06' }] });
  });

  it('ID-05 refuses a stamp-duty ref uploaded by another account, one of the other kind, and one that names nothing', async () => {
    const auth = await upload(clerk, await pdf(), 'authorisation');
    const strangers = await upload(stranger, await pdf(), 'stamp-duty');
    const field = { errors: [{ field: 'documents.stampDuty.ref', rule: 'ID-05' }] };
    for (const ref of [strangers.ref, auth.ref, 'att-made-up'])
      expect(
        await refusal(
          check(clerk.id, { authorisation: { form: 'pdf', ref: auth.ref }, stampDuty: { ref, amountPln: 17 } }),
        ),
      ).toMatchObject({ status: 400, rule: 'ID-05', data: field });
  });

  it("ID-05/ID-06 accepts the account's own documents of the right kinds, and does not check again refs already recorded", async () => {
    const auth = await upload(clerk, await pdf(), 'authorisation');
    const duty = await upload(clerk, await pdf(), 'stamp-duty');
    const docs = { authorisation: { form: 'pdf', ref: auth.ref }, stampDuty: { ref: duty.ref, amountPln: 17 } };
    await expect(check(clerk.id, docs)).resolves.toBeUndefined();
    await expect(check(clerk.id, { authorisation: { form: 'paper' } })).resolves.toBeUndefined();
    const old = { stampDuty: { ref: 'att-recorded-before', amountPln: 17 } };
    await expect(check(clerk.id, old, old)).resolves.toBeUndefined();
  });

  it('ID-10 the uploader, a manager of a company whose representation names it and a registration officer read a document; others get 404', async () => {
    const auth = await upload(clerk, await pdf(), 'authorisation');
    const duty = await upload(clerk, await pdf(), 'stamp-duty');
    expect(await refusal(download(boss, auth.ref))).toMatchObject({ status: 404 }); // not named by ACME yet
    const r = await h.host.call<{ status: string }>(
      'identity.requestRepresentation',
      {
        companyId: acme.id,
        kind: 'employee-attorney',
        permissions: ['seap.submit'],
        documents: { authorisation: { form: 'pdf', ref: auth.ref }, stampDuty: { ref: duty.ref, amountPln: 17 } },
      },
      clerk,
    );
    expect(r.status).toBe('requested');
    expect((await download(clerk, duty.ref)).bytes.length).toBe(duty.size);
    const byManager = await download(boss, auth.ref);
    expect(byManager.bytes.length).toBe(auth.size);
    expect(byManager.meta['audit']).toEqual({
      companyId: acme.id,
      object: { kind: 'representation-document', id: auth.ref },
      action: 'read',
    });
    expect((await download(officer, auth.ref)).bytes.length).toBe(auth.size);
    expect(await refusal(download(stranger, auth.ref))).toMatchObject({ status: 404 });
    expect(await refusal(download(stranger, 'rdoc-none'))).toMatchObject({ status: 404 });
  });
});
