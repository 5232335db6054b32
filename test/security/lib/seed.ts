/**
 * The objects and the personas the matrix probes, made over HTTP as the client and the officers
 * would (nothing is written into a store): Rolmex (the demo company) with its by-law owner Jan,
 * his certificate, drafts, a generated and a sent document, an open case, a permit with records;
 * and the five personas of issue 18 who must not reach them.
 */
import { PuescClient, buildCsr, generateKeyPair, signDocument, type JsonObject } from '@puesc/client';
import { codeOf, mailFiles, waitForMail } from '../../journey/platform';

/** The demo personas (platform/src/demo/personas.ts, docs/demo.md). */
export const DEMO = {
  password: 'Zielony-Kasztan-Celny-2047',
  admin: 'admin@puesc-demo.test',
  registrationOfficer: 'rejestracja@puesc-demo.test',
  caseOfficer: 'urzednik.poznan@puesc-demo.test',
  owner: 'jan.kowalski@puesc-demo.test',
  agent: 'piotr.wisniewski@puesc-demo.test',
  office: 'PL301000',
  rolmex: { name: 'Rolmex sp. z o.o.', nip: '5261043212', eori: 'PL526104321200000' },
};

/** The five callers of issue 18's "Done when". */
export const PERSONAS = [
  'anonymous',
  'otherCompany',
  'limitedRepresentative',
  'foreignOfficer',
  'registrationOfficer',
] as const;
export type Persona = (typeof PERSONAS)[number];

/** Real ids of real objects, by the name the parameter tables use. */
export interface Seeded {
  companyId: string;
  accountId: string;
  personId: string;
  /** Another person's (the agent's) representation of Rolmex. */
  representationId: string;
  certificateSerial: string;
  draftId: string;
  draftAttachmentId: string;
  /** Generated, not yet sent. */
  generatedId: string;
  /** Sent, with its UPO. */
  documentId: string;
  documentAttachmentId: string;
  /** A case still in the office's queue (received). */
  caseId: string;
  permitNumber: string;
  entryId: string;
  month: string;
  notificationId: string;
  deliveryId: string;
  /** DOC-10 notices (when the platform runs the status service): planned maintenance, a resolved outage. */
  maintenanceId: string;
  outageId: string;
  tokens: Record<Persona, string | undefined>;
  /** The owner's token: the sanity check that every id is real. */
  ownerToken: string;
}

export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);
const ATTACHMENTS = ['guarantee', 'no-infringements-statement', 'sample-record-card', 'goods-list'];
export const PASSWORD = 'matrix-heron-lantern-58';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${String((last as Error)?.message ?? '')}`);
    await sleep(100);
  }
}

interface Ctx {
  baseUrl: string;
  mailDir: string;
}

const clientFor = (c: Ctx) => new PuescClient({ baseUrl: c.baseUrl });

export async function loggedIn(c: Ctx, email: string, password = DEMO.password): Promise<PuescClient> {
  const client = clientFor(c);
  await client.auth.login(email, password);
  return client;
}

export const tokenOf = (client: PuescClient): string => {
  const t = client.session?.accessToken;
  if (!t) throw new Error('no access token');
  return t;
};

/** A new client: account confirmed by the e-mailed code, registered person, extended scope in person (ID-01..ID-03). */
export async function newClient(
  c: Ctx,
  registrar: PuescClient,
  who: { email: string; givenNames: string; surname: string; pesel: string },
): Promise<PuescClient> {
  const client = clientFor(c);
  const before = mailFiles(c.mailDir);
  await client.auth.register(who.email, PASSWORD);
  const mail = await waitForMail(c.mailDir, who.email, /kod|code/i, { after: before });
  await client.auth.verifyEmail(who.email, codeOf(mail));
  await client.auth.login(who.email, PASSWORD);
  const person = await client.persons.register({
    givenNames: who.givenNames,
    surname: who.surname,
    pesel: who.pesel,
    citizenship: 'PL',
  });
  await client.persons.requestExtendedScopeInPerson();
  await registrar.persons.confirmExtendedScope(person.personId, 'identity card checked');
  await client.auth.refresh();
  return client;
}

/** A case officer of another office, invited by the administrator (password set with the e-mailed code). */
async function foreignOfficer(c: Ctx, admin: PuescClient): Promise<PuescClient> {
  const email = 'urzednik.szczecin@matrix.example';
  const before = mailFiles(c.mailDir);
  await admin.admin.createOfficer({
    email,
    givenNames: 'Tomasz',
    surname: 'Obcy',
    role: 'case-officer',
    office: 'PL321000',
  });
  const mail = await waitForMail(c.mailDir, email, /zaproszenie|invitation/i, { after: before });
  const anon = clientFor(c);
  await anon.auth.completePasswordReset(email, codeOf(mail), PASSWORD);
  // Setting the password ends every session of the account (ID-11) and the gateway counts a token
  // issued in the same second (iat is in whole seconds) as issued before the end: log in the next one.
  await sleep(1100 - (Date.now() % 1000));
  return loggedIn(c, email, PASSWORD);
}

function application(remarks: string, today: string): JsonObject {
  return {
    purpose: 'grant',
    applicant: { eori: DEMO.rolmex.eori, name: DEMO.rolmex.name, established: 'EU', aeo: false },
    addressedOffice: DEMO.office,
    territory: 'PL',
    mainAccountsOffice: DEMO.office,
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
    supervisingOffice: DEMO.office,
    guarantee: { kind: 'general', reference: 'GRN-25PL301000-1' },
    records: { form: 'electronic', location: 'Poznań, ul. Składowa 1' },
    toro: { requested: true, mode: 'TORO-1', scope: 'processing obligations for goods sold to processors' },
    requestedValidityYears: 1,
    contactPerson: { name: 'Jan Kowalski', email: DEMO.owner },
    declaration: { truthful: true, place: 'Poznań', date: today },
    remarks,
  };
}

export function recordContent(n: number, releasedAt: string): JsonObject {
  return {
    declaration: { mrn: `25PL30100000000${String(n).padStart(3, '0')}`, releasedAt },
    otherDocuments: [{ type: 'invoice', reference: `FV/${n}/2025` }],
    goods: {
      description: 'crude palm oil',
      cnCode: '1511109000',
      marks: 'RLX',
      packages: { count: 20, kind: 'IBC' },
      quantity: { value: 20_000, unit: 'kg' },
    },
    location: { place: 'Poznań, ul. Składowa 1', movements: [] },
    customsStatus: 'released for free circulation under end-use',
    handling: [],
    endUse: { particulars: 'biodiesel feedstock' },
  };
}

type Signer = { privateKey: import('node:crypto').KeyObject; chain: string };

async function platformNow(anon: PuescClient): Promise<Date> {
  const r = await anon.http.request<{ now: string }>({ method: 'GET', path: '/api/v1/system/clock', auth: 'none' });
  return new Date(r.now);
}

/** Draft → attachments → generate → sign → send: the sent document. */
async function send(owner: PuescClient, anon: PuescClient, signer: Signer, companyId: string, content: JsonObject) {
  const draft = await owner.seap.createDraft({ formCode: 'WDEUS01', companyId, content });
  for (const kind of ATTACHMENTS)
    await owner.seap.uploadAttachment(draft.id, { kind, data: PDF, fileName: `${kind}.pdf` });
  const doc = await owner.seap.generate(draft.id);
  const iat = Math.floor((await platformNow(anon)).getTime() / 1000);
  const { jws } = await signDocument({
    content: Buffer.from(doc.canonicalBase64, 'base64'),
    privateKey: signer.privateKey,
    certificates: signer.chain,
    iat,
  });
  return (await owner.seap.send(doc.id, jws)).document;
}

async function caseOf(officer: PuescClient, documentId: string): Promise<string> {
  return eventually(`the case of document ${documentId}`, async () => {
    const { cases } = await officer.szprot.listCases();
    return cases.find((x) => x['applicationDocumentId'] === documentId)?.caseId as string | undefined;
  });
}

/** Rolmex's objects, made by its owner and the case officer of its office. */
async function companyObjects(c: Ctx, owner: PuescClient, officer: PuescClient, companyId: string) {
  const anon = clientFor(c);
  const { privateKey } = await generateKeyPair();
  const cert = await owner.pki.requestCertificate(buildCsr(privateKey, { commonName: 'Jan Kowalski' }));
  const signer = { privateKey, chain: `${cert.certificatePem}\n${cert.chainPem}` };
  const today = (await platformNow(anon)).toISOString().slice(0, 10);

  const open = await send(owner, anon, signer, companyId, application('application left in the queue', today));
  const decided = await send(owner, anon, signer, companyId, application('application granted', today));
  const caseId = await caseOf(officer, open.id);
  const grantedCase = await caseOf(officer, decided.id);
  await officer.szprot.office.accept(grantedCase);
  const permitCase = await officer.szprot.office.issuePermit(grantedCase, {
    validFrom: today,
    validityYears: 1,
    guarantee: { currency: 'PLN', perEur: 4.25, duty: { normal: 1_200_000, endUse: 0 }, vat: { normal: 0, endUse: 0 } },
  });
  const permitNumber = String(permitCase['permitNumber']);
  await eventually('the permit readable by its holder', () => owner.szprot.getPermit(permitNumber));
  const at = (await platformNow(anon)).toISOString();
  const entry = (await owner.szprot.addRecordEntry(permitNumber, recordContent(1, at))).entry;

  const draft = await owner.seap.createDraft({ formCode: 'WDEUS01', companyId, content: application('draft', today) });
  const att = await owner.seap.uploadAttachment(draft.id, { kind: 'goods-list', data: PDF, fileName: 'goods.pdf' });
  const genDraft = await owner.seap.createDraft({
    formCode: 'WDEUS01',
    companyId,
    content: application('generated, not sent', today),
  });
  for (const kind of ATTACHMENTS)
    await owner.seap.uploadAttachment(genDraft.id, { kind, data: PDF, fileName: `${kind}.pdf` });
  const generated = await owner.seap.generate(genDraft.id);
  const sent = (await owner.seap.getDocument(open.id)) as unknown as { attachments?: { id: string }[] };
  return {
    certificateSerial: cert.serial,
    caseId,
    permitNumber,
    entryId: String(entry['id']),
    month: at.slice(0, 7),
    draftId: draft.id,
    draftAttachmentId: att.id,
    generatedId: generated.id,
    documentId: open.id,
    documentAttachmentId: sent.attachments?.[0]?.id ?? att.id,
  };
}

/** DOC-10: the administrator announces maintenance three days ahead and records an outage, resolved at once. */
async function statusNotices(admin: PuescClient, paths: ReadonlySet<string>) {
  if (!paths.has('/api/v1/status/maintenance'))
    return { maintenanceId: 'no-status-service', outageId: 'no-status-service' };
  const post = (path: string, body: JsonObject) =>
    admin.http.request<{ id: string }>({ method: 'POST', path, auth: 'user', body });
  const from = Date.now() + 3 * 86_400_000;
  const reason = { pl: 'przegląd techniczny (test macierzy uprawnień)' };
  const m = await post('/api/v1/status/maintenance', {
    services: ['szprot'],
    from: new Date(from).toISOString(),
    until: new Date(from + 7_200_000).toISOString(),
    reason,
  });
  const o = await post('/api/v1/status/outages', { services: ['notifications'], reason });
  await post(`/api/v1/status/outages/${encodeURIComponent(o.id)}/resolve`, {});
  return { maintenanceId: m.id, outageId: o.id };
}

export async function seed(c: Ctx, paths: ReadonlySet<string>): Promise<Seeded> {
  const [admin, registrar, officer, owner, agent] = await Promise.all([
    loggedIn(c, DEMO.admin),
    loggedIn(c, DEMO.registrationOfficer),
    loggedIn(c, DEMO.caseOfficer),
    loggedIn(c, DEMO.owner),
    loggedIn(c, DEMO.agent),
  ]);
  const me = await owner.auth.me();
  const companyId = me.representations.find((r) => r.company.eori === DEMO.rolmex.eori)!.company.id;
  const agentMe = await agent.auth.me();
  const representationId = agentMe.representations.find((r) => r.company.id === companyId)!.id;

  // A client of another company: Warta, registered and approved, by-law representative (ID-05).
  const other = await newClient(c, registrar, {
    email: 'ewa.obca@warta.example',
    givenNames: 'Ewa',
    surname: 'Nowicka',
    pesel: '78110534568',
  });
  const warta = await other.registry.registerCompany({
    name: 'Olejarnia Warta sp. z o.o.',
    legalForm: 'limited-liability-company',
    country: 'PL',
    nip: '9512387656',
    krs: '0000777123',
    address: { street: 'ul. Portowa 2', postalCode: '61-002', city: 'Poznań', country: 'PL' },
    contact: { email: 'biuro@warta.example' },
    consentToPublish: false,
    declareByLaw: true,
  } as never);
  await registrar.registry.approveCompany(warta.id);
  await eventually('the by-law representation of Warta', async () =>
    (await other.representations.list()).find((r) => r.company.id === warta.id && r.status === 'approved'),
  );
  await other.auth.refresh();

  // A representative of Rolmex whose representation grants only documents.view-own (ID-07, ID-12).
  const limited = await newClient(c, registrar, {
    email: 'zofia.wglad@rolmex.example',
    givenNames: 'Zofia',
    surname: 'Wgląd',
    pesel: '44051401359',
  });
  const rep = await limited.representations.request({
    companyId,
    kind: 'by-law',
    permissions: ['documents.view-own'],
  } as never);
  await registrar.representations.approve(rep.id, 'board member, register checked');
  await limited.auth.refresh();

  const foreign = await foreignOfficer(c, admin);
  const objects = await companyObjects(c, owner, officer, companyId);

  const mine = await owner.http.request<{ items?: { id: string }[] } | { id: string }[]>({
    method: 'GET',
    path: '/api/v1/notifications/mine',
    auth: 'user',
  });
  const notes = Array.isArray(mine) ? mine : (mine.items ?? []);
  const deliveries = await admin.http.request<{ items?: { id: string }[] } | { id: string }[]>({
    method: 'GET',
    path: '/api/v1/notifications/deliveries',
    auth: 'user',
  });
  const dl = Array.isArray(deliveries) ? deliveries : (deliveries.items ?? []);
  return {
    companyId,
    accountId: me.account.accountId,
    personId: me.person!.personId,
    representationId,
    ...objects,
    ...(await statusNotices(admin, paths)),
    notificationId: notes[0]?.id ?? 'no-notification',
    deliveryId: dl[0]?.id ?? 'no-delivery',
    tokens: {
      anonymous: undefined,
      otherCompany: tokenOf(other),
      limitedRepresentative: tokenOf(limited),
      foreignOfficer: tokenOf(foreign),
      registrationOfficer: tokenOf(registrar),
    },
    ownerToken: tokenOf(owner),
  };
}
