/**
 * The client against the real embedded platform over HTTP: identity, registry, pki and seap behind
 * the gateway. Every call goes through `fetch`.
 */
import { X509Certificate, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import {
  Profile,
  ProblemError,
  PuescClient,
  TransportError,
  buildCsr,
  generateKeyPair,
  jwsHeader,
  sha256B64u,
  sha256Hex,
  signDocument,
  verifyAuthorityDocument,
  verifyUpo,
  type Receipt,
} from '@puesc/client';
import { FILES } from '../../../packages/client/src/profile';
import { ADMIN, PASSWORD, dds0001, pdfBytes, pesel, startSystem, tempDir, wdeus01, type System } from './support';

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.stop();
});

const problemOf = async (p: Promise<unknown>): Promise<ProblemError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof ProblemError) return e;
    throw e;
  }
  throw new Error('expected a ProblemError, the call succeeded');
};

describe('identity through the client', () => {
  it('ID-01 registers, confirms the e-mail, logs in and reads /me; login before confirmation is refused with the rule', async () => {
    const c = sys.client();
    expect(await c.auth.register('ewa@example.pl', PASSWORD)).toMatchObject({ status: 'pending-verification' });
    const early = await problemOf(c.auth.login('ewa@example.pl', PASSWORD));
    expect(early).toMatchObject({ status: 403, rule: 'ID-01', slug: 'forbidden' });
    const mail = await sys.mailTo('ewa@example.pl', 'verify-email');
    await c.auth.verifyEmail('ewa@example.pl', mail.oneTimeCode!);
    const s = await c.auth.login('ewa@example.pl', PASSWORD);
    expect(s).toMatchObject({ scope: 'basic', personId: null, email: 'ewa@example.pl' });
    expect(s.accessExpiresAt).toBeGreaterThan(Date.now());
    const me = await c.auth.me();
    expect(me).toMatchObject({
      account: { email: 'ewa@example.pl', emailVerified: true },
      person: null,
      scope: 'basic',
    });
  });

  it('refresh rotates the refresh token; presenting the spent one ends the whole session (reuse detection)', async () => {
    const c = await sys.signUp('rotation@example.pl');
    const first = c.session!;
    const second = await c.auth.refresh();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    await c.auth.me(); // the new access token works

    // A stolen copy of the spent refresh token is presented: the platform ends the chain.
    const thief = new PuescClient({ baseUrl: sys.baseUrl, session: first });
    const reuse = await problemOf(thief.auth.refresh());
    expect(reuse.status).toBe(401);
    expect(thief.session).toBeNull();
    // ...so the legitimate holder's current refresh token is dead too.
    const dead = await problemOf(c.auth.refresh());
    expect(dead.status).toBe(401);
    expect(c.session).toBeNull();
    expect((await problemOf(c.auth.me())).status).toBe(401);
  });

  it('concurrent calls with an expiring access token share one refresh (single-flight), persisted through onSession', async () => {
    const base = await sys.signUp('parallel@example.pl');
    const seen: (string | null)[] = [];
    const c = new PuescClient({
      baseUrl: sys.baseUrl,
      // pretend the access token is about to expire
      session: { ...base.session!, accessExpiresAt: Date.now() + 1000 },
      onSession: (s) => void seen.push(s?.refreshToken ?? null),
    });
    const answers = await Promise.all([
      c.auth.me(),
      c.auth.me(),
      c.auth.me(),
      c.persons.pendingScopeRequests().catch((e: ProblemError) => e),
    ]);
    expect(
      answers.slice(0, 3).every((a) => (a as { account: { email: string } }).account.email === 'parallel@example.pl'),
    ).toBe(true);
    expect((answers[3] as ProblemError).status).toBe(403); // not an officer: refused, not logged out
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(c.session!.refreshToken);
    expect(c.session!.refreshToken).not.toBe(base.session!.refreshToken);
  });

  it('logout ends the session on the platform', async () => {
    const c = await sys.signUp('logout@example.pl');
    const s = c.session!;
    await c.auth.logout();
    expect(c.session).toBeNull();
    const other = new PuescClient({ baseUrl: sys.baseUrl, session: s });
    expect((await problemOf(other.auth.refresh())).status).toBe(401);
  });

  it('refusals surface as ProblemError with type, status, rule and field errors', async () => {
    const c = await sys.signUp('problems@example.pl');
    const bad = await problemOf(c.persons.register({ givenNames: 'Jan', surname: 'Kowalski', pesel: '44051401358' }));
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(bad.type).toMatch(/^\/problems\//);
    expect(bad.rule ?? bad.errors.map((e) => e.rule).join()).toMatch(/REG-05/);
    expect(bad.problem.requestId).toEqual(expect.any(String));

    const shape = await problemOf(c.persons.register({ givenNames: '', surname: 'X' }));
    expect(shape).toMatchObject({ status: 400, slug: 'validation' });
    expect(shape.errors.length).toBeGreaterThan(0);

    const anonymous = await problemOf(sys.client().auth.me());
    expect(anonymous).toMatchObject({ status: 401 });

    const wrong = await problemOf(sys.client().auth.login('problems@example.pl', 'not-the-password-at-all'));
    expect(wrong).toMatchObject({ status: 401, slug: 'unauthorized' });
  });

  it('an unreachable platform is a TransportError, not a ProblemError', async () => {
    const c = new PuescClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    await expect(c.seap.listForms()).rejects.toBeInstanceOf(TransportError);
  });
});

describe('registry through the client', () => {
  let owner: PuescClient;
  let companyId: string;

  it('REG-06 public check without login; REG-01/REG-02 a registered company gets its EORI and shows with consent', async () => {
    const anon = sys.client();
    expect(await anon.registry.publicCheck('PL1234563218')).toMatchObject({ registered: false, valid: false });
    const malformed = await anon.registry.publicCheck('1234563219');
    expect(malformed.problem?.rule).toBe('REG-03');

    owner = await sys.extendedClient('owner@example.pl', {
      givenNames: 'Tomasz',
      surname: 'Właściciel',
      pesel: '02211307589',
    });
    const company = await owner.registry.registerCompany({
      name: 'Olej Portowy Sp. z o.o.',
      legalForm: 'limited-liability-company',
      country: 'PL',
      nip: '1234563218',
      krs: '0000123456',
      address: { street: 'ul. Portowa 1', postalCode: '61-001', city: 'Poznań', country: 'PL' },
      contact: { email: 'biuro@olej.example' },
      consentToPublish: true,
      declareByLaw: true,
    });
    expect(company.status).toBe('submitted');
    companyId = company.id;
    const officer = await sys.registrationOfficer();
    const approved = await officer.registry.approveCompany(company.id);
    expect(approved).toMatchObject({ status: 'approved', eori: 'PL123456321800000' });

    const batch = await anon.registry.publicCheckBatch(['PL123456321800000', '1234563218']);
    expect(batch.results).toEqual([
      expect.objectContaining({
        registered: true,
        valid: true,
        eori: 'PL123456321800000',
        name: 'Olej Portowy Sp. z o.o.',
      }),
      expect.objectContaining({ kind: 'nip', registered: true }),
    ]);
    // ID-05: the declared by-law representation is approved with the EORI
    await sys.host.settle();
    const reps = await owner.representations.list();
    expect(reps).toEqual([
      expect.objectContaining({
        kind: 'by-law',
        status: 'approved',
        company: expect.objectContaining({ eori: 'PL123456321800000' }),
      }),
    ]);
  });

  it('ID-07 REG-01 a WDEUS01 is sent on behalf of the company; the UPO names it; the company view lists it (documents.view-all)', async () => {
    const profile = new Profile(tempDir());
    profile.saveKey((await generateKeyPair()).privateKey);
    const cert = await owner.pki.requestCertificate(buildCsr(profile.loadKey()));
    profile.saveCertificate(cert.certificatePem, cert.chainPem!, profile.loadKey());

    // REG-01: without the company context the application cannot be generated
    const alone = await owner.seap.createDraft({
      formCode: 'WDEUS01',
      content: wdeus01('PL123456321800000', 'Olej Portowy Sp. z o.o.'),
    });
    expect(await problemOf(owner.seap.generate(alone.id))).toMatchObject({ status: 400, rule: 'REG-01' });

    const draft = await owner.seap.createDraft({
      formCode: 'WDEUS01',
      companyId,
      content: wdeus01('PL123456321800000', 'Olej Portowy Sp. z o.o.'),
    });
    const g = await owner.seap.generate(draft.id);
    const signed = await signDocument({
      content: Buffer.from(g.canonicalBase64, 'base64'),
      privateKey: profile.loadKey(),
      certificates: profile.loadCertificateChain(),
    });
    const r = await owner.seap.send(g.id, signed.jws, { idempotencyKey: `wdeus01-${g.id}` });
    expect(r.upo.payload).toMatchObject({
      document: { form: 'WDEUS01', purpose: 'grant' },
      onBehalfOf: { companyId, eori: 'PL123456321800000', name: 'Olej Portowy Sp. z o.o.' },
      signature: { method: 'customs-certificate' },
    });
    const company = await owner.seap.listDocuments({ companyId, view: 'company' });
    expect(company.items.map((d) => d.id)).toEqual([g.id]);

    // ID-10: a person without a representation of the company sees none of it
    const stranger = await sys.signUp('stranger@example.pl');
    expect(await problemOf(stranger.seap.listDocuments({ companyId, view: 'company' }))).toMatchObject({
      status: 403,
      rule: 'ID-10',
    });
  });
});

describe('certificate, signature, sending and the UPO', () => {
  let client: PuescClient;
  let profile: Profile;

  beforeAll(async () => {
    client = await sys.extendedClient('jan@example.pl', {
      givenNames: 'Jan',
      surname: 'Kowalski',
      pesel: '44051401359',
    });
    profile = new Profile(tempDir());
  });

  it('ID-03 a basic-scope person cannot get a certificate', async () => {
    const basic = await sys.signUp('basic@example.pl');
    await basic.persons.register({ givenNames: 'Basia', surname: 'Podstawowa', pesel: pesel('1990-07-21', 77, 'F') });
    const { privateKey } = await generateKeyPair();
    const refused = await problemOf(basic.pki.requestCertificate(buildCsr(privateKey)));
    expect(refused).toMatchObject({ status: 403, rule: 'ID-03' });
  });

  it('PKI-01 key and CSR made here; the certificate is stored 0600 with its chain; PKI-02 subject from the registered person', async () => {
    expect(client.session!.scope).toBe('extended');
    const { privateKey } = await generateKeyPair();
    profile.saveKey(privateKey);
    const csr = buildCsr(profile.loadKey(), { commonName: 'Somebody Else', country: 'DE' });
    const cert = await client.pki.requestCertificate(csr);
    expect(cert.status).toBe('valid');
    expect(cert.subject).toMatch(/Kowalski/);
    expect(cert.subject).not.toMatch(/Somebody Else/);
    profile.saveCertificate(cert.certificatePem, cert.chainPem!, profile.loadKey());
    for (const f of [FILES.key, FILES.certificate, FILES.chain]) expect(profile.mode(f)).toBe(0o600);
    expect(fs.statSync(profile.dir).mode & 0o777).toBe(0o700);
    const chain = profile.loadCertificateChain();
    expect(chain.length).toBeGreaterThanOrEqual(2);
    expect(new X509Certificate(chain[0]!).checkPrivateKey(profile.loadKey())).toBe(true);
    // the private key never went anywhere: the certificate holds only the public key
    expect(new X509Certificate(chain[0]!).publicKey.export({ type: 'spki', format: 'der' })).toEqual(
      createPublicKey(profile.loadKey()).export({ type: 'spki', format: 'der' }),
    );
    const ca = await sys.client().pki.caChain();
    expect(new X509Certificate(chain[0]!).verify(new X509Certificate(ca.issuingCaPem).publicKey)).toBe(true);
    expect(await client.pki.listCertificates()).toEqual([
      expect.objectContaining({ serial: cert.serial, status: 'valid' }),
    ]);
    expect(await sys.client().pki.certificateStatus(cert.serial)).toMatchObject({ status: 'good' });
  });

  let receipt: Receipt;
  let bytes: Buffer;

  it('DOC-03 DOC-05 DOC-08 draft → generate → sign the exact bytes → send with an Idempotency-Key → UPO; the same key answers the same UPO', async () => {
    const forms = await client.seap.listForms();
    expect(forms.map((f) => f.code)).toEqual(expect.arrayContaining(['WDEUS01', 'DDS0001', 'WDWCO001']));
    const form = await client.seap.getForm('DDS0001');
    expect(form.schema).toMatchObject({ required: expect.arrayContaining(['caseRef', 'office']) });

    const draft = await client.seap.createDraft({ formCode: 'DDS0001', content: { caseRef: '' } });
    const saved = await client.seap.saveDraft(draft.id, {
      content: dds0001('PL301000-EUP-2025-000001'),
      version: draft.version,
    });
    const stale = await problemOf(client.seap.saveDraft(draft.id, { content: {}, version: draft.version }));
    expect(stale.status).toBe(409);
    expect(saved.content).toMatchObject({ subject: 'Uzupełnienie wniosku' });

    const g = await client.seap.generate(draft.id);
    bytes = Buffer.from(g.canonicalBase64, 'base64');
    expect(sha256Hex(bytes)).toBe(g.sha256);
    expect(sha256B64u(bytes)).toBe(g.sha256B64u);
    expect(Buffer.from(await client.seap.documentContent(g.id))).toEqual(bytes);
    expect((await client.seap.listToSend()).items.map((d) => d.id)).toContain(g.id);

    const unsigned = await problemOf(client.seap.send(g.id, ''));
    expect(unsigned).toMatchObject({ rule: 'DOC-03' });

    const signed = await signDocument({
      content: bytes,
      privateKey: profile.loadKey(),
      certificates: profile.loadCertificateChain(),
    });
    expect(jwsHeader(signed.jws)).toMatchObject({ alg: 'ES256', 'x-content-sha256': g.sha256B64u, iat: signed.iat });
    // the platform's own verifier (pki.verifySignature over HTTP) accepts it as a customs certificate signature
    const v = await client.pki.verifySignature(signed.jws, { content: bytes });
    expect(v).toMatchObject({ valid: true, method: 'customs-certificate', profile: 'puesc-jades-compact-v1' });
    // and says so when the bytes are not the signed ones
    const other = await client.pki.verifySignature(signed.jws, { content: Buffer.concat([bytes, Buffer.from(' ')]) });
    expect(other).toMatchObject({ valid: false, reason: 'digest-mismatch' });

    const key = `send-${g.id}`;
    receipt = await client.seap.send(g.id, signed.jws, { idempotencyKey: key });
    expect(receipt).toMatchObject({ duplicate: false, replayed: false, document: { id: g.id, status: 'received' } });
    expect(receipt.upo.payload).toMatchObject({
      schema: 'puesc-upo-v1',
      document: { id: g.id, sha256: g.sha256, form: 'DDS0001' },
      authority: { code: 'PL301000', name: expect.stringMatching(/^Naczelnik/) },
      signature: { method: 'customs-certificate' },
      submitter: { personId: client.session!.personId },
    });

    const again = await client.seap.send(g.id, signed.jws, { idempotencyKey: key });
    expect(again.upo).toEqual(receipt.upo);
    expect(again.replayed).toBe(true);
    const reused = await problemOf(client.seap.send('someone-elses-document', signed.jws, { idempotencyKey: key }));
    expect(reused.status).toBe(422);
    expect(await client.seap.getUpo(g.id)).toEqual(receipt.upo);
  });

  it('DOC-05 the UPO verifies OFFLINE with only the published JWKS; a tampered UPO or other document bytes fail', async () => {
    const jwks = await sys.client().seap.upoJwks();
    expect(jwks.keys.every((k) => !('d' in k))).toBe(true);

    const ok = await verifyUpo(receipt.upo, { jwks, document: bytes });
    expect(ok).toMatchObject({
      valid: true,
      kid: receipt.upo.kid,
      document: { matches: true, sha256: receipt.upo.payload.document.sha256 },
    });
    expect(await verifyUpo(JSON.stringify(receipt), { jwks })).toMatchObject({ valid: true });

    const [h, p, s] = receipt.upo.jws.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    payload.receivedAt = '2020-01-01T00:00:00.000Z';
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect(await verifyUpo(tampered, { jwks })).toMatchObject({ valid: false, reason: 'bad-signature' });

    const wrongDoc = await verifyUpo(receipt.upo.jws, {
      jwks,
      document: Buffer.concat([bytes, Buffer.from('\n')]),
    });
    expect(wrongDoc).toMatchObject({ valid: false, reason: 'document-mismatch', document: { matches: false } });

    // the platform's own verifier agrees
    expect(await sys.client().seap.verifyUpoOnline(receipt.upo.jws, bytes)).toMatchObject({
      valid: true,
      documentMatches: true,
    });
    expect(await sys.client().seap.verifyUpoOnline(tampered)).toMatchObject({ valid: false, reason: 'bad-signature' });
  });

  it('DOC-02 documents list, cases, UPO PDF', async () => {
    const page = await client.seap.listDocuments({ limit: 10 });
    expect(page.items).toEqual([
      expect.objectContaining({ id: receipt.document.id, status: 'received', upoId: receipt.upo.id }),
    ]);
    expect((await client.seap.listDocuments({ status: 'generated' })).total).toBe(0);
    const cases = await client.seap.listCases();
    expect(cases.map((c) => c.caseRef)).toContain('PL301000-EUP-2025-000001');
    const pdf = await client.seap.getUpoPdf(receipt.document.id);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await client.seap.getDocument(receipt.document.id);
    expect(doc.content).toMatchObject({ caseRef: 'PL301000-EUP-2025-000001' });
  });

  it('DOC-04 attachments: a PDF is uploaded, listed on the draft and downloaded; a non-PDF is refused', async () => {
    const draft = await client.seap.createDraft({ formCode: 'DDS0001', content: dds0001('PL301000-EUP-2025-000002') });
    const pdf = pdfBytes(3000);
    const a = await client.seap.uploadAttachment(draft.id, { kind: 'other', data: pdf, fileName: 'karta.pdf' });
    expect(a).toMatchObject({
      name: 'karta.pdf',
      size: pdf.length,
      sha256: sha256Hex(pdf),
      mediaType: 'application/pdf',
    });
    expect((await client.seap.getDraft(draft.id)).attachments).toEqual([expect.objectContaining({ id: a.id })]);
    expect(Buffer.from(await client.seap.downloadAttachment(a.id))).toEqual(pdf);
    const notPdf = await problemOf(
      client.seap.uploadAttachment(draft.id, { kind: 'other', data: Buffer.from('hello'), fileName: 'x.pdf' }),
    );
    expect(notPdf.rule).toBe('DOC-04');
    await client.seap.removeAttachment(draft.id, a.id);
    expect((await client.seap.getDraft(draft.id)).attachments).toEqual([]);
    await client.seap.discardDraft(draft.id);
    expect((await problemOf(client.seap.getDraft(draft.id))).status).toBe(404);
  });

  it('DOC-06 a document from the authority: opened through the client, its platform signature verified offline', async () => {
    const out = await sys.host.call<{ documentId: string }>('seap.deliverDocument', {
      kind: 'information',
      title: 'Informacja o sprawie',
      recipient: { accountId: (await client.auth.me()).account.accountId },
      caseRef: 'PL301000-EUP-2025-000001',
      content: { text: 'Sprawa jest w toku.' },
      issuer: { service: 'szprot', office: 'PL301000' },
    });
    const page = await client.seap.listDocuments({ origin: 'authority' });
    expect(page.items.map((d) => d.id)).toContain(out.documentId);
    const opened = await client.seap.getDocument(out.documentId);
    expect(opened).toMatchObject({ status: 'delivered', delivery: { deemed: false } });
    const jwks = await sys.client().seap.upoJwks();
    const v = await verifyAuthorityDocument(opened.signature!, { jwks, content: opened.content! });
    expect(v).toMatchObject({ valid: true, document: { documentId: out.documentId, kind: 'information' } });
    const forged = await verifyAuthorityDocument(opened.signature!, {
      jwks,
      content: { text: 'Sprawa zakończona.' },
    });
    expect(forged).toMatchObject({ valid: false, reason: 'document-mismatch' });
  });

  it('PKI-03 the holder revokes the certificate; the CRL lists it; a signature by it is refused on sending', async () => {
    const [cert] = await client.pki.listCertificates();
    const revoked = await client.pki.revokeCertificate(cert!.serial, 'keyCompromise');
    expect(revoked).toMatchObject({ status: 'revoked', revocationReason: 'keyCompromise' });
    expect(await sys.client().pki.certificateStatus(cert!.serial)).toMatchObject({ status: 'revoked' });
    const crl = await sys.client().pki.crlJson();
    expect(crl.revoked.map((r) => r.serial)).toContain(cert!.serial);
    expect((await sys.client().pki.crlDer()).byteLength).toBeGreaterThan(100);
    expect(await sys.client().pki.crlPem()).toMatch(/BEGIN X509 CRL/);

    const draft = await client.seap.createDraft({ formCode: 'DDS0001', content: dds0001('PL301000-EUP-2025-000003') });
    const g = await client.seap.generate(draft.id);
    const signed = await signDocument({
      content: Buffer.from(g.canonicalBase64, 'base64'),
      privateKey: profile.loadKey(),
      certificates: profile.loadCertificateChain(),
    });
    const refused = await problemOf(client.seap.send(g.id, signed.jws, { idempotencyKey: `send-${g.id}` }));
    expect(refused).toMatchObject({ status: 422, rule: 'DOC-03' });
  });

  it('the administrator is a platform user like any other (ADMIN_EMAIL), and officers list', async () => {
    const admin = sys.client();
    await admin.auth.login(ADMIN.email, ADMIN.password);
    expect(admin.session!.roles).toContain('admin');
    const officers = await admin.admin.listOfficers();
    expect(officers.some((o) => o.roles.includes('registration-officer'))).toBe(true);
  });
});
