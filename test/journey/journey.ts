/**
 * The whole journey of issue 10, over HTTP with the client kit (`@puesc/client`), as an integrator
 * and the officers would walk it: written once, run against the embedded platform and against the
 * distributed one (journey.test.ts).
 *
 * Actors: a new client (Ewa Nowicka) created here from scratch, and the demo personas seeded by
 * DEMO_MODE (administrator, registration officer, case officer of PL301000, the customs agency
 * employee). Deadlines pass with the administrator's demo clock endpoint.
 *
 * Timeline (platform days from the first application, T):
 *   T     WDEUS01 (A) → UPO → call to complete
 *   T+2   DDS0001 completes A → accepted → hearing → response → permit → records → amendment (pre-fill)
 *   T+2   WDEUS01 (B, C) → accepted → no refusal before the hearing → hearing → response → refusals, opened
 *   T+5   appeal against B: in time
 *   last day of C's appeal + 1 ("day 15"): appeal against C refused, with the last day shown
 *   after the permit's last day: closure, bill of discharge, guarantee released
 */
import {
  ProblemError,
  PuescClient,
  buildCsr,
  generateKeyPair,
  signDocument,
  verifyAuthorityDocument,
  verifyUpo,
  SZPROT_ROUTES,
  type DocumentView,
  type JsonObject,
  type Jwks,
  type Receipt,
} from '@puesc/client';
import { domain as szprotDomain } from '@puesc/szprot';
import { codeOf, mailFiles, waitForMail, type Platform } from './platform';

const { addDays, localDateOf, warsawInstant } = szprotDomain;

/** The demo personas (platform/src/demo/personas.ts; docs/demo.md). */
export const DEMO = {
  password: 'Zielony-Kasztan-Celny-2047',
  admin: 'admin@puesc-demo.test',
  registrationOfficer: 'rejestracja@puesc-demo.test',
  caseOfficer: 'urzednik.poznan@puesc-demo.test',
  agent: 'piotr.wisniewski@puesc-demo.test',
  office: 'PL301000',
};

const OFFICE = DEMO.office;
const PASSWORD = 'plum-orchard-window-77';
const PERSON = { givenNames: 'Ewa', surname: 'Nowicka', pesel: '78110534568' };
const COMPANY = {
  name: 'Olejarnia Warta sp. z o.o.',
  legalForm: 'limited-liability-company' as const,
  country: 'PL',
  nip: '9512387656',
  krs: '0000777123',
  address: { street: 'ul. Składowa 1', postalCode: '61-001', city: 'Poznań', country: 'PL' },
  contact: { email: 'biuro@warta.example' },
  consentToPublish: true,
};
const EORI = 'PL951238765600000';
const FULL_ATTACHMENTS = ['guarantee', 'no-infringements-statement', 'sample-record-card', 'goods-list'];
const GUARANTEE = {
  currency: 'PLN',
  perEur: 4.25,
  duty: { normal: 1_200_000, endUse: 0 },
  vat: { normal: 2_300_000, endUse: 2_000_000 },
};
/** A minimal one-page PDF (DOC-04 parses it: a catalog, a page tree and one page). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `fn` answers something truthy (asynchronous effects travel as durable events). */
async function eventually<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${describe(last)}` : ''}`);
    await sleep(150);
  }
}

function describe(e: unknown): string {
  if (e instanceof ProblemError)
    return `${e.status} ${e.slug} ${e.rule ?? ''} ${e.detail ?? ''} ${JSON.stringify(e.errors)}`;
  return String((e as Error)?.message ?? e);
}

async function problemOf(p: Promise<unknown>): Promise<ProblemError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ProblemError) return e;
    throw e;
  }
  throw new Error('expected a refusal, the call succeeded');
}

interface Persona {
  email: string;
  password: string;
  client: PuescClient;
  login(): Promise<void>;
}

type Case = JsonObject & {
  caseId: string;
  status: string;
  permitNumber?: string | null;
  deadlines: Array<{ kind: string; rule: string; owner: string; left: { lastDay: string; dueAt: string } }>;
  documents: Array<{ id: string; kind: string; body?: JsonObject; deliveredAt?: string | null }>;
  hearing?: { documentId: string; response?: unknown } | null;
  findings?: Array<{ code: string }>;
};

export function defineJourney(platform: () => Platform): void {
  let failed: string | null = null;
  /** One step of the journey; once a step fails, the later ones report that instead of failing obscurely. */
  const step = (name: string, fn: () => Promise<void>, timeoutMs = 90_000) =>
    it(
      name,
      async () => {
        if (failed) throw new Error(`not run: the earlier step "${failed}" failed`);
        try {
          await fn();
        } catch (e) {
          failed = name;
          const p = platform();
          throw new Error(
            `${describe(e)}\n${(e as Error)?.stack ?? ''}\n--- platform output (tail) ---\n${p.logs().slice(-3000)}`,
          );
        }
      },
      timeoutMs,
    );

  // ---- state shared by the steps ----------------------------------------------------------------
  let anon: PuescClient;
  let admin: Persona;
  let registrar: Persona;
  let officer: Persona;
  let agent: Persona;
  let ewa: Persona;
  let email: string;
  let companyId: string;
  let signer: { privateKey: import('node:crypto').KeyObject; chain: string };
  let jwks: Jwks;
  let caseA: string;
  let caseB: string;
  let caseC: string;
  let permitNumber: string;
  let callDocumentId: string;
  const entries: JsonObject[] = [];

  const persona = (email: string, password: string): Persona => {
    const client = new PuescClient({ baseUrl: platform().baseUrl });
    return { email, password, client, login: async () => void (await client.auth.login(email, password)) };
  };

  // ---- the platform clock (demo mode) -------------------------------------------------------------
  const platformNow = async (): Promise<Date> =>
    new Date(
      (await anon.http.request<{ now: string }>({ method: 'GET', path: '/api/v1/system/clock', auth: 'none' })).now,
    );
  const today = async () => localDateOf(await platformNow());
  const relogin = async () => {
    for (const p of [admin, registrar, officer, agent, ewa]) if (p) await p.login();
  };
  /** The administrator moves the clock (demo mode only); sessions are renewed as a user would log in again. */
  const advanceTo = async (to: Date) => {
    const ms = to.getTime() - (await platformNow()).getTime();
    if (ms > 60_000) {
      const minutes = Math.ceil(ms / 60_000);
      const moved = await admin.client.http.request<{ now: string }>({
        method: 'POST',
        path: '/api/v1/system/clock/advance',
        auth: 'user',
        body: { minutes },
      });
      expect(Date.parse(moved.now)).toBeGreaterThanOrEqual(to.getTime());
      await relogin();
    }
  };
  /** To a Warsaw wall time `days` calendar days from the platform's today. */
  const advanceDays = async (days: number, hh = 10) => advanceTo(warsawInstant(addDays(await today(), days), hh, 0));

  // ---- seap: draft → generate → sign → send → UPO ---------------------------------------------------
  const submit = async (
    who: Persona,
    formCode: 'WDEUS01' | 'DDS0001' | 'WDWCO001',
    content: JsonObject,
    attachments: string[] = [],
  ): Promise<{ receipt: Receipt; bytes: Buffer }> => {
    const draft = await who.client.seap.createDraft({ formCode, companyId, content });
    for (const kind of attachments)
      await who.client.seap.uploadAttachment(draft.id, { kind, data: PDF, fileName: `${kind}.pdf` });
    const doc = await who.client.seap.generate(draft.id);
    const bytes = Buffer.from(doc.canonicalBase64, 'base64');
    // The signing time is the platform's (its clock may have been moved forward in demo mode).
    const iat = Math.floor((await platformNow()).getTime() / 1000);
    const { jws } = await signDocument({
      content: bytes,
      privateKey: signer.privateKey,
      certificates: signer.chain,
      iat,
    });
    const receipt = await who.client.seap.send(doc.id, jws, { idempotencyKey: `journey-${doc.id}` });
    const check = await verifyUpo(receipt.upo, { jwks, document: bytes });
    if (!check.valid) throw new Error(`UPO of ${formCode} does not verify offline: ${check.reason} ${check.detail}`);
    return { receipt, bytes };
  };

  const officerCase = (caseId: string) => officer.client.szprot.getCase(caseId) as Promise<Case>;
  const clientCase = (caseId: string) => ewa.client.szprot.getCase(caseId) as Promise<Case>;
  const caseUntil = (caseId: string, what: string, pred: (c: Case) => boolean) =>
    eventually(what, async () => {
      const c = await officerCase(caseId);
      return pred(c) ? c : null;
    });
  const caseOf = (applicationDocumentId: string) =>
    eventually(`the case of application ${applicationDocumentId}`, async () => {
      const { cases } = await officer.client.szprot.listCases();
      return cases.find((c) => c['applicationDocumentId'] === applicationDocumentId)?.caseId;
    });
  const deadline = (c: Case, kind: string) => c.deadlines.find((d) => d.kind === kind);

  /**
   * The client opens, in the documents list, the authority's document that carries the case's
   * domain document `domainId` (opening records the delivery, DOC-07); its signature is checked
   * offline with the UPO JWKS.
   */
  const openAuthorityDocument = (caseRef: string, domainId: string): Promise<DocumentView> =>
    eventually(`document ${domainId} in the client's list`, async () => {
      const page = await ewa.client.seap.listDocuments({
        companyId,
        view: 'company',
        origin: 'authority',
        caseRef,
        limit: 100,
      });
      for (const d of page.items) {
        const full = await ewa.client.seap.getDocument(d.id);
        const content = (full as unknown as { content?: JsonObject }).content;
        if (content?.['documentId'] === domainId) {
          const signature = (full as unknown as { signature?: string }).signature;
          if (signature) {
            const v = await verifyAuthorityDocument(signature, { jwks, content: content as never });
            if (!(v as { valid: boolean }).valid) throw new Error(`authority document ${d.id} does not verify offline`);
          }
          return full;
        }
      }
      return null;
    });

  const application = async (): Promise<JsonObject> => ({
    purpose: 'grant',
    applicant: { eori: EORI, name: COMPANY.name, established: 'EU', aeo: false },
    addressedOffice: OFFICE,
    territory: 'PL',
    mainAccountsOffice: OFFICE,
    goods: [
      {
        cnCode: '1511109000',
        description: 'crude palm oil for technical use',
        quantity: 50_000,
        unit: 'kg',
        endUse: 'biodiesel feedstock (CN Part Two, end-use)',
      },
    ],
    placesOfUse: [{ street: 'ul. Składowa 1', postalCode: '61-001', city: 'Poznań', country: 'PL' }],
    supervisingOffice: OFFICE,
    guarantee: { kind: 'general', reference: 'GRN-25PL301000-1' },
    records: { form: 'electronic', location: 'Poznań, ul. Składowa 1' },
    toro: { requested: true, mode: 'TORO-1', scope: 'processing obligations for goods sold to processors' },
    requestedValidityYears: 1,
    contactPerson: { name: `${PERSON.givenNames} ${PERSON.surname}`, email },
    declaration: { truthful: true, place: 'Poznań', date: await today() },
  });

  const dds = (caseRef: string, subject: string, body: string, inReplyTo?: string): JsonObject => ({
    caseRef,
    office: OFFICE,
    subject,
    body,
    ...(inReplyTo ? { inReplyTo } : {}),
  });

  // ==== the steps ====================================================================================

  step(
    'demo personas are seeded: administrator, registration officer and case officer of PL301000 log in',
    async () => {
      anon = new PuescClient({ baseUrl: platform().baseUrl });
      admin = persona(DEMO.admin, DEMO.password);
      registrar = persona(DEMO.registrationOfficer, DEMO.password);
      officer = persona(DEMO.caseOfficer, DEMO.password);
      agent = persona(DEMO.agent, DEMO.password);
      for (const p of [admin, registrar, officer, agent]) await p.login();
      expect(admin.client.session!.roles).toContain('admin');
      expect(registrar.client.session!.roles).toContain('registration-officer');
      expect((await officer.client.auth.me()).account).toMatchObject({
        roles: expect.arrayContaining(['case-officer']),
        office: OFFICE,
      });
      expect(agent.client.session!.scope).toBe('extended');
      const clock = await anon.http.request<{ movable: boolean }>({
        method: 'GET',
        path: '/api/v1/system/clock',
        auth: 'none',
      });
      expect(clock.movable).toBe(true);
      jwks = await anon.seap.upoJwks();
    },
  );

  step('ID-01 account: registered, the e-mailed code confirms the address, then login', async () => {
    email = `ewa.nowicka.${Date.now().toString(36)}@warta.example`;
    ewa = persona(email, PASSWORD);
    const before = mailFiles(platform().mailDir);
    expect(await ewa.client.auth.register(email, PASSWORD)).toMatchObject({ status: 'pending-verification' });
    const early = await problemOf(ewa.client.auth.login(email, PASSWORD));
    expect(early).toMatchObject({ status: 403, rule: 'ID-01' });
    const mail = await waitForMail(platform().mailDir, email, /kod|code/i, { after: before });
    await ewa.client.auth.verifyEmail(email, codeOf(mail));
    await ewa.login();
    expect(ewa.client.session).toMatchObject({ scope: 'basic', personId: null });
  });

  step('ID-02 person registered with PESEL: an ID SISC, carried by the refreshed token', async () => {
    const person = await ewa.client.persons.register({ ...PERSON, citizenship: 'PL' });
    expect(person.personId).toMatch(/^PL\d{12}$/);
    expect(person.scope).toBe('basic');
    const s = await ewa.client.auth.refresh();
    expect(s.personId).toBe(person.personId);
  });

  step(
    'ID-03 ID-04 PKI-05 extended scope by a SIGNED registration request (qualified signature, TEST anchor)',
    async () => {
      // A qualified certificate from the TEST qualified CA (demo/test trust anchors, docs/pki.md);
      // the key is made here and never leaves the client.
      const { privateKey } = await generateKeyPair();
      const qc = await ewa.client.http.request<{ certificatePem: string; chainPem: string; test: boolean }>({
        method: 'POST',
        path: '/api/v1/pki/test/qualified-certificates',
        auth: 'user',
        body: { csr: buildCsr(privateKey, { commonName: 'Ewa Nowicka' }) },
      });
      expect(qc.test).toBe(true);
      const request = await ewa.client.persons.extendedScopeRequestDocument();
      const iat = Math.floor((await platformNow()).getTime() / 1000);
      const { jws } = await signDocument({
        content: request.content,
        privateKey,
        certificates: `${qc.certificatePem}\n${qc.chainPem}`,
        iat,
      });
      const granted = await ewa.client.persons.requestExtendedScopeSigned(jws, request.content);
      expect(granted).toMatchObject({ scope: 'extended', method: 'signature', signatureMethod: 'qualified' });
      expect((await ewa.client.auth.refresh()).scope).toBe('extended');
    },
  );

  step(
    'REG-01 REG-02 REG-06 ID-05 company registered, approved with its EORI; the by-law representation follows',
    async () => {
      const company = await ewa.client.registry.registerCompany({ ...COMPANY, declareByLaw: true });
      expect(company.status).toBe('submitted');
      companyId = company.id;
      const approved = await registrar.client.registry.approveCompany(company.id);
      expect(approved).toMatchObject({ status: 'approved', eori: EORI });
      expect(await anon.registry.publicCheck(EORI)).toMatchObject({
        registered: true,
        valid: true,
        name: COMPANY.name,
      });
      const byLaw = await eventually('the by-law representation approved by the EORI assignment', async () =>
        (await ewa.client.representations.list()).find(
          (r) => r.company.id === companyId && r.kind === 'by-law' && r.status === 'approved',
        ),
      );
      expect(byLaw.permissions).toEqual(expect.arrayContaining(['szprot.submit', 'seap.submit', 'documents.view-all']));
    },
  );

  step(
    'ID-05 ID-06 ID-07 representation: the customs agency employee as indirect customs representative, approved',
    async () => {
      const requested = await agent.client.representations.request({
        companyId,
        kind: 'customs-indirect',
        permissions: ['seap.submit', 'szprot.submit', 'documents.view-own'],
      });
      expect(requested.status).toBe('requested');
      // ID-05/ID-06: without the authorisation and the stamp duty, it cannot be approved.
      const early = await problemOf(registrar.client.representations.approve(requested.id));
      expect(early.status).toBe(422);
      await agent.client.representations.update(requested.id, {
        documents: { authorisation: { form: 'paper' }, stampDuty: { ref: 'OPLATA-2025-0001', amountPln: 17 } },
      });
      const approved = await registrar.client.representations.approve(requested.id, 'paper original received');
      expect(approved).toMatchObject({ status: 'approved', kind: 'customs-indirect' });
    },
  );

  step(
    'PKI-01 PKI-02 customs certificate for a client-side key and CSR; the subject comes from the registered data',
    async () => {
      const { privateKey } = await generateKeyPair();
      const cert = await ewa.client.pki.requestCertificate(buildCsr(privateKey, { commonName: 'Somebody Else' }));
      const { X509Certificate } = await import('node:crypto');
      const x = new X509Certificate(cert.certificatePem);
      expect(x.subject).toMatch(/Nowicka/);
      expect(x.subject).not.toMatch(/Somebody Else/);
      expect(x.checkPrivateKey(privateKey)).toBe(true);
      signer = { privateKey, chain: `${cert.certificatePem}\n${cert.chainPem}` };
    },
  );

  step(
    'DOC-01 DOC-02 DOC-03 DOC-05 DOC-08 WDEUS01: draft, refused generate without a required field, generate, sign, send, UPO verified offline, resend → same UPO',
    async () => {
      const full = await application();
      const { declaration: _d, ...incomplete } = full;
      const draft = await ewa.client.seap.createDraft({ formCode: 'WDEUS01', companyId, content: incomplete });
      for (const kind of ['guarantee', 'no-infringements-statement', 'goods-list'])
        await ewa.client.seap.uploadAttachment(draft.id, { kind, data: PDF, fileName: `${kind}.pdf` });
      const missing = await problemOf(ewa.client.seap.generate(draft.id));
      expect(missing).toMatchObject({ status: 400, rule: 'DOC-01' });
      // Uploads moved the draft on: save over the version read now (a stale one is refused, 409).
      const current = (await ewa.client.seap.getDraft(draft.id)) as unknown as { version: number };
      const saved = await ewa.client.seap.saveDraft(draft.id, { content: full, version: current.version });
      const doc = await ewa.client.seap.generate(saved.id);
      const bytes = Buffer.from(doc.canonicalBase64, 'base64');
      // DOC-03: unsigned is refused.
      expect(await problemOf(ewa.client.seap.send(doc.id, ''))).toMatchObject({ status: expect.any(Number) });
      const iat = Math.floor((await platformNow()).getTime() / 1000);
      const { jws } = await signDocument({
        content: bytes,
        privateKey: signer.privateKey,
        certificates: signer.chain,
        iat,
      });
      const receipt = await ewa.client.seap.send(doc.id, jws, { idempotencyKey: `journey-a-${doc.id}` });
      const check = await verifyUpo(receipt.upo, { jwks, document: bytes });
      expect(check).toMatchObject({ valid: true });
      if (check.valid) {
        expect(check.upo.authority.code).toBe(OFFICE);
        expect(check.upo.document).toMatchObject({ id: doc.id, form: 'WDEUS01' });
        expect(check.upo.onBehalfOf).toMatchObject({ companyId, eori: EORI });
        expect(check.upo.signature).toMatchObject({ method: 'customs-certificate' });
      }
      // A changed byte does not verify (DOC-05).
      const tampered = Buffer.from(bytes);
      tampered[10] = tampered[10]! ^ 1;
      expect(await verifyUpo(receipt.upo, { jwks, document: tampered })).toMatchObject({
        valid: false,
        reason: 'document-mismatch',
      });
      // DOC-08: the same submission again → the same UPO.
      const again = await ewa.client.seap.send(doc.id, jws, { idempotencyKey: `journey-a-${doc.id}` });
      expect(again.upo.id).toBe(receipt.upo.id);
      caseA = await caseOf(doc.id);
    },
  );

  step(
    'EUP-03 DL-04 NOT-01 the case is in the office queue; a call to complete is delivered, e-mailed about, opened and verifies offline (DOC-06, DOC-07)',
    async () => {
      let c = await officerCase(caseA);
      expect(c).toMatchObject({ status: 'received', office: OFFICE });
      expect((c.findings ?? []).map((f) => f.code)).toContain('sample-record-card-missing');
      expect(deadline(c, 'acceptance')).toMatchObject({ rule: 'EUP-03', owner: 'office' });
      const queue = await officer.client.szprot.office.queue();
      expect(queue.items.map((i) => i['caseId'])).toContain(caseA);
      const mailsBefore = mailFiles(platform().mailDir);
      c = (await officer.client.szprot.office.callToComplete(caseA, {
        missing: ['sample record card (EUP-14)'],
        days: 14,
      })) as Case;
      expect(c.status).toBe('awaitingCompletion');
      const call = c.documents.find((d) => d.kind === 'call-to-complete')!;
      const opened = await openAuthorityDocument(caseA, call.id);
      expect(opened).toMatchObject({ kind: 'call-to-complete', caseRef: caseA, origin: 'authority' });
      const mine = await clientCase(caseA);
      expect(mine.deadlines.some((d) => d.rule === 'EUP-03' && d.owner === 'client')).toBe(true);
      // NOT-01: an e-mail says what arrived and where, never the document itself.
      const notice = await waitForMail(platform().mailDir, email, new RegExp(caseA.replace(/[-]/g, '\\-')), {
        after: mailsBefore,
      });
      expect(notice.text).not.toContain('sample record card (EUP-14)');
      callDocumentId = opened.id;
    },
  );

  step('EUP-03 EUP-04 a DDS0001 two days later completes the application; the office accepts it', async () => {
    await advanceDays(2);
    await submit(ewa, 'DDS0001', dds(caseA, 'Uzupełnienie wniosku', 'W załączeniu karta ewidencji.', callDocumentId), [
      'sample-record-card',
    ]);
    await caseUntil(caseA, 'the completion taken in', (c) => c.status === 'completed');
    const c = (await officer.client.szprot.office.accept(caseA)) as Case;
    expect(c.status).toBe('accepted');
    expect(deadline(c, 'decision')).toMatchObject({ rule: 'EUP-04', owner: 'office' });
  });

  step('EUP-06 hearing: the grounds reach the client, who responds with a DDS0001', async () => {
    const c = (await officer.client.szprot.office.hearing(caseA, {
      grounds: 'the supervision of the storage needs clarifying',
    })) as Case;
    expect(c.status).toBe('hearing');
    expect(deadline(c, 'decision')!).toMatchObject({
      extensions: [expect.objectContaining({ rule: 'EUP-06', days: 30 })],
    });
    await openAuthorityDocument(caseA, c.hearing!.documentId);
    const mine = await eventually('the response period running from delivery', async () =>
      deadline(await clientCase(caseA), 'hearing-response'),
    );
    expect(mine).toMatchObject({ rule: 'EUP-06', owner: 'client' });
    await submit(ewa, 'DDS0001', dds(caseA, 'Stanowisko w sprawie', 'A sealed tank is available for supervision.'));
    await caseUntil(caseA, 'the hearing response taken in', (x) => Boolean(x.hearing?.response));
  });

  step(
    'EUP-07 EUP-09 EUP-12 permit issued with number, validity and guarantee terms; delivered and opened',
    async () => {
      const validFrom = await today();
      const c = (await officer.client.szprot.office.issuePermit(caseA, {
        validFrom,
        validityYears: 1,
        guarantee: GUARANTEE,
      })) as Case;
      expect(c.status).toBe('decided');
      permitNumber = c.permitNumber!;
      expect(permitNumber).toMatch(/^PLEUS301000\d{4}\d{6}$/);
      const permit = await eventually('the permit readable by the holder', () =>
        ewa.client.szprot.getPermit(permitNumber),
      );
      expect(permit).toMatchObject({ status: 'active', validFrom, supervisingOffice: OFFICE });
      expect((permit['terms'] as JsonObject)['guarantee']).toMatchObject({ required: 1_200_000 });
      const doc = c.documents.find((d) => d.kind === 'permit')!;
      await openAuthorityDocument(caseA, doc.id);
      const appeal = await eventually('the appeal deadline shown to the client', async () =>
        deadline(await clientCase(caseA), 'appeal'),
      );
      expect(appeal).toMatchObject({ rule: 'EUP-08', owner: 'client' });
    },
  );

  step('EUP-14 record entries; a correction keeps the history and its date; the chain verifies', async () => {
    const at = (await platformNow()).toISOString();
    const record = (n: number, qty: number): JsonObject => ({
      declaration: { mrn: `25PL30100000000${String(n).padStart(3, '0')}`, releasedAt: at },
      otherDocuments: [{ type: 'invoice', reference: `FV/${n}/2025` }],
      goods: {
        description: 'crude palm oil',
        cnCode: '1511109000',
        marks: 'WRT',
        packages: { count: 20, kind: 'IBC' },
        quantity: { value: qty, unit: 'kg' },
      },
      location: { place: 'Poznań, ul. Składowa 1', movements: [] },
      customsStatus: 'released for free circulation under end-use',
      handling: [],
      endUse: { particulars: 'biodiesel feedstock' },
    });
    const e1 = (await ewa.client.szprot.addRecordEntry(permitNumber, record(1, 20_000))).entry;
    const e2 = (await ewa.client.szprot.addRecordEntry(permitNumber, record(2, 18_000))).entry;
    expect(e2['prev']).toBe(e1['digest']);
    const fix = (
      await ewa.client.szprot.correctRecordEntry(permitNumber, String(e2['id']), {
        reason: 'quantity typed wrong',
        content: record(2, 18_500),
      })
    ).entry;
    expect(fix).toMatchObject({ type: 'correction', corrects: e2['id'] });
    const list = await officer.client.szprot.listRecords(permitNumber);
    const corrected = list.records.find((r) => r['id'] === e2['id'])!;
    expect(((corrected['content'] as JsonObject)['goods'] as { quantity: { value: number } }).quantity.value).toBe(
      18_500,
    );
    expect((corrected['history'] as unknown[]).length).toBe(2);
    expect(await ewa.client.szprot.verifyRecords(permitNumber)).toMatchObject({ ok: true });
    entries.push(e1, e2);
  });

  step(
    'EUP-13 EUP-10 amendment with pre-fill (by-law representative with view-all; not the agency employee); amended permit',
    async () => {
      const pre = await ewa.client.szprot.prefill(permitNumber, { kind: 'amend' });
      expect(pre).toMatchObject({
        prefilled: true,
        form: { purpose: 'amend', permitNumber, supervisingOffice: OFFICE },
      });
      const notForAgent = await agent.client.szprot.prefill(permitNumber, { kind: 'amend' });
      expect(notForAgent).toMatchObject({ prefilled: false, rule: 'EUP-13' });
      // What the permit does not say is typed in, as on the paper form.
      const form = pre.form as JsonObject & { applicant?: JsonObject; goods?: JsonObject[] };
      const content: JsonObject = {
        ...form,
        applicant: { ...(form.applicant ?? {}), name: COMPANY.name },
        ...(form['toro']
          ? { toro: { scope: 'processing obligations for goods sold to processors', ...(form['toro'] as JsonObject) } }
          : {}),
        ...(form.goods
          ? { goods: form.goods.map((g) => ({ quantity: 50_000, unit: 'kg', endUse: 'biodiesel feedstock', ...g })) }
          : {}),
        amendment: 'add a condition on storage',
        contactPerson: { name: `${PERSON.givenNames} ${PERSON.surname}`, email },
        declaration: { truthful: true, place: 'Poznań', date: await today() },
      };
      const { receipt } = await submit(ewa, 'WDEUS01', content, FULL_ATTACHMENTS);
      const amendCase = await caseOf(receipt.document.id);
      let c = (await officer.client.szprot.office.accept(amendCase)) as Case;
      expect(c).toMatchObject({ kind: 'amend', permitNumber });
      c = await officer.client.http.request<Case>({
        method: 'POST',
        path: SZPROT_ROUTES.requestDecision.split(' ')[1]!.replace(':caseId', encodeURIComponent(amendCase)),
        auth: 'user',
        body: {
          decision: {
            kind: 'amend',
            reason: 'storage condition added on request',
            changes: { conditions: ['goods stored only at ul. Składowa 1'] },
          },
        },
      });
      expect(c.status).toBe('decided');
      const permit = await eventually('the amended permit (version 2)', async () => {
        const p = await ewa.client.szprot.getPermit(permitNumber);
        return p['version'] === 2 ? p : null;
      });
      expect((permit['terms'] as JsonObject)['conditions']).toEqual(['goods stored only at ul. Składowa 1']);
    },
  );

  step(
    'EUP-06 EUP-07 refusal path: no refusal before hearing the client; hearing, response, refusal with appeal instructions',
    async () => {
      // Two more applications (different bytes: the same bytes twice would be one submission, DOC-08).
      const b = await submit(ewa, 'WDEUS01', { ...(await application()), remarks: 'application B' }, FULL_ATTACHMENTS);
      const c = await submit(ewa, 'WDEUS01', { ...(await application()), remarks: 'application C' }, FULL_ATTACHMENTS);
      expect(c.receipt.document.id).not.toBe(b.receipt.document.id);
      caseB = await caseOf(b.receipt.document.id);
      caseC = await caseOf(c.receipt.document.id);
      for (const id of [caseB, caseC]) await officer.client.szprot.office.accept(id);
      const early = await problemOf(officer.client.szprot.office.refuse(caseB, { grounds: 'supervision impossible' }));
      expect(early).toMatchObject({ status: 422, rule: 'EUP-06' });
      for (const id of [caseB, caseC]) {
        const v = (await officer.client.szprot.office.hearing(id, {
          grounds: 'supervision would need extraordinary measures',
        })) as Case;
        await openAuthorityDocument(id, v.hearing!.documentId);
        await submit(ewa, 'DDS0001', dds(id, 'Stanowisko w sprawie', 'We disagree: a sealed tank is available.'));
        await caseUntil(id, 'the hearing response', (x) => Boolean(x.hearing?.response));
        const refused = (await officer.client.szprot.office.refuse(id, {
          grounds: 'supervision would need extraordinary measures',
        })) as Case;
        expect(refused.status).toBe('decided');
        const refusal = refused.documents.find((d) => d.kind === 'refusal')!;
        expect(refusal.body?.['appeal']).toMatchObject({ rule: 'EUP-08', form: 'WDWCO001', withinDays: 14 });
        const opened = await openAuthorityDocument(id, refusal.id);
        expect(opened.kind).toBe('refusal');
      }
    },
  );

  step('EUP-08 DL-03 an appeal (WDWCO001) within 14 days of delivery is taken in', async () => {
    await advanceDays(3);
    const delivered = await clientCase(caseB);
    const appealDeadline = deadline(delivered, 'appeal')!;
    expect(appealDeadline).toMatchObject({ rule: 'EUP-08', owner: 'client' });
    await submit(ewa, 'WDWCO001', {
      decisionReference: caseB,
      caseRef: caseB,
      office: OFFICE,
      demand: 'uchylenie decyzji w całości',
      grounds: 'the office misjudged the supervision conditions',
    });
    const c = await caseUntil(caseB, 'the appeal taken in', (x) => x.status === 'appealed');
    expect(c.status).toBe('appealed');
  });

  step(
    'EUP-08 DL-01 DL-04 an appeal the day after the last day ("day 15") is refused, with the last day shown',
    async () => {
      const before = await clientCase(caseC);
      const refusal = before.documents.find((d) => d.kind === 'refusal')!;
      const lastDay = deadline(before, 'appeal')!.left.lastDay;
      const deliveredOn = localDateOf(new Date(String(refusal.deliveredAt ?? (await platformNow()).toISOString())));
      // 14 days from delivery; later only if the 14th day is not a working day (DL-01, DL-02).
      expect(lastDay >= addDays(deliveredOn, 14)).toBe(true);
      await advanceTo(warsawInstant(addDays(lastDay, 1), 10, 0));
      const { receipt } = await submit(ewa, 'WDWCO001', {
        decisionReference: caseC,
        caseRef: caseC,
        office: OFFICE,
        demand: 'uchylenie decyzji w całości',
        grounds: 'sent late on purpose',
      });
      expect(receipt.upo.payload.receivedAt).toBeDefined();
      const notice = await eventually('the notice that the appeal is late', async () => {
        const page = await ewa.client.seap.listDocuments({
          companyId,
          view: 'company',
          origin: 'authority',
          caseRef: caseC,
          kind: 'information',
          limit: 100,
        });
        for (const d of page.items) {
          const full = (await ewa.client.seap.getDocument(d.id)) as unknown as { content?: JsonObject };
          if (full.content?.['rule'] === 'EUP-08') return full.content;
        }
        return null;
      });
      expect(notice['details']).toMatchObject({ lastDay });
      expect((await officerCase(caseC)).status).toBe('decided');
    },
  );

  step(
    'EUP-15 closure: after the permit expires the bill of discharge is submitted and the guarantee released',
    async () => {
      const permit = await ewa.client.szprot.getPermit(permitNumber);
      const validUntil = String(permit['validUntil']);
      await advanceTo(warsawInstant(addDays(validUntil, 1), 8, 0));
      const closure = await eventually('the closure opened after expiry', async () => {
        const c = await ewa.client.szprot.getClosure(permitNumber);
        return c['state'] === 'awaiting-bill' ? c : null;
      });
      expect(closure).toMatchObject({ guarantee: 'held', deadline: { rule: 'EUP-15', owner: 'client' } });
      const [e1, e2] = entries;
      await ewa.client.szprot.submitBill(permitNumber, {
        lines: [
          {
            recordId: e1!['id'],
            placed: 20_000,
            usedForEndUse: 19_500,
            otherwiseDischarged: 0,
            waste: 300,
            scrap: 0,
            naturalLoss: 200,
            remaining: 0,
          },
          {
            recordId: e2!['id'],
            placed: 18_500,
            usedForEndUse: 18_500,
            otherwiseDischarged: 0,
            waste: 0,
            scrap: 0,
            naturalLoss: 0,
            remaining: 0,
          },
        ],
      });
      const settled = await officer.client.http.request<JsonObject>({
        method: 'POST',
        path: `/api/v1/szprot/permits/${encodeURIComponent(permitNumber)}/closure/assessment`,
        auth: 'user',
        body: {},
      });
      expect(settled).toMatchObject({ state: 'settled', guarantee: 'released' });
    },
  );
}
