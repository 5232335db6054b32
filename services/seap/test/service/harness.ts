/**
 * Test host for seap: the real pki module (signatures are verified by pki's own code, against a
 * CA made here with EC keys, so it starts in milliseconds), and small doubles of identity
 * (authorize, getPerson) and registry (getCompany). Documents are signed like a client would: a
 * key pair, a PKCS#10 request, a customs certificate from pki, a compact JWS over the exact bytes.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ServiceSchema } from 'moleculer';
import { notFound } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import { domain as pki, pkiModule } from '@puesc/pki';
import { asClient, asOfficer, startTestHost, type TestHost } from '@puesc/testkit';
import { seapModule } from '../../src';

export const ec = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;

// ---- people, companies, permissions -------------------------------------------------------------

export const ACME = { id: 'C-ACME', eori: 'PL1234563218000', name: 'ACME Sp. z o.o.' };
export const OTHER = { id: 'C-OTHER', eori: 'PL8567346215000', name: 'Other S.A.' };
/** Registered, not yet approved, its name not published. */
export const PENDING = { id: 'C-PENDING', name: 'Pending Secret Sp. z o.o.' };

export const persons: Record<string, Record<string, unknown>> = {};
const person = (personId: string, accountId: string, givenNames: string, surname: string, pesel: string) => {
  persons[personId] = {
    personId,
    accountId,
    givenNames,
    surname,
    pesel,
    country: 'PL',
    email: `${accountId}@example.test`,
    scope: 'extended',
    status: 'active',
  };
  return asClient(accountId, personId);
};

/** Board member of ACME: submits and sees everything of the company. */
export const anna = person('P-ANNA', 'A-ANNA', 'Anna', 'Nowak', '44051401359');
/** Employee of ACME: submits to szprot and seap, sees only what he sent. */
export const bob = person('P-BOB', 'A-BOB', 'Bob', 'Kowalski', '02211307589');
/** Employee of ACME without any submit permission. */
export const carl = person('P-CARL', 'A-CARL', 'Carl', 'Wiśniewski', '44051401359');
/** Acts only for herself. */
export const dora = person('P-DORA', 'A-DORA', 'Dora', 'Zielińska', '02211307589');
/** Board member of OTHER only: a client of another company for ACME. */
export const olga = person('P-OLGA', 'A-OLGA', 'Olga', 'Lis', '44051401359');
export const admin = asOfficer('ADM-1', 'admin');
export const registrationOfficer = asOfficer('RO-1', 'registration-officer');

export const grants = new Map<string, Set<string>>();
export const grant = (u: Caller, companyId: string, ...permissions: string[]) => {
  const key = `${u.id}|${companyId}`;
  const set = grants.get(key) ?? new Set<string>();
  for (const p of permissions) set.add(p);
  grants.set(key, set);
};
export const revokeGrant = (u: Caller, companyId: string, permission: string) =>
  grants.get(`${u.id}|${companyId}`)?.delete(permission);

grant(anna, ACME.id, 'szprot.submit', 'seap.submit', 'documents.view-own', 'documents.view-all', 'company.manage');
grant(bob, ACME.id, 'szprot.submit', 'seap.submit', 'documents.view-own');
grant(carl, ACME.id, 'documents.view-own');
grant(olga, OTHER.id, 'szprot.submit', 'seap.submit', 'documents.view-own', 'documents.view-all', 'company.manage');

export const authorizeCalls: { accountId: string; companyId: string; permission: string }[] = [];

export const identityDouble: ServiceSchema = {
  name: 'identity',
  actions: {
    authorize: {
      handler(ctx: { params: { accountId: string; companyId: string; permission: string } }) {
        authorizeCalls.push(ctx.params);
        const allowed =
          grants.get(`${ctx.params.accountId}|${ctx.params.companyId}`)?.has(ctx.params.permission) ?? false;
        return { allowed, reason: allowed ? 'granted' : 'permission-not-granted' };
      },
    },
    getPerson: {
      handler(ctx: { params: { personId: string } }) {
        const p = persons[ctx.params.personId];
        if (!p) throw notFound('person', ctx.params.personId);
        return p;
      },
    },
  },
};

const companies: Record<string, Record<string, unknown>> = {
  [ACME.id]: { id: ACME.id, status: 'approved', eori: ACME.eori, data: { name: ACME.name, country: 'PL' } },
  [OTHER.id]: { id: OTHER.id, status: 'approved', eori: OTHER.eori, data: { name: OTHER.name, country: 'PL' } },
  [PENDING.id]: { id: PENDING.id, status: 'pending', eori: null, data: { name: PENDING.name, country: 'PL' } },
};

export const registryDouble: ServiceSchema = {
  name: 'registry',
  actions: {
    getCompany: {
      handler(ctx: { params: { id: string } }) {
        const c = companies[ctx.params.id];
        if (!c) throw notFound('company', ctx.params.id);
        return c;
      },
    },
  },
};

// ---- the host -----------------------------------------------------------------------------------

export const trustedProfileKey = ec();

/** pki configured with an EC CA made here (RSA generation would cost seconds) and the test trusted-profile key. */
export async function pkiEnv(now?: Date): Promise<NodeJS.ProcessEnv> {
  const ca = await pki.generateCa({
    now: new Date((now ?? new Date()).getTime() - 86_400_000),
    namePrefix: 'SEAP TEST',
    keys: { root: ec(), issuing: ec() },
  });
  const m = pki.caToMaterial(ca);
  return {
    PKI_ROOT_CERT_PEM: m.rootCertPem,
    PKI_ISSUING_CERT_PEM: m.issuingCertPem,
    PKI_ISSUING_KEY_PEM: m.issuingKeyPem,
    PKI_TEST_ANCHORS: 'false',
    PKI_TRUSTED_PROFILE_KEY_PEM: createPublicKey(trustedProfileKey).export({ type: 'spki', format: 'pem' }).toString(),
    PKI_TRUSTED_PROFILE_ID: 'tp-test',
    PKI_MAX_ACTIVE_CERTIFICATES: '50',
    SEAP_DELIVERY_SWEEP_MS: '0',
  };
}

export async function startSeapHost(env: NodeJS.ProcessEnv = {}, now?: Date): Promise<TestHost> {
  const host = await startTestHost({
    modules: [pkiModule, seapModule],
    doubles: [identityDouble, registryDouble],
    ...(now ? { now } : {}),
    env: { ...(await pkiEnv(now)), ...env },
  });
  await host.bus.ensureStream({ name: 'IDENTITY', subjects: ['identity.>'] });
  return host;
}

// ---- signing --------------------------------------------------------------------------------------

export interface Signer {
  key: KeyObject;
  certDer: Buffer;
  serial: string;
}

/** A customs certificate from the real pki for `u` (PKI-01). */
export async function certify(host: TestHost, u: Caller): Promise<Signer> {
  const key = ec();
  const csr = pki.buildCsr(key, [{ type: 'CN', value: 'whatever the request says' }]);
  const r = await host.call<{ serial: string; certificatePem: string }>('pki.requestCertificate', { csr }, u);
  return { key, certDer: pki.pemDecodeAll(r.certificatePem, ['CERTIFICATE'])[0]!, serial: r.serial };
}

/** A compact JWS in pki's document profile over `bytes`, signed now by the host clock. */
export const sign = (host: TestHost, s: Signer, bytes: Buffer): Promise<string> =>
  pki.signDocument({
    content: bytes,
    privateKey: s.key,
    certificates: [s.certDer],
    iat: Math.floor(host.clock.now().getTime() / 1000),
  });

/** A trusted-profile assertion over `bytes` for a person. */
export const trustedProfile = (host: TestHost, u: Caller, bytes: Buffer): Promise<string> => {
  const p = persons[u.personId!]!;
  return pki.signTrustedProfileAssertion(
    {
      iss: 'tp-test',
      sub: `tp-${u.personId}`,
      iat: Math.floor(host.clock.now().getTime() / 1000),
      given_name: String(p['givenNames']),
      family_name: String(p['surname']),
      puesc_person_id: u.personId!,
      'x-content-sha256': pki.sha256B64u(bytes),
    },
    trustedProfileKey,
  );
};

// ---- forms and documents ---------------------------------------------------------------------------

export const wdeus01 = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  purpose: 'grant',
  applicant: { eori: ACME.eori, name: ACME.name, aeo: false },
  representative: { kind: 'by-law', name: 'Anna Nowak' },
  addressedOffice: 'PL301000',
  territory: 'PL',
  mainAccountsOffice: 'PL301000',
  goods: [
    {
      cnCode: '27101943',
      description: 'Olej napędowy do napędu statków',
      quantity: 120000,
      unit: 'l',
      endUse: 'napęd jednostek pływających (uwaga 5 do działu 27 CN)',
    },
  ],
  placesOfUse: [{ street: 'ul. Portowa 1', postalCode: '61-001', city: 'Poznań' }],
  supervisingOffice: 'PL301000',
  guarantee: { kind: 'general', reference: '25PL301000GRN0001' },
  records: { form: 'electronic', location: 'ul. Portowa 1, 61-001 Poznań' },
  contactPerson: { name: 'Ewa Kontakt', email: 'ewa.kontakt@acme.example' },
  declaration: { truthful: true, place: 'Poznań', date: '2025-11-03' },
  ...over,
});

export const dds0001 = (caseRef: string, over: Record<string, unknown> = {}) => ({
  caseRef,
  office: 'PL301000',
  subject: 'Uzupełnienie wniosku',
  body: 'W odpowiedzi na wezwanie przesyłam brakującą kartę ewidencji.',
  ...over,
});

export interface Generated {
  id: string;
  canonicalBase64: string;
  sha256: string;
  sha256B64u: string;
  status: string;
  [k: string]: unknown;
}

export async function draftAndGenerate(
  host: TestHost,
  u: Caller,
  formCode: string,
  content: Record<string, unknown>,
  companyId?: string,
): Promise<Generated> {
  const d = await host.call<{ id: string }>(
    'seap.createDraft',
    { formCode, content, ...(companyId ? { companyId } : {}) },
    u,
  );
  return host.call<Generated>('seap.generateDocument', { id: d.id }, u);
}

export interface Receipt {
  document: { id: string; status: string; [k: string]: unknown };
  upo: { id: string; kid: string; jws: string; payload: Record<string, any> };
  duplicate: boolean;
}

export const bytesOf = (g: { canonicalBase64: string }): Buffer => Buffer.from(g.canonicalBase64, 'base64');

export async function sendSigned(
  host: TestHost,
  u: Caller,
  s: Signer,
  g: Generated,
  meta: Record<string, unknown> = {},
): Promise<Receipt> {
  const signature = await sign(host, s, bytesOf(g));
  return host.broker.call(
    'seap.sendDocument',
    { id: g.id, signature },
    { meta: { user: u, ...meta } },
  ) as Promise<Receipt>;
}

// ---- PDFs -------------------------------------------------------------------------------------------

/**
 * A real one-page PDF of exactly `size` bytes (at least about 400): catalog, page tree, page, and a
 * content stream of `size`-dependent blanks, with a correct cross-reference table. `head` ends where
 * the blanks start and `tail` begins after them, so a stream of any length can be made of it.
 */
export function pdfParts(size: number): { head: Buffer; fill: number; tail: Buffer } {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
  ];
  let fill = 0;
  for (let round = 0; round < 4; round++) {
    let text = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
    const offsets: number[] = [];
    objects.forEach((o, i) => {
      offsets.push(text.length);
      text += `${i + 1} 0 obj\n${o}\nendobj\n`;
    });
    offsets.push(text.length);
    const head = `${text}4 0 obj\n<< /Length ${fill} >>\nstream\n`;
    const xrefAt = head.length + fill + '\nendstream\nendobj\n'.length;
    const entries = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
    const tail =
      `\nendstream\nendobj\nxref\n0 5\n0000000000 65535 f \n${entries}` +
      `trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    const next = Math.max(0, size - head.length - tail.length);
    if (next === fill) return { head: Buffer.from(head, 'latin1'), fill, tail: Buffer.from(tail, 'latin1') };
    fill = next;
  }
  throw new Error(`no PDF of ${size} bytes`);
}

/** A small real PDF of `size` bytes. */
export function pdfBytes(size = 2000): Buffer {
  const { head, fill, tail } = pdfParts(size);
  return Buffer.concat([head, Buffer.alloc(fill, 0x20), tail]);
}

/** A stream yielding a real PDF of `total` bytes in `chunk`-sized pieces, counting what was pulled. */
export function pdfStream(total: number, chunk = 64 * 1024): Readable & { pulled: () => number } {
  const { head, tail } = pdfParts(total);
  let sent = 0;
  const r = new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(chunk, total - sent);
      const b = Buffer.alloc(n, 0x20);
      // the head at the very start and the tail at the very end, across chunk borders
      for (let i = sent; i < Math.min(sent + n, head.length); i++) b[i - sent] = head[i]!;
      const tailStart = total - tail.length;
      for (let i = Math.max(sent, tailStart); i < sent + n; i++) b[i - sent] = tail[i - tailStart]!;
      sent += n;
      this.push(b);
    },
  }) as Readable & { pulled: () => number };
  r.pulled = () => sent;
  return r;
}

/** Calls the upload action as the gateway does: the file as stream params, fields in meta. */
export function upload(
  host: TestHost,
  u: Caller,
  draftId: string,
  stream: Readable,
  kind = 'other',
  filename = 'file.pdf',
) {
  return host.broker.call('seap.uploadAttachment', stream, {
    meta: {
      user: u,
      $params: { id: draftId },
      $multipart: { kind },
      $file: { fieldname: 'file', filename, mimetype: 'application/pdf' },
    },
  }) as Promise<{ id: string; size: number; sha256: string; name: string; kind: string }>;
}

/** Reads a stream answer (attachments) to its end. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(parts);
}

/** Downloads an attachment as `u` (the stream answer plus its response meta). */
export async function download(
  host: TestHost,
  u: Caller,
  id: string,
): Promise<{ bytes: Buffer; meta: Record<string, any> }> {
  const meta: Record<string, any> = { user: u };
  const stream = (await host.broker.call('seap.getAttachment', { id }, { meta })) as Readable;
  return { bytes: await readAll(stream), meta };
}
