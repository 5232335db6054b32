import type { ServiceSchema } from 'moleculer';
import {
  concurrency,
  conflict,
  forbidden,
  invalidField,
  isAppError,
  newId,
  notFound,
  ruleViolation,
  tooMany,
  type FieldProblem,
} from '@puesc/kernel';
import { validateEori, validateNip } from '@puesc/identifiers';
import type { Doc } from '@puesc/store';
import { callerOf, requireRole, type Caller, type Ctx, type ServiceDeps } from '@puesc/service';
import {
  approve,
  assertTransition,
  change,
  classifyQuery,
  eoriPlan,
  IMPORT_AUTHOR,
  MAX_BATCH,
  parseImportFile,
  permitEligibility,
  planImport,
  publicAnswer,
  reject,
  remove,
  setExcise,
  submit,
  toInstant,
  warsawDate,
  warsawDayStart,
  type Author,
  type ChangePatch,
  type Company,
  type CompanyData,
  type CompanyVersion,
  type Excise,
  type Outcome,
  type RowRejection,
} from './domain';
import { addressSchema, companyDataSchema, contactSchema, exciseSchema } from './contracts';
import { registerRegistryEventSchemas, toPendingEvent } from './events';
import { readRegistryConfig } from './config';
import { createWindowLimiter } from './limiter';
import { companyOf, docOf, openRegistryStore, THIRD_COUNTRY_SEQUENCE, versionId, type CompanyDoc } from './store';
import { buildAsyncApi } from './asyncapi';

const OFFICERS = ['registration-officer', 'admin'] as const;
const TAGS = ['registry'];
const id = { type: 'string', minLength: 1, maxLength: 64 } as const;

type Permission = 'company.manage' | 'documents.view-all';

export interface ImportReport {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RowRejection[];
}

/** The registry service (PDR, EORI): REG-01..REG-09, durable events for legacy systems (LEG-01..03). */
export function createRegistryService(deps: ServiceDeps): ServiceSchema {
  const cfg = readRegistryConfig(deps.env);
  registerRegistryEventSchemas();
  const st = openRegistryStore(deps.store);
  const limiter = createWindowLimiter(cfg.REGISTRY_PUBLIC_CHECK_PER_MINUTE, 60_000, () => deps.clock.now().getTime());
  const rateLimit =
    cfg.REGISTRY_PUBLIC_CHECK_PER_MINUTE > 0
      ? { max: cfg.REGISTRY_PUBLIC_CHECK_PER_MINUTE, timeWindow: 60_000 }
      : undefined;
  let asyncapi: object | undefined;

  const now = () => deps.clock.now();
  const authorOf = (u: Caller): Author => {
    const role = u.roles.find((r) => r !== 'client');
    return { accountId: u.id, ...(u.personId ? { personId: u.personId } : {}), ...(role ? { role } : {}) };
  };
  const isOfficer = (u: Caller, roles: readonly string[] = OFFICERS) => u.roles.some((r) => roles.includes(r));

  async function load(companyId: string): Promise<Doc<CompanyDoc>> {
    const doc = await st.companies.get(companyId);
    if (!doc) throw notFound('company', companyId);
    return doc;
  }

  /** Asks identity whether the caller holds one of the permissions for the company (ID-10). */
  async function holds(ctx: Ctx<unknown>, u: Caller, companyId: string, permissions: Permission[]): Promise<boolean> {
    for (const permission of permissions) {
      const r = (await ctx.call('identity.authorize', { accountId: u.id, companyId, permission })) as {
        allowed?: boolean;
      };
      if (r?.allowed) return true;
    }
    return false;
  }

  /**
   * Reads: another service (it decided access itself), an officer, the submitter of a pending
   * application, or a representative with `company.manage` or `documents.view-all`.
   */
  async function assertCanRead(ctx: Ctx<unknown>, c: Company): Promise<void> {
    if (ctx.caller || !ctx.meta.user) return;
    const u = ctx.meta.user;
    if (u.roles.some((r) => r !== 'client')) return;
    if (c.status !== 'approved' && c.status !== 'removed' && c.submittedBy?.accountId === u.id) return;
    if (await holds(ctx, u, c.id, ['company.manage', 'documents.view-all'])) return;
    throw forbidden('you do not represent this company with a permission to see its data', 'ID-10');
  }

  /** Changes: a registration officer, the submitter while the application is pending, or `company.manage`. */
  async function assertCanManage(ctx: Ctx<unknown>, c: Company): Promise<Caller> {
    const u = callerOf(ctx);
    if (isOfficer(u)) return u;
    if (c.status === 'submitted' && c.submittedBy?.accountId === u.id) return u;
    if (await holds(ctx, u, c.id, ['company.manage'])) return u;
    throw forbidden('changing company data needs the company.manage permission (ID-07)', 'ID-10');
  }

  /**
   * Version records written (or found) by this process, so the check before each transition
   * costs nothing in the common case. Bounded: forgetting only costs one extra read.
   */
  const knownVersions = new Set<string>();
  const remember = (vid: string) => {
    knownVersions.add(vid);
    if (knownVersions.size > 50_000) knownVersions.delete(knownVersions.values().next().value as string);
  };

  /**
   * Puts a version record in `versions` (REG-07). Records are immutable: a second write of the same
   * revision (a retry, or a replica repairing after a crash) is a harmless conflict.
   */
  async function keepVersion(v: CompanyVersion, checkFirst: boolean): Promise<void> {
    const vid = versionId(v.companyId, v.revision);
    if (knownVersions.has(vid)) return;
    if (checkFirst && (await st.versions.get(vid))) return remember(vid);
    try {
      await st.versions.insert({ ...v, _id: vid });
    } catch (e) {
      if (!(isAppError(e) && e.type === 'conflict')) throw e;
    }
    remember(vid);
  }

  /** Duplicate checks before a write; the unique indexes are the guarantee against races. */
  async function assertUnique(c: Company): Promise<void> {
    if (c.data.nip && c.status !== 'rejected') {
      const other = await st.companies.findOne({ nipKey: c.data.nip });
      if (other && other._id !== c.id)
        throw conflict(`a company with NIP ${c.data.nip} is already registered`, 'REG-02');
    }
    const eori = c.eori ?? c.data.existingEori;
    if (eori) {
      const other = await st.companies.findOne({ $or: [{ eori }, { 'data.existingEori': eori, status: 'submitted' }] });
      if (other && other._id !== c.id) throw conflict(`EORI ${eori} is already registered`, 'REG-02');
    }
  }

  /** State and its events in one document write, then the version record, then wake the relay. */
  async function persist(prev: Doc<CompanyDoc> | null, o: Outcome): Promise<Company> {
    const events = o.events.map(toPendingEvent);
    const doc = docOf(o.company, o.version);
    let saved: Doc<CompanyDoc>;
    try {
      if (!prev) saved = await st.companies.insert(doc, { events });
      else {
        // The previous revision's record may be missing after a crash between two writes: repair it first.
        await keepVersion(prev.lastVersion, true);
        saved = await st.companies.update({ ...doc, version: prev.version }, { events });
      }
    } catch (e) {
      if (isAppError(e) && e.type === 'conflict') {
        await assertUnique(o.company);
        throw conflict('the company number is already registered', 'REG-02');
      }
      throw e;
    }
    await keepVersion(o.version, false).catch((err) =>
      deps.logger.warn({ err, companyId: o.company.id }, 'version record deferred'),
    );
    deps.kickRelay();
    return companyOf(saved);
  }

  const checkRevision = (doc: Doc<CompanyDoc>, expected: number | undefined) => {
    if (expected !== undefined && expected !== doc.revision)
      throw concurrency(`the company is at revision ${doc.revision}, not ${expected}; reload and retry`);
  };

  async function findCompany(p: { id?: string; eori?: string; nip?: string }): Promise<Doc<CompanyDoc> | null> {
    if (p.id) return st.companies.get(p.id);
    if (p.eori) {
      const r = validateEori(p.eori);
      if (!r.ok) throw invalidField('eori', r.reason, r.rule);
      return st.companies.findOne({ eori: r.value });
    }
    if (p.nip) {
      const r = validateNip(p.nip);
      if (!r.ok) throw invalidField('nip', r.reason, r.rule);
      return (await st.companies.findOne({ nipKey: r.value })) ?? (await st.companies.findOne({ 'data.nip': r.value }));
    }
    return null;
  }

  async function checkOne(query: string, at: Date) {
    const q = classifyQuery(query);
    let c: Company | null = null;
    if (!('ok' in q)) {
      const doc =
        q.kind === 'eori'
          ? await st.companies.findOne({ eori: q.value })
          : await st.companies.findOne({ nipKey: q.value });
      c = doc ? companyOf(doc) : null;
    }
    return publicAnswer(query, q, c, at);
  }

  function throttle(ctx: Ctx<unknown>, n: number): void {
    const ip = ctx.meta.ip;
    if (!ip) return; // internal callers are not throttled; the gateway always sends the client address
    const wait = limiter.take(ip, n);
    if (wait) throw tooMany(`too many public checks from this address; retry in ${wait} s`, wait);
  }

  async function importRows(content: string, dryRun: boolean): Promise<ImportReport> {
    const file = parseImportFile(content);
    if (file.total > cfg.REGISTRY_IMPORT_MAX_ROWS)
      throw invalidField(
        'content',
        `the file has ${file.total} rows; at most ${cfg.REGISTRY_IMPORT_MAX_ROWS} per request (split it: the import is idempotent)`,
      );
    const report: ImportReport = {
      dryRun,
      total: file.total,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: [...file.rejected],
    };
    for (const row of file.rows) {
      for (let attempt = 1; ; attempt++) {
        const existing = await st.companies.findOne({ eori: row.eori });
        const nipOwner = row.data.nip ? await st.companies.findOne({ nipKey: row.data.nip }) : null;
        const plan = planImport(row, existing ? companyOf(existing) : null, nipOwner ? companyOf(nipOwner) : null, {
          id: newId(),
          by: IMPORT_AUTHOR,
          at: now().toISOString(),
        });
        try {
          if (plan.action === 'reject')
            report.rejected.push({ line: row.line, eori: row.eori, legacyId: row.ref.id, problems: plan.problems });
          else if (plan.action === 'unchanged') report.unchanged++;
          else {
            if (!dryRun) await persist(plan.action === 'create' ? null : existing, plan.outcome);
            report[plan.action === 'create' ? 'created' : 'updated']++;
          }
          break;
        } catch (e) {
          // A concurrent import or registration took the number meanwhile: decide again once.
          if (attempt < 2 && isAppError(e) && (e.type === 'conflict' || e.type === 'concurrent-modification')) continue;
          const problems: FieldProblem[] = isAppError(e)
            ? [{ field: '', message: e.message, ...(e.data?.rule ? { rule: e.data.rule } : {}) }]
            : [{ field: '', message: 'could not be stored' }];
          if (!isAppError(e)) deps.logger.error({ err: e, line: row.line }, 'legacy import row failed');
          report.rejected.push({ line: row.line, eori: row.eori, legacyId: row.ref.id, problems });
          break;
        }
      }
    }
    report.rejected.sort((a, b) => a.line - b.line);
    return report;
  }

  const companyParams = {
    ...companyDataSchema,
    required: [...companyDataSchema.required, 'contact'],
    properties: { ...companyDataSchema.properties, declareByLaw: { type: 'boolean', default: false } },
  };

  return {
    name: 'registry',
    actions: {
      registerCompany: {
        rest: 'POST /api/v1/companies',
        auth: 'user',
        openapi: {
          summary: 'Register a company (REG-01): submitted for approval by a registration officer',
          description:
            'The submitter must be a registered person (ID-01). With `declareByLaw` the submitter declares representing the company by law (owner, board member, proxy) and becomes a pending representative in identity. NIP, REGON and KRS are checked (REG-03..REG-05); a NIP already registered is refused.',
          tags: TAGS,
          status: 201,
        },
        params: companyParams,
        async handler(ctx: Ctx<CompanyData & { declareByLaw?: boolean }>) {
          const u = callerOf(ctx);
          if (!u.personId) throw forbidden('register yourself as a person before registering a company', 'ID-01');
          const { declareByLaw = false, ...data } = ctx.params;
          const o = submit({ id: newId(), data, declareByLaw }, { by: authorOf(u), at: now().toISOString() });
          await assertUnique(o.company);
          return persist(null, o);
        },
      },

      approveCompany: {
        rest: 'POST /api/v1/companies/:id/approve',
        auth: 'user',
        openapi: { summary: 'Approve a company registration and assign its EORI (REG-02)', tags: TAGS },
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['id'],
          properties: { id, note: { type: 'string', maxLength: 1000 } },
        },
        async handler(ctx: Ctx<{ id: string; note?: string }>) {
          const u = requireRole(ctx, ...OFFICERS);
          const doc = await load(ctx.params.id);
          const c = companyOf(doc);
          assertTransition(c, 'approve');
          // The sequence is taken only for a company that needs it; a number lost to a failed write is never reused.
          const seq =
            eoriPlan(c.data).kind === 'pl-third-country'
              ? await st.sequences.increment(THIRD_COUNTRY_SEQUENCE, 'value')
              : undefined;
          const o = approve(
            c,
            { by: authorOf(u), at: now().toISOString(), ...(ctx.params.note ? { reason: ctx.params.note } : {}) },
            seq,
          );
          await assertUnique(o.company);
          return persist(doc, o);
        },
      },

      rejectCompany: {
        rest: 'POST /api/v1/companies/:id/reject',
        auth: 'user',
        openapi: { summary: 'Reject a company registration, with the reason', tags: TAGS },
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'reason'],
          properties: { id, reason: { type: 'string', minLength: 1, maxLength: 2000 } },
        },
        async handler(ctx: Ctx<{ id: string; reason: string }>) {
          const u = requireRole(ctx, ...OFFICERS);
          const doc = await load(ctx.params.id);
          return persist(
            doc,
            reject(companyOf(doc), { by: authorOf(u), at: now().toISOString(), reason: ctx.params.reason }),
          );
        },
      },

      getCompany: {
        rest: 'GET /api/v1/companies/:id',
        auth: 'user',
        openapi: {
          summary: 'A company and its current version',
          description:
            'For officers and for representatives with company.manage or documents.view-all (ID-10). Other services may also look up by `eori` or `nip`.',
          tags: TAGS,
        },
        params: {
          type: 'object',
          additionalProperties: false,
          properties: { id, eori: { type: 'string', maxLength: 17 }, nip: { type: 'string', maxLength: 16 } },
        },
        async handler(ctx: Ctx<{ id?: string; eori?: string; nip?: string }>) {
          if (Object.keys(ctx.params).length !== 1) throw invalidField('', 'give exactly one of id, eori or nip');
          const doc = await findCompany(ctx.params);
          if (!doc) throw notFound('company', ctx.params.id ?? ctx.params.eori ?? ctx.params.nip);
          const c = companyOf(doc);
          await assertCanRead(ctx, c);
          return c;
        },
      },

      listCompanies: {
        rest: 'GET /api/v1/companies',
        auth: 'user',
        openapi: { summary: 'Companies by status (officers), oldest first; page with `after`', tags: TAGS },
        params: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['submitted', 'approved', 'rejected', 'removed'] },
            after: id,
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
        async handler(ctx: Ctx<{ status?: Company['status']; after?: string; limit: number }>) {
          if (ctx.meta.user && !ctx.caller) requireRole(ctx, 'registration-officer', 'case-officer', 'admin');
          const { status, after, limit } = ctx.params;
          const docs = await st.companies.find(
            { ...(status ? { status } : {}), ...(after ? { _id: { $gt: after } } : {}) },
            { sort: { _id: 1 }, limit },
          );
          const items = docs.map(companyOf);
          return { items, next: items.length === limit ? items[items.length - 1]!.id : null };
        },
      },

      changeCompany: {
        rest: 'PATCH /api/v1/companies/:id',
        auth: 'user',
        openapi: {
          summary: 'Change company data: a new version (REG-07); includes consent to publish the name (REG-06)',
          description:
            'Needs company.manage (or a registration officer). NIP, country and EORI never change. `null` clears REGON or KRS.',
          tags: TAGS,
        },
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['id'],
          properties: {
            id,
            expectedRevision: { type: 'integer', minimum: 1 },
            name: companyDataSchema.properties.name,
            legalForm: companyDataSchema.properties.legalForm,
            regon: { type: ['string', 'null'], maxLength: 20 },
            krs: { type: ['string', 'null'], maxLength: 12 },
            address: addressSchema,
            contact: contactSchema,
            consentToPublish: { type: 'boolean' },
            reason: { type: 'string', maxLength: 1000 },
          },
        },
        async handler(ctx: Ctx<ChangePatch & { id: string; expectedRevision?: number; reason?: string }>) {
          const { id: companyId, expectedRevision, reason, ...patch } = ctx.params;
          const doc = await load(companyId);
          const c = companyOf(doc);
          const u = await assertCanManage(ctx, c);
          checkRevision(doc, expectedRevision);
          const o = change(c, patch, { by: authorOf(u), at: now().toISOString(), ...(reason ? { reason } : {}) });
          return o ? persist(doc, o) : c;
        },
      },

      removeCompany: {
        rest: 'POST /api/v1/companies/:id/removal',
        auth: 'user',
        openapi: {
          summary: 'Remove a company: its EORI stops being valid from a date; nothing is deleted (REG-07)',
          description:
            '`from` is a date (the start of that day in Europe/Warsaw) or a date-time. Representatives cannot back-date; officers can.',
          tags: TAGS,
        },
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'from'],
          properties: {
            id,
            from: { type: 'string', maxLength: 40 },
            reason: { type: 'string', maxLength: 1000 },
            expectedRevision: { type: 'integer', minimum: 1 },
          },
        },
        async handler(ctx: Ctx<{ id: string; from: string; reason?: string; expectedRevision?: number }>) {
          const doc = await load(ctx.params.id);
          const c = companyOf(doc);
          const u = await assertCanManage(ctx, c);
          checkRevision(doc, ctx.params.expectedRevision);
          const from = toInstant(ctx.params.from);
          if (!from) throw invalidField('from', 'must be a date YYYY-MM-DD or an ISO date-time', 'REG-07');
          const t = now();
          if (!isOfficer(u) && Date.parse(from) < warsawDayStart(warsawDate(t)).getTime())
            throw ruleViolation('REG-07', 'a removal cannot be back-dated by the company; ask a registration officer');
          return persist(
            doc,
            remove(c, from, {
              by: authorOf(u),
              at: t.toISOString(),
              ...(ctx.params.reason ? { reason: ctx.params.reason } : {}),
            }),
          );
        },
      },

      history: {
        rest: 'GET /api/v1/companies/:id/history',
        auth: 'user',
        openapi: { summary: 'Every version of the company record with its date and author (REG-07)', tags: TAGS },
        params: { type: 'object', additionalProperties: false, required: ['id'], properties: { id } },
        async handler(ctx: Ctx<{ id: string }>) {
          const doc = await load(ctx.params.id);
          await assertCanRead(ctx, companyOf(doc));
          const stored = await st.versions.find({ companyId: doc._id }, { sort: { revision: 1 } });
          const versions: CompanyVersion[] = stored.map(
            ({ _id, version: _v, _outbox: _o, ...v }) => v as CompanyVersion,
          );
          if (!versions.some((v) => v.revision === doc.lastVersion.revision)) versions.push(doc.lastVersion);
          return { companyId: doc._id, revision: doc.revision, versions };
        },
      },

      setExciseRegistration: {
        rest: 'PUT /api/v1/companies/:id/excise',
        auth: 'user',
        openapi: { summary: 'Record the excise registration (AKC-R): number and dates (REG-09)', tags: TAGS },
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'number', 'validFrom'],
          properties: { id, ...exciseSchema.properties },
        },
        async handler(ctx: Ctx<Excise & { id: string }>) {
          const u = requireRole(ctx, ...OFFICERS);
          const { id: companyId, ...excise } = ctx.params;
          const doc = await load(companyId);
          const c = companyOf(doc);
          const o = setExcise(c, excise, { by: authorOf(u), at: now().toISOString() });
          return o ? persist(doc, o) : c;
        },
      },

      publicCheck: {
        rest: 'GET /api/v1/public/check/:number',
        auth: 'public',
        ...(rateLimit ? { rateLimit } : {}),
        openapi: {
          summary: 'Public check of an EORI or NIP: registered, valid from/to, the name only with consent (REG-06)',
          tags: ['public'],
        },
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['number'],
          properties: { number: { type: 'string', minLength: 1, maxLength: 32 } },
        },
        async handler(ctx: Ctx<{ number: string }>) {
          throttle(ctx, 1);
          return checkOne(ctx.params.number, now());
        },
      },

      publicCheckBatch: {
        rest: 'POST /api/v1/public/check',
        auth: 'public',
        ...(rateLimit ? { rateLimit } : {}),
        openapi: {
          summary: `Public check of up to ${MAX_BATCH} EORI or NIP numbers at once (REG-06)`,
          tags: ['public'],
        },
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['numbers'],
          properties: {
            numbers: {
              type: 'array',
              minItems: 1,
              maxItems: MAX_BATCH,
              items: { type: 'string', minLength: 1, maxLength: 32 },
            },
          },
        },
        async handler(ctx: Ctx<{ numbers: string[] }>) {
          throttle(ctx, ctx.params.numbers.length);
          const at = now();
          return { results: await Promise.all(ctx.params.numbers.map((n) => checkOne(n, at))) };
        },
      },

      importLegacy: {
        rest: 'POST /api/v1/registry/imports',
        auth: 'user',
        openapi: {
          summary:
            'Import legacy PDR/SEED/EORI company records (CSV, docs/registry-legacy-import.md); idempotent; reports rejected rows',
          tags: TAGS,
        },
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['content'],
          properties: {
            content: { type: 'string', minLength: 1, maxLength: 16 * 1024 * 1024 },
            dryRun: { type: 'boolean', default: false },
          },
        },
        async handler(ctx: Ctx<{ content: string; dryRun: boolean }>) {
          requireRole(ctx, ...OFFICERS);
          return importRows(ctx.params.content, ctx.params.dryRun);
        },
      },

      checkEligibility: {
        // Internal (no route): REG-01 for the permit services.
        params: { type: 'object', additionalProperties: false, required: ['companyId'], properties: { companyId: id } },
        async handler(ctx: Ctx<{ companyId: string }>) {
          const doc = await st.companies.get(ctx.params.companyId);
          return permitEligibility(doc ? companyOf(doc) : null, now());
        },
      },

      asyncapi: {
        rest: 'GET /api/v1/registry/asyncapi',
        auth: 'public',
        openapi: {
          summary: 'AsyncAPI 3 document of the REGISTRY stream: subjects and event schemas (LEG-01)',
          tags: TAGS,
        },
        params: { type: 'object', additionalProperties: false, properties: {} },
        handler() {
          return (asyncapi ??= buildAsyncApi());
        },
      },
    },
  };
}
