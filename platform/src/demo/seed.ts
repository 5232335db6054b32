/**
 * Demo personas, seeded through the services' own actions (identity, registry) with the callers a
 * gateway would set from their tokens, so every rule applies to them as to anyone (ID-01..ID-07,
 * REG-01..REG-03). Idempotent: each step first looks at what exists, so a second start changes
 * nothing, and a start interrupted half-way is completed by the next one.
 *
 * One-time codes (e-mail confirmation, officer invitations) travel only in the durable
 * `identity.mail.requested` events; the seed reads them from the bus as the notifications service
 * does, and only for the personas' own addresses.
 */
import fs from 'node:fs';
import type { ServiceBroker } from 'moleculer';
import type { Clock, Logger } from '@puesc/kernel';
import type { CloudEvent, EventBus, Subscription } from '@puesc/events';
import { callerFromClaims, oneTimeCodeOf, type Caller } from '@puesc/contracts';
import {
  AGENCY,
  AGENCY_EMPLOYEE_PERMISSIONS,
  AGENT,
  AGENT_PERMISSIONS,
  AUDITOR,
  CASE_OFFICER,
  DEMO_OFFICE,
  OWNER,
  OWNER_PERMISSIONS,
  PAPER_AUTHORISATION,
  REGISTRATION_OFFICER,
  ROLMEX,
  eoriOf,
  type ClientPersona,
  type CompanyPersona,
  type OfficerPersona,
} from './personas';
import { demoPassword } from './guard';

export interface SeedDeps {
  broker: ServiceBroker;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** The environment the services see (demo defaults applied). */
  env: NodeJS.ProcessEnv;
  /** How long to wait for a one-time code or an asynchronous effect (ms). */
  waitMs?: number;
}

export interface PersonaLine {
  role: string;
  name: string;
  email: string;
  /** Printed only when it is the demo password (never an operator's ADMIN_PASSWORD). */
  password: string;
  details: string;
  state: 'created' | 'present' | 'skipped';
  note?: string;
}

export interface SeedReport {
  personas: PersonaLine[];
  companies: {
    name: string;
    nip: string;
    eori: string | null;
    companyId: string | null;
    state: 'created' | 'present' | 'skipped';
  }[];
  /** Something a newcomer should know (e.g. a persona whose password was changed). */
  warnings: string[];
  /** Steps that changed something (empty on a second start). */
  changes: string[];
}

interface TokenAnswer {
  accessToken: string;
  scope: string;
  personId: string | null;
  roles: string[];
}

interface RepresentationView {
  id: string;
  kind: string;
  status: string;
  permissions: string[];
  company: { id: string; name: string | null; nip: string | null; eori: string | null };
}

interface MeView {
  account: { accountId: string; email: string; roles: string[]; office: string | null };
  person: { personId: string; scope: string; scopeRequest: { method: string } | null } | null;
  scope: string;
  representations: RepresentationView[];
}

interface CompanyView {
  id: string;
  status: string;
  eori?: string;
  data: { name: string; nip?: string };
}

const SEED_IP = '127.0.0.1';
const errCode = (e: unknown): number | undefined => (e as { code?: number }).code;
const errType = (e: unknown): string | undefined => (e as { type?: string }).type;
const errRule = (e: unknown): string | undefined => (e as { data?: { rule?: string } }).data?.rule;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Someone logged in: calls actions as the gateway would after verifying their token. */
class Actor {
  constructor(
    private readonly broker: ServiceBroker,
    readonly caller: Caller,
    readonly email: string,
  ) {}

  call<T>(action: string, params: Record<string, unknown> = {}): Promise<T> {
    return this.broker.call<T, Record<string, unknown>>(action, params, {
      meta: { user: this.caller, requestId: `demo-seed-${action}`, ip: SEED_IP },
    });
  }
}

/** One-time codes for the personas' addresses, read from `identity.mail.requested`. */
class Mailbox {
  private readonly mails: { to: string; template: string; code?: string; at: number }[] = [];
  private sub: Subscription | null = null;

  constructor(
    private readonly deps: SeedDeps,
    private readonly watched: Set<string>,
  ) {}

  async open(): Promise<void> {
    if (this.sub) return;
    this.sub = await this.deps.bus.consume({
      durable: 'demo-seed-mails',
      subjects: ['identity.mail.requested'],
      deliverFrom: 'new',
      retryDelayMs: 200,
      handler: async (e: CloudEvent) => {
        const d = e.data as { to?: string; template?: string };
        const to = (d.to ?? '').toLowerCase();
        if (!this.watched.has(to) || !d.template) return;
        // The code is sealed in identity (issue 18 item 12): read as a mail reader does.
        const code = await oneTimeCodeOf(e, this.deps.broker);
        this.mails.push({
          to,
          template: d.template,
          ...(code ? { code } : {}),
          at: Date.parse(e.time) || 0,
        });
      },
    });
  }

  /** The newest mail of one of `templates` to `to` sent at or after `since` (platform time, ms). */
  async next(to: string, templates: string[], since: number): Promise<{ template: string; code?: string }> {
    const end = Date.now() + (this.deps.waitMs ?? 30_000);
    const addr = to.toLowerCase();
    for (;;) {
      const m = [...this.mails]
        .reverse()
        .find((x) => x.to === addr && templates.includes(x.template) && x.at >= since - 2000);
      if (m) return m;
      if (Date.now() > end) throw new Error(`demo seed: no ${templates.join('/')} e-mail to ${to} arrived`);
      await sleep(50);
    }
  }

  async close(): Promise<void> {
    await this.sub?.stop().catch(() => undefined);
    this.sub = null;
  }
}

export async function seedDemo(deps: SeedDeps): Promise<SeedReport> {
  const watched = new Set(
    [REGISTRATION_OFFICER, CASE_OFFICER, AUDITOR, OWNER, AGENT].map((p) => p.email.toLowerCase()),
  );
  const mailbox = new Mailbox(deps, watched);
  try {
    return await seedWith(deps, mailbox);
  } finally {
    await mailbox.close();
  }
}

async function seedWith(deps: SeedDeps, mailbox: Mailbox): Promise<SeedReport> {
  const s = new Seeding(deps, mailbox);
  const admin = await s.administrator();
  const registrar = await s.officer(
    admin,
    REGISTRATION_OFFICER,
    'confirms identities, approves companies and representations',
  );
  await s.officer(
    admin,
    CASE_OFFICER,
    `case officer of ${DEMO_OFFICE.code} ${DEMO_OFFICE.name}: SZPROT cases and permits`,
  );
  await s.officer(admin, AUDITOR, 'reads the access audit trail of every company');
  if (!registrar) {
    s.report.warnings.push('without the registration officer the client personas cannot be completed');
    return s.report;
  }
  const rolmexId = await s.owner(registrar);
  await s.agent(registrar, rolmexId);
  return s.report;
}

/** One run of the seed: what it found and changed, step by step. */
class Seeding {
  readonly report: SeedReport = { personas: [], companies: [], warnings: [], changes: [] };
  private readonly password: string;
  private readonly waitMs: number;

  constructor(
    private readonly deps: SeedDeps,
    private readonly mailbox: Mailbox,
  ) {
    this.password = demoPassword(deps.env);
    this.waitMs = deps.waitMs ?? 30_000;
  }

  private changed(what: string): void {
    this.report.changes.push(what);
    this.deps.logger.info({ step: what }, 'demo seed');
  }

  private async login(email: string, pw: string): Promise<Actor | 'unverified' | null> {
    const { broker } = this.deps;
    try {
      const t = await broker.call<TokenAnswer, { email: string; password: string }>(
        'identity.login',
        { email, password: pw },
        { meta: { ip: SEED_IP, requestId: 'demo-seed-login' } },
      );
      return new Actor(broker, callerFromClaims(claimsOf(t.accessToken)), email);
    } catch (e) {
      if (errCode(e) === 401) return null;
      if (errCode(e) === 403 && errRule(e) === 'ID-01') return 'unverified';
      throw e;
    }
  }

  private async mustLogin(email: string, pw: string): Promise<Actor> {
    const a = await this.login(email, pw);
    if (!(a instanceof Actor)) throw new Error(`demo seed: ${email} cannot log in after being set up`);
    return a;
  }

  private async until<T>(what: string, fn: () => Promise<T | null | undefined | false>): Promise<T> {
    const end = Date.now() + this.waitMs;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`demo seed: timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  private anonymous(action: string, params: Record<string, unknown>): Promise<unknown> {
    return this.deps.broker.call(action, params, { meta: { ip: SEED_IP } });
  }

  /** The administrator identity bootstraps from ADMIN_EMAIL / ADMIN_PASSWORD. */
  async administrator(): Promise<Actor> {
    const { env } = this.deps;
    const adminEmail = (env['ADMIN_EMAIL'] ?? '').trim().toLowerCase();
    const adminPassword = env['ADMIN_PASSWORD'] || readFileOrEmpty(env['ADMIN_PASSWORD_FILE']);
    if (!adminEmail || !adminPassword)
      throw new Error(
        'demo seed: ADMIN_EMAIL and ADMIN_PASSWORD (or ADMIN_PASSWORD_FILE) are needed to create the officers',
      );
    const admin = await this.until('the administrator account (ADMIN_EMAIL)', async () => {
      const a = await this.login(adminEmail, adminPassword);
      return a instanceof Actor && a.caller.roles.includes('admin') ? a : null;
    });
    this.report.personas.push({
      role: 'administrator',
      name: 'Administrator',
      email: adminEmail,
      password: adminPassword === this.password ? this.password : '(ADMIN_PASSWORD)',
      details: 'creates officers; moves the demo clock (POST /api/v1/system/clock/advance)',
      state: 'present',
    });
    return admin;
  }

  /** An officer invited by the administrator, with the demo password; null when it exists with another. */
  async officer(admin: Actor, p: OfficerPersona, details: string): Promise<Actor | null> {
    const { password } = this;
    const line: PersonaLine = {
      role: p.role,
      name: `${p.givenNames} ${p.surname}`,
      email: p.email,
      password,
      details,
      state: 'present',
    };
    this.report.personas.push(line);
    const existing = await this.login(p.email, password);
    if (existing instanceof Actor) return existing;
    const officers = await admin.call<{ email: string }[]>('identity.listOfficers');
    if (officers.some((o) => o.email.toLowerCase() === p.email.toLowerCase())) {
      line.state = 'skipped';
      line.note = 'exists, but the demo password no longer works (changed?)';
      this.report.warnings.push(`${p.email}: ${line.note}; left as it is`);
      return null;
    }
    await this.mailbox.open();
    const since = this.deps.clock.now().getTime();
    await admin.call('identity.createOfficer', {
      email: p.email,
      givenNames: p.givenNames,
      surname: p.surname,
      role: p.role,
      ...(p.office ? { office: p.office } : {}),
    });
    const invitation = await this.mailbox.next(p.email, ['officer-invitation'], since);
    await this.anonymous('identity.completePasswordReset', {
      email: p.email,
      code: invitation.code,
      newPassword: password,
    });
    line.state = 'created';
    this.changed(`officer ${p.email} (${p.role}${p.office ? ` ${p.office}` : ''})`);
    return this.mustLogin(p.email, password);
  }

  /** A confirmed account with the demo password; null when the address is taken with another password. */
  private async account(p: ClientPersona, line: PersonaLine): Promise<Actor | null> {
    const { password, mailbox } = this;
    const a = await this.login(p.email, password);
    if (a === null) {
      await mailbox.open();
      const since = this.deps.clock.now().getTime();
      await this.anonymous('identity.registerAccount', { email: p.email, password });
      const m = await mailbox.next(p.email, ['verify-email', 'account-exists'], since);
      if (m.template === 'account-exists') {
        line.state = 'skipped';
        line.note = 'exists, but the demo password no longer works (changed?)';
        this.report.warnings.push(`${p.email}: ${line.note}; left as it is`);
        return null;
      }
      await this.anonymous('identity.verifyEmail', { email: p.email, code: m.code });
      line.state = 'created';
      this.changed(`account ${p.email}`);
    } else if (a === 'unverified') {
      await mailbox.open();
      const since = this.deps.clock.now().getTime();
      await this.anonymous('identity.resendVerification', { email: p.email });
      const m = await mailbox.next(p.email, ['verify-email'], since);
      await this.anonymous('identity.verifyEmail', { email: p.email, code: m.code });
      this.changed(`account ${p.email} confirmed`);
    }
    return this.mustLogin(p.email, password);
  }

  /** A client persona: account, registered person, extended scope (ID-01..ID-03). */
  private async client(registrar: Actor, p: ClientPersona, line: PersonaLine): Promise<Actor | null> {
    this.report.personas.push(line);
    let a = await this.account(p, line);
    if (!a) return null;
    let me = await a.call<MeView>('identity.me');
    if (!me.person) {
      try {
        await a.call('identity.registerPerson', {
          givenNames: p.givenNames,
          surname: p.surname,
          pesel: p.pesel,
          citizenship: 'PL',
        });
      } catch (e) {
        if (errCode(e) !== 409) throw e;
        line.state = 'skipped';
        line.note = `PESEL ${p.pesel} is registered to another account`;
        this.report.warnings.push(`${p.email}: ${line.note}`);
        return null;
      }
      this.changed(`person ${p.givenNames} ${p.surname} (${p.email})`);
      a = await this.mustLogin(p.email, this.password);
      me = await a.call<MeView>('identity.me');
    }
    const person = me.person!;
    if (person.scope !== 'extended') {
      // ID-03: confirmed by the registration officer after an in-person visit (the demo's visit).
      if (!person.scopeRequest) await a.call('identity.requestExtendedScope', { method: 'in-person' });
      await registrar.call('identity.confirmExtendedScope', {
        personId: person.personId,
        note: 'demo mode: identity confirmed (demo persona)',
      });
      this.changed(`extended scope for ${p.email}`);
      a = await this.mustLogin(p.email, this.password);
    }
    return a;
  }

  private async companyByNip(registrar: Actor, nip: string): Promise<CompanyView | null> {
    try {
      return await registrar.call<CompanyView>('registry.getCompany', { nip });
    } catch (e) {
      if (errCode(e) === 404 || errType(e) === 'not-found') return null;
      throw e;
    }
  }

  /** The company registered (by `submitter`) and approved with its EORI (REG-01, REG-02). */
  private async company(
    registrar: Actor,
    c: CompanyPersona,
    submitter: Actor,
    declareByLaw: boolean,
  ): Promise<CompanyView> {
    const line = {
      name: c.name,
      nip: c.nip,
      eori: null as string | null,
      companyId: null as string | null,
      state: 'present' as 'created' | 'present' | 'skipped',
    };
    this.report.companies.push(line);
    let co = await this.companyByNip(registrar, c.nip);
    if (!co) {
      co = await submitter.call<CompanyView>('registry.registerCompany', { ...c, declareByLaw });
      this.changed(`company ${c.name} registered (NIP ${c.nip})`);
      line.state = 'created';
    }
    if (co.status === 'submitted') {
      co = await registrar.call<CompanyView>('registry.approveCompany', {
        id: co.id,
        note: 'demo mode: registration approved',
      });
      this.changed(`company ${c.name} approved, EORI ${co.eori ?? '?'}`);
    }
    line.eori = co.eori ?? null;
    line.companyId = co.id;
    if (co.status !== 'approved') {
      line.state = 'skipped';
      this.report.warnings.push(`${c.name}: the registry has it as ${co.status}; left as it is`);
    }
    return co;
  }

  /** A representation of `companyId` by `actor`: requested if missing, approved by the registration officer. */
  private async representation(
    registrar: Actor,
    actor: Actor,
    companyId: string,
    kind: string,
    permissions: readonly string[],
    documents?: Record<string, unknown>,
  ): Promise<RepresentationView | null> {
    const mine = async () =>
      (await actor.call<MeView>('identity.me')).representations.find(
        (r) => r.company.id === companyId && r.kind === kind && !['rejected', 'revoked', 'expired'].includes(r.status),
      );
    let rep = await mine();
    if (!rep) {
      rep = await actor.call<RepresentationView>('identity.requestRepresentation', {
        companyId,
        kind,
        permissions: [...permissions],
        ...(documents ? { documents } : {}),
      });
      this.changed(`representation ${kind} of ${companyId} by ${actor.email} requested`);
    }
    if (rep.status === 'requested') {
      rep = await registrar.call<RepresentationView>('identity.approveRepresentation', {
        id: rep.id,
        note: 'demo mode: documents checked',
      });
      this.changed(`representation ${kind} of ${companyId} by ${actor.email} approved`);
    }
    return rep.status === 'approved' ? rep : null;
  }

  /** The company and its by-law representative; returns the company's id once registered. */
  async owner(registrar: Actor): Promise<string | null> {
    const owner = await this.client(registrar, OWNER, {
      role: 'client (by-law)',
      name: `${OWNER.givenNames} ${OWNER.surname}`,
      email: OWNER.email,
      password: this.password,
      details: `board member of ${ROLMEX.name}, EORI ${eoriOf(ROLMEX.nip)}; extended scope; no certificate yet (docs/demo.md)`,
      state: 'present',
    });
    if (!owner) return null;
    const rolmex = await this.company(registrar, ROLMEX, owner, true);
    if (rolmex.status === 'approved') {
      // registry.company.registered (declareByLaw) → identity creates the pending by-law
      // representation; registry.eori.assigned approves it. Both arrive as durable events.
      const byLaw = await this.until('the by-law representation of the company owner', async () => {
        const me = await owner.call<MeView>('identity.me');
        return (
          me.representations.find(
            (r) => r.company.id === rolmex.id && r.kind === 'by-law' && r.status === 'approved',
          ) ?? null
        );
      }).catch(async () => this.representation(registrar, owner, rolmex.id, 'by-law', OWNER_PERMISSIONS));
      if (!byLaw) this.report.warnings.push(`${OWNER.email}: no approved by-law representation of ${ROLMEX.name}`);
    }
    return rolmex.id;
  }

  /** The customs agency employee: the agency, their employment, the indirect representation of the company. */
  async agent(registrar: Actor, rolmexId: string | null): Promise<void> {
    const agent = await this.client(registrar, AGENT, {
      role: 'client (customs agency)',
      name: `${AGENT.givenNames} ${AGENT.surname}`,
      email: AGENT.email,
      password: this.password,
      details: `employee of ${AGENCY.name}; indirect customs representative of ${ROLMEX.name}; extended scope`,
      state: 'present',
    });
    if (!agent) return;
    const agency = await this.company(registrar, AGENCY, agent, false);
    if (agency.status === 'approved')
      await this.representation(
        registrar,
        agent,
        agency.id,
        'employee-attorney',
        AGENCY_EMPLOYEE_PERMISSIONS,
        PAPER_AUTHORISATION,
      );
    if (rolmexId) {
      const indirect = await this.representation(
        registrar,
        agent,
        rolmexId,
        'customs-indirect',
        AGENT_PERMISSIONS,
        PAPER_AUTHORISATION,
      );
      if (!indirect) this.report.warnings.push(`${AGENT.email}: no approved indirect representation of ${ROLMEX.name}`);
    }
  }
}

/** The claims of a token identity has just issued to us in this process (no need to verify it). */
function claimsOf(jwt: string): Record<string, unknown> & { sub?: string } {
  const part = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown> & { sub?: string };
}

function readFileOrEmpty(file: string | undefined): string {
  if (!file) return '';
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
