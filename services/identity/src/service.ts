import { createHash, randomBytes } from 'node:crypto';
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import {
  conflict,
  forbidden,
  invalid,
  invalidField,
  isAppError,
  newId,
  notFound,
  ruleViolation,
  tooMany,
  unauthorized,
  type FieldProblem,
} from '@puesc/kernel';
import type { Doc, PendingEvent } from '@puesc/store';
import { idempotentHandler, newEvent, type CloudEvent } from '@puesc/events';
import { callerOf, type Caller, type Ctx, type Role, type ServiceDeps } from '@puesc/service';
import { readSettings, type IdentitySettings } from './config';
import { SOURCE, registerIdentityEvents, type EventSubject, type MAIL_TEMPLATES } from './contracts';
import { KeyRing } from './keyring';
import { AuthzCache } from './authzCache';
import { ctxCaller, pkiSignatureVerifier, registryCompanyDirectory, type CompanyDirectory } from './adapters';
import {
  forInsert,
  fromDoc,
  openCollections,
  toDoc,
  type AccountDoc,
  type PersonDoc,
  type RepresentationDoc,
} from './store';
import { accountView, legacyView, personView, representationView, versionsView } from './views';
import * as P from './params';
import {
  authorize as decide,
  authorizeAgency as decideAgency,
  checkCode,
  checkPassword,
  checkThrottle,
  closePerson,
  confirmInPerson,
  decoyHash,
  formatIdSisc,
  grantRole,
  hashPassword,
  identityKey,
  isOfficer,
  issueCode,
  legacyRecordId,
  link,
  nipLoginMatches,
  normaliseEmail,
  parseLegacyFile,
  parseRefreshToken,
  prepareSignedRequest,
  recordFailure,
  registerPerson,
  requestInPerson,
  applySignedRequest,
  resolveIdentity,
  revokeChain,
  rotate,
  signAccessToken,
  startChain,
  updatePerson,
  validEmail,
  verifyPassword,
  withdrawScope,
  warsawDate,
  PERMISSIONS,
  approve as approveRep,
  reject as rejectRep,
  revoke as revokeRep,
  amend as amendRep,
  requestRepresentation as requestRep,
  expireIfDue,
  revokeForClosure,
  effectiveStatus,
  belongsToChain,
  type Account,
  type Author,
  type CodePurpose,
  type Decision,
  type LegacyRecord,
  type OfficerRole,
  type Person,
  type Representation,
  type RevokeReason,
  type SignatureVerifier,
  type ThrottlePolicy,
  type FailureRecord,
  type PersonInput,
  type RepresentationDocuments,
} from './domain';
import { validateEori, validateNip } from '@puesc/identifiers';

export interface IdentityOverrides {
  /** Replaces `pki.verifySignature` (tests only). */
  signatureVerifier?: SignatureVerifier;
  /** Replaces `registry.getCompany` (tests only). */
  companyDirectory?: CompanyDirectory;
  settings?: Partial<IdentitySettings>;
}

type WithVersion<T> = T & { version: number };
const INVALIDATE = 'identity.authz.invalidate';
const REGISTRY_CONSUMER = 'identity-registry';
const INVALID_CREDENTIALS = 'Invalid e-mail or password';
const CODE_REFUSED = 'The code is invalid or has expired';

/** The Moleculer service `identity` (e-Klient SC). */
export function createIdentityService(deps: ServiceDeps, overrides: IdentityOverrides = {}): ServiceSchema {
  registerIdentityEvents();
  const settings: IdentitySettings = { ...readSettings(deps.env), ...overrides.settings };
  const policy = settings.policy;
  const timing = {
    accessTtlSec: policy.tokens.accessTtlSec,
    clockSkewSec: policy.tokens.clockSkewSec,
    rotateAfterSec: policy.keys.rotateAfterSec,
    prePublishSec: policy.keys.prePublishSec,
  };
  const db = openCollections(deps.store);
  const log = deps.logger;
  const keyring = new KeyRing(db.signingKeys, deps.clock, timing, settings.keySecret, log);
  const cache = new AuthzCache(policy.authorizeCacheMs);
  const now = (): Date => deps.clock.now();
  let broker: ServiceBroker | undefined;
  let decoy: Promise<string> | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let registrySub: { stop(): Promise<void> } | undefined;

  const verifierOf = (ctx: Ctx<unknown>): SignatureVerifier =>
    overrides.signatureVerifier ?? pkiSignatureVerifier(ctxCaller(ctx));
  const directoryOf = (ctx: Ctx<unknown> | null): CompanyDirectory =>
    overrides.companyDirectory ??
    registryCompanyDirectory(ctx ? ctxCaller(ctx) : { call: (a, p, o) => broker!.call(a, p, o) });

  // ---- writing -------------------------------------------------------------------------------

  const event = (subject: EventSubject, data: Record<string, unknown>, ext?: Record<string, string>): PendingEvent =>
    newEvent({ source: SOURCE, subject, data, time: now(), ...(ext ? { ext } : {}) }, { strict: true });

  const mail = (
    to: string,
    template: (typeof MAIL_TEMPLATES)[number],
    extra: Record<string, unknown> = {},
  ): PendingEvent => event('identity.mail.requested', { to, template, locale: 'pl', ...extra });

  const kick = (events?: PendingEvent[]) => {
    if (events?.length) deps.kickRelay();
  };

  const invalidate = (accountIds: string[]) => {
    cache.invalidate(accountIds);
    broker?.broadcast(INVALIDATE, { accountIds }).catch(() => undefined);
  };

  const isConcurrency = (e: unknown) => isAppError(e) && e.type === 'concurrent-modification';
  const isConflict = (e: unknown) => isAppError(e) && e.type === 'conflict';

  /** Runs load → decide → save again when another writer got in between (optimistic concurrency). */
  async function retrying<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await fn();
      } catch (e) {
        if (!isConcurrency(e) || i >= attempts) throw e;
      }
    }
  }

  async function saveAccount(
    a: Account & { version?: number },
    events: PendingEvent[] = [],
  ): Promise<WithVersion<Account>> {
    const saved = await db.accounts.update(toDoc(a) as unknown as Doc<AccountDoc>, { events });
    kick(events);
    return fromDoc<Account>(saved as never);
  }

  const personDoc = (p: Person & { version?: number }): Doc<PersonDoc> => {
    const key = identityKey(p.identity);
    const active = p.status === 'active';
    return {
      ...(toDoc(p as WithVersion<Person>) as object),
      identityKey: key,
      activeIdentityKey: active ? key : undefined,
      activeAccountId: active ? p.accountId : undefined,
    } as unknown as Doc<PersonDoc>;
  };

  async function savePerson(
    p: Person & { version?: number },
    events: PendingEvent[] = [],
  ): Promise<WithVersion<Person>> {
    try {
      const saved = await db.persons.update(personDoc(p), { events });
      kick(events);
      return fromDoc<Person>(saved as never);
    } catch (e) {
      if (isConflict(e))
        throw conflict(
          'a person with this identity already has an active account; one active account per person',
          'ID-02',
        );
      throw e;
    }
  }

  const repDoc = (r: Representation & { version?: number; origin?: string }): Doc<RepresentationDoc> =>
    ({
      ...(toDoc(r as WithVersion<Representation>) as object),
      companyId: r.company.id,
    }) as unknown as Doc<RepresentationDoc>;

  async function saveRep(
    r: Representation & { version?: number },
    events: PendingEvent[] = [],
  ): Promise<WithVersion<Representation>> {
    const saved = await db.representations.update(repDoc(r), { events });
    kick(events);
    invalidate([r.accountId]);
    return fromDoc<Representation>(saved as never);
  }

  // ---- reading -------------------------------------------------------------------------------

  async function accountById(id: string): Promise<WithVersion<Account> | null> {
    const d = await db.accounts.get(id);
    return d ? fromDoc<Account>(d as never) : null;
  }
  async function accountByEmail(email: string): Promise<WithVersion<Account> | null> {
    const d = await db.accounts.findOne({ email });
    return d ? fromDoc<Account>(d as never) : null;
  }
  async function personById(id: string): Promise<WithVersion<Person> | null> {
    const d = await db.persons.get(id);
    return d ? fromDoc<Person>(d as never) : null;
  }
  async function personOfAccount(accountId: string): Promise<WithVersion<Person> | null> {
    const d = await db.persons.findOne({ activeAccountId: accountId });
    return d ? fromDoc<Person>(d as never) : null;
  }
  async function repById(id: string): Promise<WithVersion<Representation>> {
    const d = await db.representations.get(id);
    if (!d) throw notFound('representation', id);
    return fromDoc<Representation>(d as never);
  }
  async function repsOfPerson(personId: string): Promise<WithVersion<Representation>[]> {
    return (await db.representations.find({ personId })).map((d) => fromDoc<Representation>(d as never));
  }
  async function repsOfCompany(companyId: string): Promise<WithVersion<Representation>[]> {
    return (await db.representations.find({ companyId })).map((d) => fromDoc<Representation>(d as never));
  }

  /** The caller's account, which must still be active (a token outlives a closed account by minutes). */
  async function activeAccount(ctx: Ctx<unknown>): Promise<WithVersion<Account>> {
    const caller = callerOf(ctx);
    const a = await accountById(caller.id);
    if (!a || a.status !== 'active') throw unauthorized('the account is closed or unknown');
    return a;
  }

  /** An officer action: the role is checked on the current account, not only the token. */
  async function officer(
    ctx: Ctx<unknown>,
    ...roles: Role[]
  ): Promise<{ account: WithVersion<Account>; author: Author }> {
    const caller = callerOf(ctx);
    if (!caller.roles.some((r) => roles.includes(r))) throw forbidden(`requires role ${roles.join(' or ')}`);
    const account = await activeAccount(ctx);
    const role = account.roles.find((r) => roles.includes(r));
    if (!role) throw forbidden(`requires role ${roles.join(' or ')}`);
    return { account, author: { accountId: account.id, as: role as Author['as'] } };
  }

  const hasRole = (caller: Caller, ...roles: Role[]) => caller.roles.some((r) => roles.includes(r));

  async function myPerson(ctx: Ctx<unknown>): Promise<{ account: WithVersion<Account>; person: WithVersion<Person> }> {
    const account = await activeAccount(ctx);
    const person = await personOfAccount(account.id);
    if (!person) throw ruleViolation('ID-01', 'register the person of this account first');
    return { account, person };
  }

  /** Whether the account holds an active by-law representation of the company. */
  async function isByLawOf(accountId: string, companyId: string): Promise<boolean> {
    const person = await personOfAccount(accountId);
    if (!person) return false;
    const t = now();
    return (await db.representations.find({ personId: person.id, companyId, kind: 'by-law', status: 'approved' })).some(
      (d) => effectiveStatus(fromDoc<Representation>(d as never), t) === 'approved',
    );
  }

  /** Whether the account may see all representations of a company: by-law, or company.manage. */
  async function managesCompany(accountId: string, companyId: string): Promise<boolean> {
    if (await isByLawOf(accountId, companyId)) return true;
    return (await authorizeFor(accountId, companyId, 'company.manage')).allowed;
  }

  // ---- throttling ----------------------------------------------------------------------------

  const throttleKey = (kind: string, value: string) =>
    `${kind}:${createHash('sha256').update(value).digest('base64url').slice(0, 32)}`;
  interface Throttled {
    key: string;
    policy: ThrottlePolicy;
  }

  async function throttleCheck(keys: Throttled[]): Promise<void> {
    let wait = 0;
    for (const k of keys) {
      const d = checkThrottle((await db.throttles.get(k.key)) as FailureRecord | null, now(), k.policy);
      if (!d.allowed) wait = Math.max(wait, d.retryAfterSec);
    }
    if (wait) throw tooMany(`Too many failed attempts; try again in ${wait} s`, wait);
  }

  async function throttleFail(k: Throttled): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const cur = await db.throttles.get(k.key);
      const next = recordFailure(cur as FailureRecord | null, now(), k.policy);
      try {
        if (cur) await db.throttles.update({ ...cur, ...next, lockedUntil: next.lockedUntil ?? null });
        else await db.throttles.insert({ _id: k.key, ...next, lockedUntil: next.lockedUntil ?? null });
        return;
      } catch (e) {
        // another failure was recorded meanwhile: count on top of it
        if (!isConcurrency(e) && !isConflict(e)) throw e;
      }
    }
  }

  async function throttleClear(k: Throttled): Promise<void> {
    const cur = await db.throttles.get(k.key);
    if (!cur || cur.failures === 0) return;
    await db.throttles.update({ ...cur, failures: 0, lockedUntil: null }).catch((e) => {
      if (!isConcurrency(e)) throw e;
    });
  }

  const loginKeys = (email: string, ip: string | undefined): Throttled[] => [
    { key: throttleKey('acct', email), policy: policy.accountThrottle },
    ...(ip ? [{ key: throttleKey('ip', ip), policy: policy.addressThrottle }] : []),
  ];

  // ---- passwords & sessions ------------------------------------------------------------------

  const decoyHashOnce = (): Promise<string> => (decoy ??= decoyHash(policy.scrypt));

  function passwordProblems(password: string, email: string, field = 'password'): void {
    const problems = checkPassword(password, email, policy.password, field);
    if (problems.length) throw invalid(problems);
  }

  /** Checks the password of an active account, throttled like a login. */
  async function reauthenticate(account: WithVersion<Account>, password: string, ip?: string): Promise<void> {
    const keys = loginKeys(account.email, ip);
    await throttleCheck(keys);
    const r = await verifyPassword(password, account.passwordHash, policy.scrypt);
    if (!r.ok) {
      for (const k of keys) await throttleFail(k);
      throw unauthorized('The password is wrong');
    }
  }

  async function scopeOf(account: Account): Promise<{ scope: 'basic' | 'extended'; personId: string | null }> {
    const person = await personOfAccount(account.id);
    // Officers were identified by the administrator who created them.
    const extended = person?.scope === 'extended' || isOfficer(account.roles);
    return { scope: extended ? 'extended' : 'basic', personId: person?.id ?? null };
  }

  async function accessToken(account: Account) {
    const { scope, personId } = await scopeOf(account);
    const { token, claims } = await signAccessToken(
      { accountId: account.id, personId, scope, roles: account.roles, office: account.office ?? null },
      await keyring.signer(),
      now(),
      policy.tokens,
    );
    return {
      accessToken: token,
      tokenType: 'Bearer' as const,
      expiresIn: policy.tokens.accessTtlSec,
      scope,
      personId,
      roles: [...claims.roles],
    };
  }

  async function startSession(account: Account) {
    const chainId = newId();
    const { chain, token } = startChain(chainId, account.id, now(), policy.tokens);
    await db.refreshTokens.insert({ _id: chainId, ...chain });
    return {
      ...(await accessToken(account)),
      refreshToken: token,
      refreshExpiresAt: chain.current.expiresAt.toISOString(),
    };
  }

  async function revokeAllChains(accountId: string, reason: RevokeReason): Promise<number> {
    let n = 0;
    for (const c of await db.refreshTokens.find({ accountId })) if (!c.revokedAt) n += await revokeOne(c._id, reason);
    return n;
  }
  async function revokeOne(chainId: string, reason: RevokeReason): Promise<number> {
    return retrying(async () => {
      const c = await db.refreshTokens.get(chainId);
      if (!c || c.revokedAt) return 0;
      await db.refreshTokens.update({ ...c, ...revokeChain(c, reason, now()) });
      return 1;
    });
  }

  // ---- one-time codes ------------------------------------------------------------------------

  /** Stores a fresh code on the account and returns the mail event carrying it. */
  function withCode(
    a: WithVersion<Account>,
    purpose: CodePurpose,
    template: Parameters<typeof mail>[1],
    ttlSec?: number,
  ) {
    const { code, stored } = issueCode(purpose, now(), { ...policy.oneTimeCode, ...(ttlSec ? { ttlSec } : {}) });
    const next: WithVersion<Account> = { ...a, codes: { ...a.codes, [purpose]: stored } };
    return {
      next,
      event: mail(a.email, template, { accountId: a.id, oneTimeCode: code, expiresAt: stored.expiresAt.toISOString() }),
    };
  }

  /** Checks a presented code; a wrong one is counted; a refusal never says why. */
  async function consumeCode(
    a: WithVersion<Account>,
    purpose: CodePurpose,
    code: string,
  ): Promise<WithVersion<Account>> {
    const r = checkCode(a.codes?.[purpose], purpose, code, now(), policy.oneTimeCode);
    const codes = { ...a.codes };
    if (r.ok) {
      delete codes[purpose];
      return { ...a, codes };
    }
    if (r.stored) codes[purpose] = r.stored;
    else delete codes[purpose];
    await saveAccount({ ...a, codes }).catch(() => undefined);
    throw invalidField('code', CODE_REFUSED);
  }

  // ---- authorization -------------------------------------------------------------------------

  async function authorizeFor(accountId: string, companyId: string, permission: string): Promise<Decision> {
    const t = now();
    const key = `${companyId}|${permission}`;
    const cached = cache.get(accountId, key, t.getTime());
    if (cached) return cached;
    const account = await accountById(accountId);
    const person = account && account.status === 'active' ? await personOfAccount(account.id) : null;
    const decision = decide({
      account: account ? { id: account.id, status: account.status } : null,
      person: person ? { id: person.id, scope: person.scope, status: person.status } : null,
      companyId,
      permission,
      representations: person ? await repsOfPerson(person.id) : [],
      now: t,
      extendedScopePermissions: policy.extendedScopePermissions,
    });
    cache.set(accountId, key, decision, t.getTime());
    return decision;
  }

  // ---- representations -----------------------------------------------------------------------

  function repEvent(
    subject: EventSubject,
    r: Representation,
    by: Author,
    extra: Record<string, unknown> = {},
  ): PendingEvent {
    const status = effectiveStatus(r, now());
    return event(
      subject,
      {
        representationId: r.id,
        personId: r.personId,
        accountId: r.accountId,
        companyId: r.company.id,
        companyName: r.company.name ?? null,
        nip: r.company.nip ?? null,
        eori: r.company.eori ?? null,
        kind: r.kind,
        permissions: [...r.permissions],
        endDate: r.endDate ?? null,
        status: status === 'requested' || status === 'rejected' ? 'approved' : status,
        at: now().toISOString(),
        by: { accountId: by.accountId, as: by.as },
        ...extra,
      },
      {
        companyid: r.company.id,
        ...(r.company.nip ? { nip: r.company.nip } : {}),
        ...(r.company.eori ? { eori: r.company.eori } : {}),
      },
    );
  }

  async function decisionMail(r: Representation, decision: 'approved' | 'rejected'): Promise<PendingEvent[]> {
    const a = await accountById(r.accountId);
    if (!a || a.status !== 'active') return [];
    return [
      mail(a.email, 'representation-decided', {
        accountId: a.id,
        params: {
          representationId: r.id,
          companyName: r.company.name ?? null,
          decision,
          reason: r.rejectionReason ?? null,
        },
      }),
    ];
  }

  const SYSTEM_REGISTRY: Author = { accountId: 'registry', as: 'system' };

  /** Expires approved representations past their end date (sweep). */
  async function expireDue(): Promise<number> {
    const today = warsawDate(now());
    let n = 0;
    for (const d of await db.representations.find({ status: 'approved', endDate: { $lt: today } })) {
      await retrying(async () => {
        const r = await repById(d._id);
        const expired = expireIfDue(r, now());
        if (!expired) return;
        await saveRep(expired, [
          repEvent('identity.representation.expired', expired, { accountId: 'system', as: 'system' }),
        ]);
        n++;
      }).catch((e) => log.warn({ err: (e as Error).message, representationId: d._id }, 'identity: expiry failed'));
    }
    return n;
  }

  /** Reacts to registry facts: a declared by-law representative, the registration's approval, rejection, removal. */
  async function onRegistryEvent(e: CloudEvent): Promise<void> {
    const data = e.data as {
      companyId?: string;
      declareByLaw?: boolean;
      origin?: string;
      submittedBy?: { accountId?: string; personId?: string };
      eori?: string;
      reason?: string;
      company?: { id?: string; eori?: string; data?: { name?: string; nip?: string } };
    };
    const companyId = data.companyId ?? data.company?.id;
    if (!companyId) return;
    const subject = e.subject ?? e.type.replace(/^puesc\.|\.v\d+$/g, '');
    const company = {
      id: companyId,
      name: data.company?.data?.name ?? null,
      nip: data.company?.data?.nip ?? null,
      eori: data.company?.eori ?? data.eori ?? null,
    };
    const fromRegistry = async () =>
      (await db.representations.find({ companyId, origin: 'registry', status: 'requested' })).map((d) =>
        fromDoc<Representation>(d as never),
      );

    if (subject === 'registry.company.registered') {
      if (!data.declareByLaw || data.origin === 'legacy-import') return;
      const person = data.submittedBy?.personId
        ? await personById(data.submittedBy.personId)
        : data.submittedBy?.accountId
          ? await personOfAccount(data.submittedBy.accountId)
          : null;
      if (!person || person.status !== 'active') {
        log.warn(
          { companyId },
          'identity: declared by-law representative has no registered person; no representation created',
        );
        return;
      }
      let r: Representation;
      try {
        r = requestRep(
          { kind: 'by-law', permissions: [...PERMISSIONS] },
          { id: `reg-${companyId}-${person.id}`, person, company, existing: await repsOfPerson(person.id), now: now() },
        );
      } catch (err) {
        // already requested or approved (a redelivery, or the person asked first): nothing to do
        if (isAppError(err) && (err.code === 409 || err.code === 422)) {
          log.info({ companyId, err: err.message }, 'identity: no by-law representation created from the registration');
          return;
        }
        throw err;
      }
      try {
        await db.representations.insert(forInsert({ ...repDoc(r), origin: 'registry' }) as never);
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
      invalidate([person.accountId]);
    } else if (subject === 'registry.eori.assigned') {
      for (const r of await fromRegistry()) {
        const approved = approveRep(
          { ...r, company: { ...r.company, eori: company.eori ?? r.company.eori ?? null } },
          SYSTEM_REGISTRY,
          now(),
          policy.stampDutyPln,
        );
        await saveRep(approved, [repEvent('identity.representation.granted', approved, SYSTEM_REGISTRY)]);
      }
    } else if (subject === 'registry.company.rejected') {
      for (const r of await fromRegistry())
        await saveRep(rejectRep(r, SYSTEM_REGISTRY, data.reason || 'company registration rejected', now()));
    } else if (subject === 'registry.company.removed') {
      for (const r of await repsOfCompany(companyId)) {
        const st = effectiveStatus(r, now());
        if (st === 'approved') {
          const x = revokeRep(
            r,
            { author: SYSTEM_REGISTRY, isOfficer: true, isByLawOfCompany: false },
            'company removed from the registry',
            now(),
          );
          await saveRep(x, [
            repEvent('identity.representation.revoked', x, SYSTEM_REGISTRY, { reason: x.endReason ?? null }),
          ]);
        } else if (st === 'requested')
          await saveRep(rejectRep(r, SYSTEM_REGISTRY, 'company removed from the registry', now()));
      }
    }
  }

  // ---- start-up ------------------------------------------------------------------------------

  async function bootstrapAdmin(): Promise<void> {
    const admin = settings.admin;
    if (!admin) return;
    const email = validEmail(admin.email, 'ADMIN_EMAIL');
    const existing = await accountByEmail(email);
    let accountId: string;
    if (existing) {
      accountId = existing.id;
      if (!existing.roles.includes('admin')) await saveAccount(grantRole(existing, 'admin', existing.office));
    } else {
      const problems = checkPassword(admin.password, email, policy.password, 'ADMIN_PASSWORD');
      if (problems.length)
        throw new Error(
          `ADMIN_PASSWORD does not meet the password policy: ${problems.map((p) => p.message).join('; ')}`,
        );
      accountId = newId();
      try {
        await db.accounts.insert({
          _id: accountId,
          email,
          passwordHash: await hashPassword(admin.password, policy.scrypt),
          emailVerified: true,
          status: 'active',
          roles: ['admin'],
          createdAt: now(),
          verifiedAt: now(),
          codes: {},
        } as never);
        log.info({ accountId }, 'identity: first administrator created');
      } catch (e) {
        if (!isConflict(e)) throw e;
        return; // another replica created it
      }
    }
    if (!(await db.officers.findOne({ accountId }))) {
      await db.officers
        .insert({
          _id: accountId,
          accountId,
          email,
          givenNames: 'Platform',
          surname: 'Administrator',
          roles: ['admin'],
          createdBy: 'configuration',
          createdAt: now(),
        })
        .catch((e) => {
          if (!isConflict(e)) throw e;
        });
    }
  }

  async function sweep(): Promise<void> {
    try {
      await keyring.maintain();
      await expireDue();
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'identity: sweep failed');
    }
  }

  // ---- actions -------------------------------------------------------------------------------

  const tags = {
    accounts: ['Accounts'],
    auth: ['Authentication'],
    persons: ['Persons'],
    scope: ['Extended scope'],
    officers: ['Officers'],
    reps: ['Representations'],
    legacy: ['Legacy linking'],
    admin: ['Administration'],
  };

  const schema: ServiceSchema = {
    name: 'identity',

    events: {
      [INVALIDATE]: {
        // declared, not guessed from the parameter's name (the bundler may rename it)
        context: true,
        handler(ctx: { params: { accountIds?: string[] } }) {
          cache.invalidate(ctx.params?.accountIds);
        },
      },
    },

    actions: {
      // -- accounts --------------------------------------------------------------------------
      registerAccount: {
        rest: 'POST /api/v1/accounts',
        rateLimit: { max: 20, timeWindow: 60_000 },
        auth: 'public',
        openapi: {
          summary: 'Create an account (ID-01 step 1)',
          description:
            'Creates an account with an e-mail address and a password (at least 12 characters, not containing the e-mail, not a common password) and e-mails a one-time code to confirm the address. The answer is the same whether or not the address already has an account.',
          tags: tags.accounts,
          status: 202,
          examples: { request: { email: 'jan.kowalski@example.pl', password: 'plum-orchard-window-77' } },
        },
        params: P.registerAccount,
        async handler(ctx: Ctx<{ email: string; password: string }>) {
          const email = validEmail(ctx.params.email);
          passwordProblems(ctx.params.password, email);
          // Hash first, in every case, so that the answer time does not reveal an existing account.
          const passwordHash = await hashPassword(ctx.params.password, policy.scrypt);
          const reply = {
            status: 'pending-verification',
            message: 'If the address can be used, a confirmation code was sent to it.',
          };
          const existing = await accountByEmail(email);
          if (existing) {
            const ev = [mail(email, 'account-exists', { accountId: existing.id })];
            await retrying(async () => saveAccount((await accountByEmail(email))!, ev)).catch(() => undefined);
            return reply;
          }
          const id = newId();
          const { code, stored } = issueCode('verify-email', now(), policy.oneTimeCode);
          const account: Account = {
            id,
            email,
            passwordHash,
            emailVerified: false,
            status: 'active',
            roles: ['client'],
            createdAt: now(),
            codes: { 'verify-email': stored },
          };
          const events = [
            mail(email, 'verify-email', {
              accountId: id,
              oneTimeCode: code,
              expiresAt: stored.expiresAt.toISOString(),
            }),
          ];
          try {
            await db.accounts.insert(forInsert(toDoc(account)) as never, { events });
            kick(events);
          } catch (e) {
            if (!isConflict(e)) throw e;
          }
          return reply;
        },
      },

      verifyEmail: {
        rest: 'POST /api/v1/accounts/verify-email',
        rateLimit: { max: 30, timeWindow: 60_000 },
        auth: 'public',
        openapi: {
          summary: 'Confirm the e-mail address with the one-time code',
          tags: tags.accounts,
          examples: { request: { email: 'jan.kowalski@example.pl', code: '123456' } },
        },
        params: P.verifyEmail,
        async handler(ctx: Ctx<{ email: string; code: string }>) {
          const a = await accountByEmail(normaliseEmail(ctx.params.email));
          if (!a || a.status !== 'active' || a.emailVerified) throw invalidField('code', CODE_REFUSED);
          const next = await consumeCode(a, 'verify-email', ctx.params.code);
          await saveAccount({ ...next, emailVerified: true, verifiedAt: now() });
          return { verified: true };
        },
      },

      resendVerification: {
        rest: 'POST /api/v1/accounts/verify-email/resend',
        rateLimit: { max: 10, timeWindow: 60_000 },
        auth: 'public',
        openapi: {
          summary: 'Send a new e-mail confirmation code',
          tags: tags.accounts,
          status: 202,
          examples: { request: { email: 'jan.kowalski@example.pl' } },
        },
        params: P.emailOnly,
        async handler(ctx: Ctx<{ email: string }>) {
          const a = await accountByEmail(normaliseEmail(ctx.params.email));
          if (a && a.status === 'active' && !a.emailVerified) {
            const { next, event: ev } = withCode(a, 'verify-email', 'verify-email');
            await saveAccount(next, [ev]).catch(() => undefined);
          }
          return {
            status: 'sent-if-pending',
            message: 'If the address has an unconfirmed account, a new code was sent to it.',
          };
        },
      },

      login: {
        rest: 'POST /api/v1/auth/login',
        rateLimit: { max: 60, timeWindow: 60_000 },
        auth: 'public',
        openapi: {
          summary: 'Log in: short-lived access token (ES256) and a rotating refresh token',
          description:
            'Unknown e-mail and wrong password get the same answer. Repeated failures lock the account key and the client address for a growing time (429 with Retry-After).',
          tags: tags.auth,
          examples: { request: { email: 'jan.kowalski@example.pl', password: 'plum-orchard-window-77' } },
        },
        params: P.login,
        async handler(ctx: Ctx<{ email: string; password: string }>) {
          const email = normaliseEmail(ctx.params.email);
          const keys = loginKeys(email, ctx.meta.ip);
          await throttleCheck(keys);
          const found = await accountByEmail(email);
          const account = found && found.status === 'active' ? found : null;
          const r = await verifyPassword(
            ctx.params.password,
            account?.passwordHash ?? (await decoyHashOnce()),
            policy.scrypt,
          );
          if (!account || !r.ok) {
            for (const k of keys) await throttleFail(k);
            throw unauthorized(INVALID_CREDENTIALS);
          }
          await throttleClear(keys[0]!);
          if (!account.emailVerified)
            throw forbidden('Confirm the e-mail address first: a code was sent to it', 'ID-01');
          if (r.needsRehash) {
            const passwordHash = await hashPassword(ctx.params.password, policy.scrypt);
            await retrying(async () => saveAccount({ ...(await accountById(account.id))!, passwordHash })).catch(
              () => undefined,
            );
          }
          return startSession(account);
        },
      },

      refresh: {
        rest: 'POST /api/v1/auth/refresh',
        auth: 'public',
        openapi: {
          summary: 'Exchange a refresh token for a new access token and the next refresh token',
          description:
            'Each refresh token works once. Presenting a spent one ends the whole session (all tokens of that login).',
          tags: tags.auth,
          examples: { request: { refreshToken: '0193c1f2-6f4e-7a11-9d52-6b1f0f2c8a10.q3X1...' } },
        },
        params: P.refresh,
        async handler(ctx: Ctx<{ refreshToken: string }>) {
          const parsed = parseRefreshToken(ctx.params.refreshToken);
          if (!parsed) throw unauthorized('Invalid or expired refresh token');
          for (let attempt = 0; attempt < 4; attempt++) {
            const doc = await db.refreshTokens.get(parsed.chainId);
            if (!doc) throw unauthorized('Invalid or expired refresh token');
            const out = rotate(parsed.chainId, doc, parsed.secret, now(), policy.tokens);
            if (out.outcome === 'reused') {
              try {
                await db.refreshTokens.update({ ...doc, ...out.chain });
              } catch (e) {
                if (isConcurrency(e)) continue;
                throw e;
              }
              log.warn(
                { chainId: parsed.chainId, accountId: doc.accountId },
                'identity: refresh token reuse detected; session chain revoked',
              );
              throw unauthorized('Refresh token reuse detected: the session was ended, log in again');
            }
            if (out.outcome !== 'rotated') throw unauthorized('Invalid or expired refresh token');
            const account = await accountById(doc.accountId);
            if (!account || account.status !== 'active') {
              await revokeOne(parsed.chainId, 'account-closed');
              throw unauthorized('Invalid or expired refresh token');
            }
            try {
              await db.refreshTokens.update({ ...doc, ...out.chain });
            } catch (e) {
              if (isConcurrency(e)) continue; // a parallel refresh spent it first: the retry sees a reuse
              throw e;
            }
            return {
              ...(await accessToken(account)),
              refreshToken: out.token,
              refreshExpiresAt: out.chain.current.expiresAt.toISOString(),
            };
          }
          throw unauthorized('Invalid or expired refresh token');
        },
      },

      logout: {
        rest: 'POST /api/v1/auth/logout',
        auth: 'public',
        openapi: {
          summary: 'End the session of a refresh token',
          tags: tags.auth,
          status: 204,
          examples: { request: { refreshToken: '0193c1f2-....q3X1...' } },
        },
        params: P.refresh,
        async handler(ctx: Ctx<{ refreshToken: string }>) {
          const parsed = parseRefreshToken(ctx.params.refreshToken);
          if (!parsed) return undefined;
          const doc = await db.refreshTokens.get(parsed.chainId);
          if (doc && belongsToChain(doc, parsed.secret)) await revokeOne(parsed.chainId, 'logout');
          return undefined;
        },
      },

      requestPasswordReset: {
        rest: 'POST /api/v1/auth/password-reset',
        rateLimit: { max: 10, timeWindow: 60_000 },
        auth: 'public',
        openapi: {
          summary: 'Ask for a password reset code',
          description: 'The answer is the same whether or not the address has an account.',
          tags: tags.auth,
          status: 202,
          examples: { request: { email: 'jan.kowalski@example.pl' } },
        },
        params: P.emailOnly,
        async handler(ctx: Ctx<{ email: string }>) {
          const a = await accountByEmail(normaliseEmail(ctx.params.email));
          if (a && a.status === 'active') {
            const { next, event: ev } = withCode(a, 'password-reset', 'password-reset');
            await saveAccount(next, [ev]).catch((e) =>
              log.warn({ err: (e as Error).message }, 'identity: reset code not stored'),
            );
          }
          return {
            status: 'sent-if-registered',
            message: 'If the address has an account, a reset code was sent to it.',
          };
        },
      },

      completePasswordReset: {
        rest: 'POST /api/v1/auth/password-reset/complete',
        rateLimit: { max: 20, timeWindow: 60_000 },
        auth: 'public',
        openapi: {
          summary: 'Set a new password with the reset code (also completes an officer invitation)',
          description: 'Ends every session of the account.',
          tags: tags.auth,
          examples: {
            request: { email: 'jan.kowalski@example.pl', code: '123456', newPassword: 'another-long-passphrase-9' },
          },
        },
        params: P.completeReset,
        async handler(ctx: Ctx<{ email: string; code: string; newPassword: string }>) {
          const email = normaliseEmail(ctx.params.email);
          passwordProblems(ctx.params.newPassword, email, 'newPassword');
          const a = await accountByEmail(email);
          if (!a || a.status !== 'active') throw invalidField('code', CODE_REFUSED);
          const next = await consumeCode(a, 'password-reset', ctx.params.code);
          const passwordHash = await hashPassword(ctx.params.newPassword, policy.scrypt);
          await saveAccount(
            { ...next, passwordHash, passwordChangedAt: now(), emailVerified: true, verifiedAt: a.verifiedAt ?? now() },
            [mail(email, 'password-changed', { accountId: a.id })],
          );
          await revokeAllChains(a.id, 'password-reset');
          await throttleClear(loginKeys(email, undefined)[0]!);
          return { reset: true };
        },
      },

      changePassword: {
        rest: 'POST /api/v1/me/password',
        openapi: {
          summary: 'Change the password (ends every session)',
          tags: tags.accounts,
          examples: { request: { currentPassword: '…', newPassword: 'another-long-passphrase-9' } },
        },
        params: P.changePassword,
        async handler(ctx: Ctx<{ currentPassword: string; newPassword: string }>) {
          const a = await activeAccount(ctx);
          await reauthenticate(a, ctx.params.currentPassword, ctx.meta.ip);
          passwordProblems(ctx.params.newPassword, a.email, 'newPassword');
          const passwordHash = await hashPassword(ctx.params.newPassword, policy.scrypt);
          await retrying(async () => {
            const cur = (await accountById(a.id))!;
            await saveAccount({ ...cur, passwordHash, passwordChangedAt: now() }, [
              mail(cur.email, 'password-changed', { accountId: cur.id }),
            ]);
          });
          await revokeAllChains(a.id, 'password-reset');
          return { changed: true };
        },
      },

      me: {
        rest: 'GET /api/v1/me',
        openapi: { summary: 'The caller: account, registered person, scope and representations', tags: tags.accounts },
        params: P.empty,
        async handler(ctx: Ctx) {
          const a = await activeAccount(ctx);
          const person = await personOfAccount(a.id);
          const reps = person ? await repsOfPerson(person.id) : [];
          const t = now();
          return {
            account: accountView({ ...a, personId: person?.id ?? a.personId ?? null }),
            person: person ? personView(person) : null,
            scope: (await scopeOf(a)).scope,
            representations: reps.map((r) => representationView(r, t, policy.stampDutyPln)),
          };
        },
      },

      closeAccount: {
        rest: 'POST /api/v1/me/close',
        openapi: {
          summary: 'Close the account',
          description:
            'Ends the person registration, the extended scope (PKI revokes certificates), every representation and every session. The PESEL or document can later be registered on a new account.',
          tags: tags.accounts,
          examples: { request: { password: '…' } },
        },
        params: P.closeAccount,
        async handler(ctx: Ctx<{ password: string }>) {
          const a = await activeAccount(ctx);
          await reauthenticate(a, ctx.params.password, ctx.meta.ip);
          const by: Author = { accountId: a.id, as: 'self' };
          const person = await personOfAccount(a.id);
          if (person) {
            for (const r of await repsOfPerson(person.id)) {
              await retrying(async () => {
                const cur = await repById(r.id);
                const closed = revokeForClosure(cur, by, now());
                if (!closed) return;
                const events =
                  closed.status === 'revoked'
                    ? [repEvent('identity.representation.revoked', closed, by, { reason: 'account closed' })]
                    : [];
                await saveRep(closed, events);
              });
            }
            await retrying(async () => {
              const cur = (await personById(person.id))!;
              const events =
                cur.scope === 'extended'
                  ? [
                      event('identity.person.scope-withdrawn', {
                        personId: cur.id,
                        accountId: a.id,
                        reason: 'account closed',
                        at: now().toISOString(),
                        by,
                      }),
                    ]
                  : [];
              await savePerson(closePerson(cur, by, now()), events);
            });
          }
          await revokeAllChains(a.id, 'account-closed');
          await retrying(async () => {
            const cur = (await accountById(a.id))!;
            await saveAccount(
              {
                ...cur,
                status: 'closed',
                closedAt: now(),
                closedEmail: cur.email,
                email: `closed:${cur.id}`,
                codes: {},
              } as WithVersion<Account>,
              [
                event('identity.account.closed', {
                  accountId: a.id,
                  personId: person?.id ?? null,
                  at: now().toISOString(),
                }),
              ],
            );
          });
          invalidate([a.id]);
          return { closed: true };
        },
      },

      // -- persons ---------------------------------------------------------------------------
      registerPerson: {
        rest: 'POST /api/v1/persons',
        openapi: {
          summary: 'Register the person of this account (ID-01 step 2, ID-02)',
          description:
            'An adult natural person, identified by PESEL (REG-05) or a foreign identity document. Assigns the ID SISC. One active account per person.',
          tags: tags.persons,
          status: 201,
          examples: {
            pesel: { givenNames: 'Jan', surname: 'Kowalski', pesel: '44051401359', phone: '+48 600 100 200' },
            document: {
              givenNames: 'Anna',
              surname: 'Müller',
              document: { country: 'DE', type: 'passport', number: 'C01X00T47', birthDate: '1980-01-31' },
            },
          },
        },
        params: P.registerPerson,
        async handler(ctx: Ctx<PersonInput>) {
          const account = await activeAccount(ctx);
          const existing = await personOfAccount(account.id);
          if (existing && !account.personId)
            await saveAccount({ ...account, personId: existing.id }).catch(() => undefined);
          const identity = resolveIdentity(ctx.params, now());
          const taken = await db.persons.findOne({ activeIdentityKey: identityKey(identity) });
          const draft = registerPerson(ctx.params, {
            account: {
              id: account.id,
              emailVerified: account.emailVerified,
              personId: existing?.id ?? account.personId ?? null,
              status: account.status,
            },
            identityTaken: () => !!taken,
            now: now(),
            adultAge: policy.adultAge,
            idSisc: 'PL000000000000',
          });
          const person: Person = { ...draft, id: formatIdSisc(await db.sequences.increment('idSisc', 'value')) };
          const events = [
            event('identity.person.registered', {
              personId: person.id,
              accountId: account.id,
              scope: 'basic',
              identityKind: person.identity.kind,
              country: person.identity.kind === 'pesel' ? 'PL' : person.identity.country,
              at: now().toISOString(),
            }),
          ];
          try {
            await db.persons.insert(forInsert(personDoc(person)) as never, { events });
          } catch (e) {
            if (isConflict(e))
              throw conflict(
                'a person with this identity already has an active account; one active account per person',
                'ID-02',
              );
            throw e;
          }
          kick(events);
          await retrying(async () => saveAccount({ ...(await accountById(account.id))!, personId: person.id }));
          invalidate([account.id]);
          return personView(person);
        },
      },

      viewPerson: {
        rest: 'GET /api/v1/persons/:personId',
        openapi: { summary: 'A registered person (the person themself or a registration officer)', tags: tags.persons },
        params: P.personIdOnly,
        async handler(ctx: Ctx<{ personId: string }>) {
          const p = await readablePerson(ctx);
          return personView(p);
        },
      },

      personHistory: {
        rest: 'GET /api/v1/persons/:personId/versions',
        openapi: { summary: 'Every version of a person, with date and author (ID-09)', tags: tags.persons },
        params: P.personIdOnly,
        async handler(ctx: Ctx<{ personId: string }>) {
          const p = await readablePerson(ctx);
          return { personId: p.id, versions: versionsView(p.versions) };
        },
      },

      updatePerson: {
        rest: 'PATCH /api/v1/persons/:personId',
        openapi: {
          summary: 'Update person data (ID-09)',
          description:
            'The person updates their contact data; a registration officer may also correct names and a foreign document. Every change is kept as a version.',
          tags: tags.persons,
          examples: {
            request: {
              phone: '+48 600 100 200',
              address: { street: 'ul. Celna 1', city: 'Poznań', postalCode: '61-001', country: 'PL' },
            },
          },
        },
        params: P.updatePerson,
        async handler(ctx: Ctx<{ personId: string } & Record<string, unknown>>) {
          const caller = callerOf(ctx);
          const { personId, ...changes } = ctx.params;
          const updated = await retrying(async () => {
            const p = await personById(personId);
            if (!p) throw notFound('person', personId);
            let by: Author;
            if (p.accountId === caller.id) by = { accountId: caller.id, as: 'self' };
            else if (hasRole(caller, 'registration-officer')) by = (await officer(ctx, 'registration-officer')).author;
            else throw forbidden('only the person or a registration officer can change these data', 'ID-09');
            if (by.as === 'self') await activeAccount(ctx);
            const next = updatePerson(p, changes, by, now());
            return next === p ? p : savePerson(next);
          });
          return personView(updated);
        },
      },

      getPerson: {
        // internal (no rest): for other services
        params: P.personIdOnly,
        async handler(ctx: Ctx<{ personId: string }>) {
          const p = await personById(ctx.params.personId);
          if (!p) throw notFound('person', ctx.params.personId);
          const a = await accountById(p.accountId);
          return {
            ...personView(p),
            pesel: p.identity.kind === 'pesel' ? p.identity.pesel : null,
            document:
              p.identity.kind === 'document'
                ? { country: p.identity.country, type: p.identity.documentType, number: p.identity.documentNumber }
                : null,
            country: p.identity.kind === 'pesel' ? 'PL' : p.identity.country,
            email: a && a.status === 'active' ? a.email : null,
          };
        },
      },

      getAccountEmail: {
        // internal (no rest): notifications resolves an account's address for NOT-01
        params: {
          type: 'object',
          properties: { accountId: { type: 'string', minLength: 1, maxLength: 100 } },
          required: ['accountId'],
          additionalProperties: false,
        },
        async handler(ctx: Ctx<{ accountId: string }>) {
          const a = await accountById(ctx.params.accountId);
          if (!a) throw notFound('account', ctx.params.accountId);
          return { accountId: a.id, email: a.email, status: a.status, locale: 'pl' };
        },
      },

      // -- extended scope --------------------------------------------------------------------
      extendedScopeRequestDocument: {
        rest: 'POST /api/v1/extended-scope/request-document',
        openapi: {
          summary: 'Get the registration request to sign for the extended scope (ID-04)',
          description:
            'Returns `content`: the exact text to sign (JAdES/JWS, any PKI-05 method), valid for the one-time-code lifetime and usable once.',
          tags: tags.scope,
        },
        params: P.empty,
        async handler(ctx: Ctx) {
          return retrying(async () => {
            const { person } = await myPerson(ctx);
            const { person: next, document } = prepareSignedRequest(person, now(), policy.oneTimeCode.ttlSec);
            await savePerson(next);
            return {
              document,
              content: JSON.stringify(document),
              expiresAt: next.scopeRequest!.nonceExpiresAt!.toISOString(),
            };
          });
        },
      },

      requestExtendedScope: {
        rest: 'POST /api/v1/extended-scope',
        openapi: {
          summary: 'Ask for the extended scope (ID-03, ID-04)',
          description:
            '`signature`: send the signed registration request (`jws`, and `content` when the signature is detached): a valid signature of the person grants the extended scope at once. `in-person`: a registration officer confirms it after a visit. Refresh the access token afterwards to carry the new scope.',
          tags: tags.scope,
          examples: {
            signature: {
              method: 'signature',
              jws: 'eyJhbGciOiJFUzI1NiIs...',
              content: '{"type":"puesc.identity.extended-scope-request",...}',
            },
            inPerson: { method: 'in-person' },
          },
        },
        params: P.requestExtendedScope,
        async handler(ctx: Ctx<{ method: 'signature' | 'in-person'; jws?: string; content?: string }>) {
          const { account } = await myPerson(ctx);
          const by: Author = { accountId: account.id, as: 'self' };
          if (ctx.params.method === 'in-person') {
            const p = await retrying(async () => {
              const { person } = await myPerson(ctx);
              const next = requestInPerson(person, by, now());
              return next === person ? person : savePerson(next);
            });
            return { scope: p.scope, status: 'awaiting-in-person-confirmation' };
          }
          if (!ctx.params.jws) throw invalidField('jws', 'the signed registration request is required', 'ID-04');
          const verdict = await verifierOf(ctx).verify({
            jws: ctx.params.jws,
            ...(ctx.params.content !== undefined ? { content: ctx.params.content } : {}),
          });
          const granted = await retrying(async () => {
            const { person } = await myPerson(ctx);
            const next = applySignedRequest(
              person,
              verdict,
              verdict.valid ? (verdict.payload ?? ctx.params.content) : ctx.params.content,
              by,
              now(),
            );
            const g = next.scopeGrant!;
            return savePerson(next, [
              event('identity.person.scope-extended', {
                personId: next.id,
                accountId: account.id,
                method: 'signature',
                ...(g.method === 'signature' ? { signatureMethod: g.signatureMethod } : {}),
                at: now().toISOString(),
              }),
            ]);
          });
          invalidate([account.id]);
          return { scope: granted.scope, method: 'signature', signatureMethod: verdict.valid ? verdict.method : null };
        },
      },

      pendingScopeRequests: {
        rest: 'GET /api/v1/extended-scope/requests',
        openapi: { summary: 'Persons waiting for an in-person confirmation (registration officers)', tags: tags.scope },
        params: P.empty,
        async handler(ctx: Ctx) {
          await officer(ctx, 'registration-officer');
          const docs = await db.persons.find(
            { status: 'active', scope: 'basic', 'scopeRequest.method': 'in-person' },
            { sort: { registeredAt: 1 }, limit: 500 },
          );
          return docs.map((d) => personView(fromDoc<Person>(d as never)));
        },
      },

      confirmExtendedScope: {
        rest: 'POST /api/v1/persons/:personId/extended-scope/confirm',
        openapi: {
          summary: "Confirm a person's identity after an in-person visit: extended scope (ID-03)",
          tags: tags.scope,
          examples: { request: { note: 'ID card checked' } },
        },
        params: P.confirmScope,
        async handler(ctx: Ctx<{ personId: string; note?: string }>) {
          const { account } = await officer(ctx, 'registration-officer');
          const p = await retrying(async () => {
            const cur = await personById(ctx.params.personId);
            if (!cur || cur.status !== 'active') throw notFound('person', ctx.params.personId);
            const next = confirmInPerson(cur, { accountId: account.id, office: account.office ?? null }, now());
            return savePerson(next, [
              event('identity.person.scope-extended', {
                personId: next.id,
                accountId: next.accountId,
                method: 'in-person',
                officerId: account.id,
                at: now().toISOString(),
              }),
            ]);
          });
          invalidate([p.accountId]);
          return personView(p);
        },
      },

      withdrawExtendedScope: {
        rest: 'POST /api/v1/persons/:personId/extended-scope/withdraw',
        openapi: {
          summary: 'Withdraw the extended scope (registration officers)',
          tags: tags.scope,
          examples: { request: { reason: 'identity document reported stolen' } },
        },
        params: P.withdrawScope,
        async handler(ctx: Ctx<{ personId: string; reason: string }>) {
          const { author } = await officer(ctx, 'registration-officer');
          const p = await retrying(async () => {
            const cur = await personById(ctx.params.personId);
            if (!cur || cur.status !== 'active') throw notFound('person', ctx.params.personId);
            const next = withdrawScope(cur, author, ctx.params.reason, now());
            return savePerson(next, [
              event('identity.person.scope-withdrawn', {
                personId: next.id,
                accountId: next.accountId,
                reason: ctx.params.reason,
                at: now().toISOString(),
                by: author,
              }),
            ]);
          });
          invalidate([p.accountId]);
          return personView(p);
        },
      },

      // -- officers --------------------------------------------------------------------------
      createOfficer: {
        rest: 'POST /api/v1/officers',
        openapi: {
          summary: 'Create an officer (administrators)',
          description:
            'A registration officer, a case officer (with the customs office code) or another administrator. A new account gets an invitation code by e-mail to set its password (password reset completion).',
          tags: tags.officers,
          status: 201,
          examples: {
            request: {
              email: 'a.nowak@mf.gov.pl',
              givenNames: 'Anna',
              surname: 'Nowak',
              role: 'case-officer',
              office: 'PL301000',
            },
          },
        },
        params: P.createOfficer,
        async handler(
          ctx: Ctx<{ email: string; givenNames: string; surname: string; role: OfficerRole; office?: string }>,
        ) {
          const { account: adminAccount } = await officer(ctx, 'admin');
          const email = validEmail(ctx.params.email);
          const { role, office } = ctx.params;
          let account = await accountByEmail(email);
          let invited = false;
          if (account) {
            if (account.status !== 'active') throw conflict('the account is closed');
            account = await saveAccount(grantRole(account, role, office ?? null));
          } else {
            const id = newId();
            const fresh: WithVersion<Account> = {
              ...grantRole(
                {
                  id,
                  email,
                  passwordHash: await hashPassword(randomBytes(32).toString('base64url'), policy.scrypt),
                  emailVerified: false,
                  status: 'active',
                  roles: [],
                  createdAt: now(),
                  codes: {},
                },
                role,
                office ?? null,
              ),
              version: 0,
            };
            const { next, event: ev } = withCode(
              fresh,
              'password-reset',
              'officer-invitation',
              settings.invitationTtlSec,
            );
            try {
              await db.accounts.insert(forInsert(toDoc(next)) as never, { events: [ev] });
            } catch (e) {
              if (isConflict(e)) throw conflict('an account with this e-mail was created meanwhile; try again');
              throw e;
            }
            kick([ev]);
            account = (await accountById(id))!;
            invited = true;
          }
          const existing = await db.officers.findOne({ accountId: account.id });
          const roles = account.roles.filter((r): r is OfficerRole => r !== 'client');
          if (existing)
            await db.officers.update({
              ...existing,
              roles,
              office: account.office ?? null,
              givenNames: ctx.params.givenNames,
              surname: ctx.params.surname,
            });
          else
            await db.officers.insert({
              _id: account.id,
              accountId: account.id,
              email,
              givenNames: ctx.params.givenNames.trim(),
              surname: ctx.params.surname.trim(),
              roles,
              office: account.office ?? null,
              createdBy: adminAccount.id,
              createdAt: now(),
            });
          return { accountId: account.id, email, roles, office: account.office ?? null, invited };
        },
      },

      listOfficers: {
        rest: 'GET /api/v1/officers',
        openapi: { summary: 'Officers (administrators)', tags: tags.officers },
        params: P.empty,
        async handler(ctx: Ctx) {
          await officer(ctx, 'admin');
          return (await db.officers.find({}, { sort: { createdAt: 1 } })).map((o) => ({
            accountId: o.accountId,
            email: o.email,
            givenNames: o.givenNames,
            surname: o.surname,
            roles: o.roles,
            office: o.office ?? null,
            createdAt: o.createdAt.toISOString(),
          }));
        },
      },

      // -- representations -------------------------------------------------------------------
      requestRepresentation: {
        rest: 'POST /api/v1/representations',
        openapi: {
          summary: 'Ask to represent a registered company (ID-01 step 4, ID-05..ID-07)',
          description:
            'Names the company (companyId, EORI or NIP), the kind, the permissions from the catalogue and an optional end date. An employee/attorney or customs representative attaches the authorisation (ID-06) and the stamp-duty proof (17 PLN, ID-05); without them the request stays pending. A registration officer approves it.',
          tags: tags.reps,
          status: 201,
          examples: {
            attorney: {
              eori: 'PL123456321800000',
              kind: 'employee-attorney',
              permissions: ['seap.submit', 'szprot.submit', 'documents.view-own'],
              endDate: '2026-12-31',
              documents: {
                authorisation: { form: 'pdf', ref: 'att-0193c1f2' },
                stampDuty: { ref: 'att-0193c1f3', amountPln: 17 },
              },
            },
            byLaw: {
              nip: '1234563218',
              kind: 'by-law',
              permissions: ['seap.submit', 'szprot.submit', 'documents.view-all', 'company.manage'],
            },
          },
        },
        params: P.requestRepresentation,
        async handler(
          ctx: Ctx<{
            companyId?: string;
            eori?: string;
            nip?: string;
            kind: Representation['kind'];
            permissions: string[];
            endDate?: string;
            documents?: RepresentationDocuments;
            agencyCompanyId?: string;
          }>,
        ) {
          const { person } = await myPerson(ctx);
          const { companyId, eori, nip, ...req } = ctx.params;
          if (!companyId && !eori && !nip)
            throw invalidField('companyId', 'name the company by companyId, eori or nip', 'ID-01');
          const ref: { companyId?: string; eori?: string; nip?: string } = {};
          if (companyId) ref.companyId = companyId;
          else if (eori) {
            const v = validateEori(eori);
            if (!v.ok) throw invalidField('eori', v.reason, v.rule);
            ref.eori = v.value;
          } else {
            const v = validateNip(nip);
            if (!v.ok) throw invalidField('nip', v.reason, v.rule);
            ref.nip = v.value;
          }
          const company = await directoryOf(ctx).find(ref);
          // ID-05/EUP-13: the customs agency a customs representative acts for, checked in the registry.
          const agency = req.agencyCompanyId
            ? await directoryOf(ctx).find({ companyId: req.agencyCompanyId })
            : undefined;
          const r = requestRep(req, {
            id: newId(),
            person,
            company,
            existing: await repsOfPerson(person.id),
            now: now(),
            ...(agency !== undefined ? { agency } : {}),
          });
          await db.representations.insert(forInsert({ ...repDoc(r), origin: 'request' }) as never);
          invalidate([person.accountId]);
          return representationView(r, now(), policy.stampDutyPln);
        },
      },

      updateRepresentation: {
        rest: 'PATCH /api/v1/representations/:id',
        openapi: {
          summary: 'Change a representation (ID-09)',
          description:
            'While requested: the requester changes anything (e.g. attaches the missing documents). Once approved: it can only be narrowed, by the representative, a by-law representative of the company or an officer.',
          tags: tags.reps,
          examples: {
            attach: { documents: { stampDuty: { ref: 'att-0193c1f3', amountPln: 17 } } },
            narrow: { permissions: ['seap.submit'], endDate: '2025-12-31' },
          },
        },
        params: P.updateRepresentation,
        async handler(
          ctx: Ctx<{
            id: string;
            permissions?: string[];
            endDate?: string | null;
            documents?: RepresentationDocuments;
          }>,
        ) {
          const caller = callerOf(ctx);
          const { id, ...changes } = ctx.params;
          const r = await retrying(async () => {
            const cur = await repById(id);
            const by = await repActor(ctx, caller, cur);
            const next = amendRep(cur, changes, by, now());
            if (next === cur) return cur;
            const events =
              effectiveStatus(cur, now()) === 'approved'
                ? [
                    repEvent('identity.representation.changed', next, by, {
                      fields: next.versions[next.versions.length - 1]!.fields,
                    }),
                  ]
                : [];
            return saveRep(next, events);
          });
          return representationView(r, now(), policy.stampDutyPln);
        },
      },

      approveRepresentation: {
        rest: 'POST /api/v1/representations/:id/approve',
        openapi: {
          summary: 'Approve a representation after verifying its documents (registration officers; ID-05, ID-06)',
          tags: tags.reps,
          examples: { request: {} },
        },
        params: P.repIdWithNote,
        async handler(ctx: Ctx<{ id: string; note?: string }>) {
          const { author } = await officer(ctx, 'registration-officer');
          const r = await retrying(async () => {
            const cur = await repById(ctx.params.id);
            const next = approveRep(cur, author, now(), policy.stampDutyPln);
            return saveRep(next, [
              repEvent('identity.representation.granted', next, author),
              ...(await decisionMail(next, 'approved')),
            ]);
          });
          return representationView(r, now(), policy.stampDutyPln);
        },
      },

      rejectRepresentation: {
        rest: 'POST /api/v1/representations/:id/reject',
        openapi: {
          summary: 'Reject a representation request (registration officers)',
          tags: tags.reps,
          examples: { request: { reason: 'the authorisation does not list the permissions' } },
        },
        params: P.repIdWithReason,
        async handler(ctx: Ctx<{ id: string; reason: string }>) {
          const { author } = await officer(ctx, 'registration-officer');
          const r = await retrying(async () => {
            const cur = await repById(ctx.params.id);
            const next = rejectRep(cur, author, ctx.params.reason, now());
            return saveRep(next, await decisionMail(next, 'rejected'));
          });
          return representationView(r, now(), policy.stampDutyPln);
        },
      },

      revokeRepresentation: {
        rest: 'POST /api/v1/representations/:id/revoke',
        openapi: {
          summary: "Revoke a representation (the company's by-law representatives or an officer; ID-05)",
          tags: tags.reps,
          examples: { request: { reason: 'employment ended' } },
        },
        params: P.repIdWithOptionalReason,
        async handler(ctx: Ctx<{ id: string; reason?: string }>) {
          const caller = callerOf(ctx);
          const r = await retrying(async () => {
            const cur = await repById(ctx.params.id);
            const isOfficer =
              hasRole(caller, 'registration-officer') &&
              !!(await officer(ctx, 'registration-officer').catch(() => null));
            const isByLaw = !isOfficer && (await activeAccount(ctx)) && (await isByLawOf(caller.id, cur.company.id));
            const author: Author = {
              accountId: caller.id,
              as: isOfficer ? 'registration-officer' : isByLaw ? 'by-law-representative' : 'self',
            };
            const next = revokeRep(cur, { author, isOfficer, isByLawOfCompany: !!isByLaw }, ctx.params.reason, now());
            return saveRep(next, [
              repEvent('identity.representation.revoked', next, author, { reason: next.endReason ?? null }),
            ]);
          });
          return representationView(r, now(), policy.stampDutyPln);
        },
      },

      listRepresentations: {
        rest: 'GET /api/v1/representations',
        openapi: {
          summary: 'Representations: your own, those of a company you manage, or any (registration officers)',
          tags: tags.reps,
        },
        params: P.listRepresentations,
        async handler(ctx: Ctx<{ companyId?: string; personId?: string; status?: string }>) {
          const caller = callerOf(ctx);
          const filter: Record<string, string> = {};
          const { companyId, personId, status } = ctx.params;
          if (hasRole(caller, 'registration-officer', 'admin')) {
            await officer(ctx, 'registration-officer', 'admin');
            if (companyId) filter['companyId'] = companyId;
            if (personId) filter['personId'] = personId;
          } else {
            const { person } = await myPerson(ctx);
            if (companyId && (await managesCompany(caller.id, companyId))) {
              filter['companyId'] = companyId;
              if (personId) filter['personId'] = personId;
            } else {
              if (personId && personId !== person.id)
                throw forbidden(
                  "only the company's by-law representatives or officers see others' representations",
                  'ID-10',
                );
              filter['personId'] = person.id;
              if (companyId) filter['companyId'] = companyId;
            }
          }
          if (!Object.keys(filter).length && status !== 'requested')
            throw invalidField('companyId', 'name a company or a person (or list status=requested)');
          const t = now();
          const docs = await db.representations.find(
            status && status !== 'expired' && status !== 'approved' ? { ...filter, status } : filter,
            { sort: { requestedAt: -1 }, limit: 1000 },
          );
          return docs
            .map((d) => representationView(fromDoc<Representation>(d as never), t, policy.stampDutyPln))
            .filter((v) => !status || v.status === status);
        },
      },

      getRepresentation: {
        rest: 'GET /api/v1/representations/:id',
        openapi: { summary: 'A representation with every version (ID-09)', tags: tags.reps },
        params: P.repIdOnly,
        async handler(ctx: Ctx<{ id: string }>) {
          const caller = callerOf(ctx);
          const r = await repById(ctx.params.id);
          const allowed =
            r.accountId === caller.id ||
            (hasRole(caller, 'registration-officer', 'admin') &&
              !!(await officer(ctx, 'registration-officer', 'admin'))) ||
            (await managesCompany(caller.id, r.company.id));
          if (!allowed) throw forbidden('not your representation', 'ID-10');
          return { ...representationView(r, now(), policy.stampDutyPln), versions: versionsView(r.versions) };
        },
      },

      authorize: {
        // internal (no rest): used by every service that owns company data (ID-10)
        params: P.authorize,
        async handler(ctx: Ctx<{ accountId: string; companyId: string; permission: string }>) {
          const d = await authorizeFor(ctx.params.accountId, ctx.params.companyId, ctx.params.permission);
          return d.allowed
            ? { allowed: true, reason: d.reason, rule: d.rule, representation: d.representation }
            : { allowed: false, reason: d.reason, rule: d.rule, message: d.message };
        },
      },

      authorizeAgency: {
        // internal (no rest): EUP-13, a permission registered to a customs agency in indirect representation
        params: P.authorizeAgency,
        async handler(ctx: Ctx<{ agencyCompanyId: string; companyId: string; permission: string }>) {
          const { agencyCompanyId, companyId, permission } = ctx.params;
          const d = decideAgency({
            agencyCompanyId,
            companyId,
            permission,
            representations: await repsOfCompany(companyId),
            now: now(),
          });
          return d.allowed
            ? { allowed: true, reason: d.reason, rule: d.rule, representation: d.representation }
            : {
                allowed: false,
                reason: d.reason,
                rule: d.rule,
                message: d.message,
                ...(d.representation ? { representation: d.representation } : {}),
              };
        },
      },

      expireRepresentations: {
        // internal: the sweep, also callable by operators and tests
        params: P.empty,
        async handler() {
          return { expired: await expireDue() };
        },
      },

      // -- keys ------------------------------------------------------------------------------
      jwks: {
        rest: 'GET /.well-known/jwks.json',
        auth: 'public',
        openapi: { summary: 'Public keys that verify access tokens (JWKS)', tags: tags.auth },
        params: P.empty,
        async handler() {
          return keyring.jwks();
        },
      },

      signingKeys: {
        rest: 'GET /api/v1/admin/signing-keys',
        openapi: { summary: 'Token signing keys (administrators; public data only)', tags: tags.admin },
        params: P.empty,
        async handler(ctx: Ctx) {
          await officer(ctx, 'admin');
          return keyring.describe();
        },
      },

      rotateSigningKey: {
        rest: 'POST /api/v1/admin/signing-keys/rotate',
        openapi: {
          summary: 'Rotate the token signing key (administrators)',
          description:
            'The new key is published at once and signs after the pre-publication delay (or at once with `immediate`). Tokens signed by the old key stay valid until they expire: nobody is logged out.',
          tags: tags.admin,
          examples: { request: { immediate: false } },
        },
        params: P.rotate,
        async handler(ctx: Ctx<{ immediate?: boolean }>) {
          await officer(ctx, 'admin');
          await keyring.rotate(!!ctx.params.immediate);
          return keyring.describe();
        },
      },

      // -- legacy linking --------------------------------------------------------------------
      importLegacy: {
        rest: 'POST /api/v1/legacy/imports',
        openapi: {
          summary: 'Import migrated PDR/SEED/EORI person and access records (ID-08)',
          description:
            'CSV (`;`-separated, header line, UTF-8), see docs/identity-legacy-linking.md. Every row is imported or reported with its line and reasons; records already linked are not changed.',
          tags: tags.legacy,
          examples: {
            request: { content: 'source;legacyId;login;nip;eori;email\nPDR;PDR-0001;JKOWALSKI;1234563218;;\n' },
          },
        },
        params: P.importLegacy,
        async handler(ctx: Ctx<{ content: string; dryRun?: boolean }>) {
          const { account } = await officer(ctx, 'admin', 'registration-officer');
          const parsed = parseLegacyFile(ctx.params.content);
          if (parsed.fileErrors.length)
            throw invalid(
              parsed.fileErrors.map((m): FieldProblem => ({ field: 'content', message: m, rule: 'ID-08' })),
              'ID-08',
            );
          const report = {
            rows: parsed.rows.length + parsed.rejected.length,
            inserted: 0,
            updated: 0,
            unchanged: 0,
            skippedLinked: [] as string[],
            rejected: parsed.rejected,
            dryRun: !!ctx.params.dryRun,
          };
          for (const { line: _line, ...row } of parsed.rows) {
            const id = legacyRecordId(row.source, row.legacyId);
            const cur = await db.legacyRecords.get(id);
            if (cur?.linkedAccountId) {
              report.skippedLinked.push(id);
              continue;
            }
            const data = { ...row, importedAt: now(), importedBy: account.id };
            if (!cur) {
              if (!ctx.params.dryRun)
                await db.legacyRecords.insert({ _id: id, ...data, linkedAccountId: null, claim: null } as never);
              report.inserted++;
            } else {
              const same = (Object.keys(row) as (keyof typeof row)[]).every(
                (k) =>
                  JSON.stringify(row[k] ?? null) ===
                  JSON.stringify((cur as unknown as Record<string, unknown>)[k] ?? null),
              );
              if (same) report.unchanged++;
              else {
                if (!ctx.params.dryRun) await db.legacyRecords.update({ ...cur, ...data } as never);
                report.updated++;
              }
            }
          }
          return report;
        },
      },

      claimLegacy: {
        rest: 'POST /api/v1/legacy/claims',
        rateLimit: { max: 20, timeWindow: 60_000 },
        openapi: {
          summary: 'Link migrated legacy records to this account (ID-08)',
          description:
            'With `nip` + `login` (PDR/SEED): the records whose NIP and legacy login match are linked at once. With `eori`: a one-time code is sent to the e-mail address on record (same answer whether or not such a record exists); confirm it with /legacy/claims/confirm.',
          tags: tags.legacy,
          examples: { nipLogin: { nip: '1234563218', login: 'JKOWALSKI' }, eori: { eori: 'PL123456321800000' } },
        },
        params: P.claimLegacy,
        async handler(ctx: Ctx<{ nip?: string; login?: string; eori?: string }>) {
          const account = await activeAccount(ctx);
          if (!account.emailVerified) throw ruleViolation('ID-01', 'confirm the e-mail address first');
          const person = await personOfAccount(account.id);
          const claimKey: Throttled = { key: throttleKey('claim', account.id), policy: policy.accountThrottle };
          await throttleCheck([claimKey]);
          if (ctx.params.eori) {
            const v = validateEori(ctx.params.eori.toUpperCase());
            if (!v.ok) throw invalidField('eori', v.reason, v.rule);
            const records = (await db.legacyRecords.find({ eori: v.value })).filter(
              (r) => r.email && !r.linkedAccountId,
            );
            const byEmail = new Map<string, typeof records>();
            for (const r of records) byEmail.set(r.email!, [...(byEmail.get(r.email!) ?? []), r]);
            for (const [email, rs] of byEmail) {
              const { code, stored } = issueCode('legacy-claim', now(), policy.oneTimeCode);
              const ev = mail(email, 'legacy-claim-code', {
                oneTimeCode: code,
                expiresAt: stored.expiresAt.toISOString(),
                params: { eori: v.value },
              });
              for (let i = 0; i < rs.length; i++) {
                const r = rs[i]!;
                await db.legacyRecords.update(
                  { ...r, claim: { ...stored, accountId: account.id } },
                  i === 0 ? { events: [ev] } : {},
                );
              }
              kick([ev]);
            }
            await throttleFail(claimKey); // every code request counts, so codes cannot be farmed
            return {
              status: 'code-sent-if-record-exists',
              message: 'If a migrated record has this EORI, a code was sent to the e-mail address on record.',
            };
          }
          if (!ctx.params.nip || !ctx.params.login) throw invalidField('login', 'give nip and login, or eori', 'ID-08');
          const nip = validateNip(ctx.params.nip);
          if (!nip.ok) throw invalidField('nip', nip.reason, nip.rule);
          const matches = (await db.legacyRecords.find({ nip: nip.value }))
            .map((d) => fromDoc<LegacyRecord>(d as never))
            .filter((r) => nipLoginMatches(r, nip.value, ctx.params.login!));
          if (!matches.length) {
            await throttleFail(claimKey);
            throw ruleViolation('ID-08', 'no migrated record matches this NIP and legacy login');
          }
          const linkable = matches.filter((r) => !r.linkedAccountId || r.linkedAccountId === account.id);
          if (!linkable.length) throw conflict('these legacy records are already linked to another account', 'ID-08');
          const linked = [];
          for (const r of linkable) linked.push(await linkRecord(r, account.id, person, 'nip-login'));
          await throttleClear(claimKey);
          return { linked: linked.map(legacyView) };
        },
      },

      confirmLegacyClaim: {
        rest: 'POST /api/v1/legacy/claims/confirm',
        openapi: {
          summary: 'Confirm an EORI claim with the code sent to the address on record (ID-08)',
          tags: tags.legacy,
          examples: { request: { eori: 'PL123456321800000', code: '123456' } },
        },
        params: P.confirmLegacyClaim,
        async handler(ctx: Ctx<{ eori: string; code: string }>) {
          const account = await activeAccount(ctx);
          const person = await personOfAccount(account.id);
          const eori = ctx.params.eori.toUpperCase();
          const mine = (await db.legacyRecords.find({ eori }))
            .map((d) => fromDoc<LegacyRecord>(d as never))
            .filter((r) => r.claim?.accountId === account.id);
          const linked = [];
          for (const r of mine) {
            const check = checkCode(r.claim, 'legacy-claim', ctx.params.code, now(), policy.oneTimeCode);
            if (check.ok) linked.push(await linkRecord(r, account.id, person, 'eori-code'));
            else
              await db.legacyRecords
                .update(
                  toDoc({ ...r, claim: check.stored ? { ...check.stored, accountId: account.id } : null }) as never,
                )
                .catch(() => undefined);
          }
          if (!linked.length) throw ruleViolation('ID-08', CODE_REFUSED);
          return { linked: linked.map(legacyView) };
        },
      },

      listLegacyLinks: {
        rest: 'GET /api/v1/legacy/links',
        openapi: { summary: 'Legacy records linked to this account (ID-08)', tags: tags.legacy },
        params: P.empty,
        async handler(ctx: Ctx) {
          const account = await activeAccount(ctx);
          return (await db.legacyRecords.find({ linkedAccountId: account.id })).map((d) =>
            legacyView(fromDoc<LegacyRecord>(d as never)),
          );
        },
      },
    },

    created() {
      broker = (this as unknown as { broker: ServiceBroker }).broker;
    },

    async started() {
      await keyring.maintain();
      await bootstrapAdmin();
      try {
        registrySub = await deps.bus.consume({
          durable: REGISTRY_CONSUMER,
          subjects: [
            'registry.company.registered',
            'registry.eori.assigned',
            'registry.company.rejected',
            'registry.company.removed',
          ],
          handler: idempotentHandler({
            store: deps.store,
            consumer: REGISTRY_CONSUMER,
            handler: (e) => onRegistryEvent(e),
          }),
          retryDelayMs: 2000,
        });
      } catch (e) {
        log.warn(
          { err: (e as Error).message },
          'identity: registry events not consumed (by-law representations from company registrations will wait)',
        );
      }
      sweepTimer = setInterval(() => void sweep(), settings.sweepIntervalMs);
      sweepTimer.unref();
    },

    async stopped() {
      if (sweepTimer) clearInterval(sweepTimer);
      await registrySub?.stop().catch(() => undefined);
    },
  };

  // helpers that need the closure but are used above
  async function readablePerson(ctx: Ctx<{ personId: string }>): Promise<WithVersion<Person>> {
    const caller = callerOf(ctx);
    const p = await personById(ctx.params.personId);
    if (!p) throw notFound('person', ctx.params.personId);
    if (p.accountId === caller.id) return p;
    if (hasRole(caller, 'registration-officer', 'admin')) {
      await officer(ctx, 'registration-officer', 'admin');
      return p;
    }
    throw forbidden('only the person or a registration officer can see these data', 'ID-10');
  }

  async function repActor(ctx: Ctx<unknown>, caller: Caller, r: Representation): Promise<Author> {
    if (r.accountId === caller.id) {
      await activeAccount(ctx);
      return { accountId: caller.id, as: 'self' };
    }
    if (hasRole(caller, 'registration-officer')) return (await officer(ctx, 'registration-officer')).author;
    if (await isByLawOf(caller.id, r.company.id)) return { accountId: caller.id, as: 'by-law-representative' };
    throw forbidden('not your representation', 'ID-10');
  }

  async function linkRecord(
    r: LegacyRecord & { version?: number },
    accountId: string,
    person: Person | null,
    method: 'nip-login' | 'eori-code',
  ): Promise<LegacyRecord> {
    const next = link(
      r,
      {
        accountId,
        person: person
          ? { id: person.id, pesel: person.identity.kind === 'pesel' ? person.identity.pesel : null }
          : null,
      },
      now(),
    );
    if (next === r) return r;
    const events = [
      event(
        'identity.legacy.linked',
        {
          recordId: r.id,
          source: r.source,
          legacyId: r.legacyId,
          accountId,
          personId: person?.id ?? null,
          nip: r.nip ?? null,
          eori: r.eori ?? null,
          systems: [...r.systems],
          method,
          at: now().toISOString(),
        },
        { ...(r.nip ? { nip: r.nip } : {}), ...(r.eori ? { eori: r.eori } : {}) },
      ),
    ];
    await db.legacyRecords.update(toDoc(next) as never, { events });
    kick(events);
    return next;
  }

  return schema;
}
