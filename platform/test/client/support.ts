/**
 * The real platform for the client's tests: identity, registry, pki and seap in one embedded host
 * (nedb in a temp dir), behind the real gateway listening on a local port, so the client talks
 * plain HTTP through `fetch` exactly as an integrator would. The CA is generated with EC keys (fast);
 * scrypt is cheap. E-mails are read from `identity.mail.requested` events (codes travel only there).
 */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { actionJwks, createGateway } from '@puesc/gateway';
import { identityModule } from '@puesc/identity';
import { domain as pkiDomain, pkiModule } from '@puesc/pki';
import { registryModule } from '@puesc/registry';
import { seapModule } from '@puesc/seap';
import type { ServiceModule } from '@puesc/service';
import { startTestHost, type TestHost } from '@puesc/testkit';
import { PuescClient, type Session } from '@puesc/client';
import { oneTimeCodeOf } from '@puesc/contracts';

export const ADMIN = { email: 'admin@puesc.test', password: 'bootstrap-passphrase-for-tests-1' };
export const PASSWORD = 'plum-orchard-window-77';

export interface Mail {
  to: string;
  template: string;
  oneTimeCode?: string;
}

export interface System {
  host: TestHost;
  app: FastifyInstance;
  baseUrl: string;
  mails: Mail[];
  /** The last mail of a template to an address (waits for the outbox relay). */
  mailTo(to: string, template: string): Promise<Mail>;
  client(): PuescClient;
  /** An account created and confirmed through the client, logged in. */
  signUp(email: string): Promise<PuescClient>;
  /** A logged-in registration officer (the administrator grants the role to a fresh account). */
  registrationOfficer(email?: string): Promise<PuescClient>;
  /**
   * A client with a registered person and the extended scope confirmed in person by a
   * registration officer (ID-03), session refreshed so the token carries it.
   */
  extendedClient(email: string, person: { givenNames: string; surname: string; pesel: string }): Promise<PuescClient>;
  stop(): Promise<void>;
}

const ec = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;

async function until<T>(fn: () => T | undefined, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

export async function startSystem(
  o: { modules?: ServiceModule[]; env?: Record<string, string> } = {},
): Promise<System> {
  const ca = await pkiDomain.generateCa({
    now: new Date(Date.now() - 86_400_000),
    namePrefix: 'CLIENT TEST',
    keys: { root: ec(), issuing: ec() },
  });
  const m = pkiDomain.caToMaterial(ca);
  // The gateway checks token expiry against real time, so the service clock starts now.
  const host = await startTestHost({
    modules: [identityModule, registryModule, pkiModule, seapModule, ...(o.modules ?? [])],
    now: new Date(),
    env: {
      PASSWORD_SCRYPT_LOG_N: '10',
      IDENTITY_SWEEP_INTERVAL_MS: '3600000',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      PKI_ROOT_CERT_PEM: m.rootCertPem,
      PKI_ISSUING_CERT_PEM: m.issuingCertPem,
      PKI_ISSUING_KEY_PEM: m.issuingKeyPem!,
      PKI_TEST_ANCHORS: 'false',
      PKI_MAX_ACTIVE_CERTIFICATES: '50',
      SEAP_DELIVERY_SWEEP_MS: '0',
      REGISTRY_PUBLIC_CHECK_PER_MINUTE: '0',
      ...(o.env ?? {}),
    },
  });
  const mails: Mail[] = [];
  await host.bus.consume({
    durable: 'client-test-mails',
    subjects: ['identity.mail.requested'],
    handler: async (e) => {
      // The code is sealed in identity (issue 18 item 12): read as a mail reader does.
      const code = await oneTimeCodeOf(e, host.broker);
      mails.push({ ...(e.data as unknown as Mail), ...(code ? { oneTimeCode: code } : {}) });
    },
  });
  const app = await createGateway({
    broker: host.broker,
    store: await host.openStore('gateway'),
    options: {
      keySource: actionJwks(host.broker, 'identity.jwks', { now: () => host.clock.now().getTime() }),
      issuer: 'puesc-identity',
      audience: 'puesc',
      rateLimit: false,
      docs: false,
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const mailTo = async (to: string, template: string): Promise<Mail> => {
    await host.settle();
    return until(
      () => [...mails].reverse().find((x) => x.to === to && x.template === template),
      `mail ${template} to ${to}`,
    );
  };
  const client = () => new PuescClient({ baseUrl });

  const signUp = async (email: string): Promise<PuescClient> => {
    const c = client();
    await c.auth.register(email, PASSWORD);
    const mail = await mailTo(email, 'verify-email');
    await c.auth.verifyEmail(email, mail.oneTimeCode!);
    await c.auth.login(email, PASSWORD);
    return c;
  };

  let officerSeq = 0;
  const registrationOfficer = async (email = `officer${++officerSeq}@puesc.test`): Promise<PuescClient> => {
    const officer = await signUp(email);
    const admin = client();
    await admin.auth.login(ADMIN.email, ADMIN.password);
    await admin.admin.createOfficer({
      email,
      givenNames: 'Anna',
      surname: 'Urzędniczka',
      role: 'registration-officer',
    });
    await officer.auth.refresh(); // the token now carries the role
    return officer;
  };

  let officer: PuescClient | undefined;
  const extendedClient: System['extendedClient'] = async (email, person) => {
    const c = await signUp(email);
    const p = await c.persons.register(person);
    await c.persons.requestExtendedScopeInPerson();
    officer ??= await registrationOfficer();
    await officer.persons.confirmExtendedScope(p.personId, 'identity card checked at the counter');
    await c.auth.refresh();
    return c;
  };

  return {
    host,
    app,
    baseUrl,
    mails,
    mailTo,
    client,
    signUp,
    registrationOfficer,
    extendedClient,
    stop: async () => {
      await app.close();
      await host.stop();
    },
  };
}

/** A fresh empty directory (a profile home, a working directory). */
export const tempDir = (prefix = 'puesc-client-'): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** A small PDF (the platform checks `%PDF-` … `%%EOF`). */
export function pdfBytes(size = 1500): Buffer {
  const head = Buffer.from(
    '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n',
    'latin1',
  );
  const tail = Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x20), tail]);
}

export const dds0001 = (caseRef: string) => ({
  caseRef,
  office: 'PL301000',
  subject: 'Uzupełnienie wniosku',
  body: 'W odpowiedzi na wezwanie przesyłam brakującą kartę ewidencji.',
});

/** A WDEUS01 (end-use authorisation, grant) for a company (as seap's tests fill it). */
export const wdeus01 = (eori: string, name: string) => ({
  purpose: 'grant',
  applicant: { eori, name, aeo: false },
  representative: { kind: 'by-law', name: 'Tomasz Właściciel' },
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
  contactPerson: { name: 'Ewa Kontakt', email: 'ewa.kontakt@example.pl' },
  declaration: { truthful: true, place: 'Poznań', date: new Date().toISOString().slice(0, 10) },
});

export type { Session };

/** A valid PESEL (REG-05) for a birth date `YYYY-MM-DD` (1900-2099), a serial and sex. */
export function pesel(birthDate: string, serial = 123, sex: 'M' | 'F' = 'M'): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const month = y >= 2000 ? m + 20 : m;
  const first10 =
    String(y % 100).padStart(2, '0') +
    String(month).padStart(2, '0') +
    String(d).padStart(2, '0') +
    String(serial).padStart(3, '0') +
    (sex === 'M' ? '1' : '2');
  const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = [...first10].reduce((s, ch, i) => s + Number(ch) * w[i]!, 0);
  return first10 + String((10 - (sum % 10)) % 10);
}
