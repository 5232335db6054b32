import type { ServiceSchema } from 'moleculer';
import { notFound } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import type { CloudEvent } from '@puesc/events';
import { startTestHost, type TestHost } from '@puesc/testkit';
import { identityModule, verifyAccessToken, callerFromClaims } from '../../src';

export interface Mail {
  to: string;
  template: string;
  oneTimeCode?: string;
  accountId?: string;
  params?: Record<string, unknown>;
}

export interface Company {
  id: string;
  status?: string;
  eori?: string;
  data: { name: string; nip?: string };
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  scope: string;
  personId: string | null;
}

export const ADMIN = { email: 'admin@puesc.test', password: 'bootstrap-passphrase-for-tests-1' };
export const PASSWORD = 'plum-orchard-window-77';
export const T0 = new Date('2025-06-02T08:00:00Z');

/** Signature verdicts the pki double answers, by JWS. */
export type PkiAnswer = (params: { jws: string; content?: string }) => unknown;

export interface IdentityHarness {
  host: TestHost;
  mails: Mail[];
  events: CloudEvent[];
  /** Moleculer broadcasts of identity heard by another node's service (ID-11 session ends, key changes). */
  broadcasts: { event: string; payload: Record<string, unknown> }[];
  companies: Map<string, Company>;
  setPki(answer: PkiAnswer): void;
  /** The last mail of a template to an address (waits for the relay). */
  mailTo(to: string, template: string): Promise<Mail>;
  /** Creates and verifies an account, logs in; returns the caller built from the verified token. */
  signUp(email: string, password?: string): Promise<{ session: Session; caller: Caller; accountId: string }>;
  login(email: string, password?: string, ip?: string): Promise<Session>;
  /** The Caller the gateway would build from this access token (verified against identity's JWKS). */
  callerOf(accessToken: string): Promise<Caller>;
  admin(): Promise<Caller>;
  /** Creates an officer with the given role, completing the e-mailed invitation. */
  officer(email: string, role: 'registration-officer' | 'case-officer' | 'admin', office?: string): Promise<Caller>;
  /** Registers a company in the registry double. */
  company(c: Company): Company;
  waitForEvent(type: string, pred?: (e: CloudEvent) => boolean): Promise<CloudEvent>;
  stop(): Promise<void>;
}

async function until<T>(fn: () => T | undefined, what: string, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

export async function startIdentity(env: Record<string, string> = {}, now: Date = T0): Promise<IdentityHarness> {
  const mails: Mail[] = [];
  const events: CloudEvent[] = [];
  const companies = new Map<string, Company>();
  const broadcasts: IdentityHarness['broadcasts'] = [];
  const heard = (event: string) => ({
    context: true,
    handler(ctx: { params: Record<string, unknown> }) {
      broadcasts.push({ event, payload: ctx.params });
    },
  });
  let pki: PkiAnswer = () => ({ valid: false, reason: 'unsupported', detail: 'no answer configured' });
  const doubles: ServiceSchema[] = [
    {
      name: 'listener',
      events: {
        'identity.session.ended': heard('identity.session.ended'),
        'identity.keys.changed': heard('identity.keys.changed'),
      },
    },
    {
      name: 'pki',
      actions: {
        verifySignature: { handler: (ctx: { params: { jws: string; content?: string } }) => pki(ctx.params) },
      },
    },
    {
      name: 'registry',
      actions: {
        getCompany: {
          handler(ctx: { params: { id?: string; eori?: string; nip?: string } }) {
            const p = ctx.params;
            const c = [...companies.values()].find(
              (x) => (p.id && x.id === p.id) || (p.eori && x.eori === p.eori) || (p.nip && x.data.nip === p.nip),
            );
            if (!c) throw notFound('company');
            return c;
          },
        },
      },
    },
  ];
  const host = await startTestHost({
    modules: [identityModule],
    doubles,
    now,
    env: {
      PASSWORD_SCRYPT_LOG_N: '10',
      TOKEN_KEY_PREPUBLISH_SEC: '60',
      IDENTITY_SWEEP_INTERVAL_MS: '3600000',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
  });
  await host.bus.consume({
    durable: 'test-identity-events',
    subjects: ['identity.>'],
    handler: async (e) => {
      events.push(e);
      if (e.subject !== 'identity.mail.requested') return;
      // as notifications does: the code of a secretRef mail is fetched while it is valid (issue 18 item 12)
      const values = e.data['secretRef']
        ? await host.call<{ values: Record<string, string> }>('identity.mailSecret', { eventId: e.id }).then(
            (r) => r.values,
            () => ({ cancelled: 'the code is no longer valid' }),
          )
        : {};
      mails.push({ ...(e.data as unknown as Mail), ...values });
    },
  });

  const callerOf = async (accessToken: string): Promise<Caller> => {
    const jwks = await host.call('identity.jwks');
    const claims = await verifyAccessToken(accessToken, jwks, host.clock.now(), {
      issuer: 'puesc-identity',
      audience: 'puesc',
      clockSkewSec: 30,
    });
    return callerFromClaims(claims);
  };

  const mailTo = async (to: string, template: string): Promise<Mail> => {
    await host.settle();
    return until(
      () => [...mails].reverse().find((m) => m.to === to && m.template === template),
      `mail ${template} to ${to}`,
    );
  };

  const login = (email: string, password = PASSWORD, ip = '198.51.100.7') =>
    host.broker.call('identity.login', { email, password }, { meta: { ip } }) as Promise<Session>;

  const h: IdentityHarness = {
    host,
    mails,
    events,
    broadcasts,
    companies,
    setPki: (a) => (pki = a),
    mailTo,
    login,
    callerOf,
    async signUp(email, password = PASSWORD) {
      await host.call('identity.registerAccount', { email, password });
      const m = await mailTo(email, 'verify-email');
      await host.call('identity.verifyEmail', { email, code: m.oneTimeCode });
      const session = await login(email, password);
      const caller = await callerOf(session.accessToken);
      return { session, caller, accountId: caller.id };
    },
    async admin() {
      return callerOf((await login(ADMIN.email, ADMIN.password)).accessToken);
    },
    async officer(email, role, office) {
      const admin = await h.admin();
      await host.call(
        'identity.createOfficer',
        { email, givenNames: 'Anna', surname: 'Nowak', role, ...(office ? { office } : {}) },
        admin,
      );
      const m = await mailTo(email, 'officer-invitation');
      await host.call('identity.completePasswordReset', { email, code: m.oneTimeCode, newPassword: PASSWORD });
      return callerOf((await login(email)).accessToken);
    },
    company(c) {
      companies.set(c.id, c);
      return c;
    },
    async waitForEvent(type, pred = () => true) {
      await host.settle();
      return until(() => events.find((e) => e.subject === type && pred(e)), `event ${type}`);
    },
    stop: () => host.stop(),
  };
  return h;
}

/** The status, problem type and rule of a refused call. */
export async function refusal(
  p: Promise<unknown>,
): Promise<{ status: number; type: string; rule?: string; message: string; data?: unknown }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: number; type: string; message: string; data?: { rule?: string } };
    return { status: err.code, type: err.type, rule: err.data?.rule, message: err.message, data: err.data };
  }
  throw new Error('expected a refusal, the call succeeded');
}
