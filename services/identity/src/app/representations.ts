import { forbidden, invalidField, newId, notFound, withRetry } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import type { PendingEvent } from '@puesc/store';
import { validateEori, validateNip } from '@puesc/identifiers';
import {
  amend,
  approve,
  effectiveStatus,
  reject,
  requestRepresentation as request,
  revoke,
  type Representation,
} from '../domain/representations';
import type { Author } from '../domain/versions';
import type {
  RepIdOnly,
  RepIdWithNote,
  RepIdWithOptionalReason,
  RepIdWithReason,
  ListRepresentationsParams,
  RequestRepresentationParams,
  UpdateRepresentationParams,
} from '../contracts';
import type { Loaded } from '../store';
import { representationView, versionsView } from '../views';
import type { Asker, IdentityDeps } from './deps';
import { actsAs, activeAccount, callerOf, hasRole, myPerson, officer } from './access';
import { managerOf, managesCompany } from './authorization';
import { mail, representationEvent } from './events';
import { decided } from './refusals';
import { assertAuthorisationFits, recordedDocuments } from './authorisation';

/** Representations (ID-05..ID-07, ID-09): request, change, the officer's decision, revocation. */

/** Saves a representation with its events; the account's cached authorize answers go. */
export async function saveRepresentation(
  d: IdentityDeps,
  r: Representation & { version?: number },
  events: PendingEvent[] = [],
): Promise<Loaded<Representation>> {
  const saved = await d.db.representations.save(r, events);
  d.invalidate([r.accountId]);
  return saved;
}

export async function representationById(d: IdentityDeps, id: string): Promise<Loaded<Representation>> {
  const r = await d.db.representations.byId(id);
  if (!r) throw notFound('representation', id);
  return r;
}

const view = (d: IdentityDeps, r: Representation) =>
  representationView(r, d.clock.now(), d.settings.policy.stampDutyPln);

/** The company a request names: by registry id, or by an EORI or a NIP that must be valid. */
function companyRefOf(p: RequestRepresentationParams): { companyId?: string; eori?: string; nip?: string } {
  if (p.companyId) return { companyId: p.companyId };
  if (p.eori) {
    const v = validateEori(p.eori);
    if (!v.ok) throw invalidField('eori', v.reason, v.rule);
    return { eori: v.value };
  }
  if (!p.nip) throw invalidField('companyId', 'name the company by companyId, eori or nip', 'ID-01');
  const v = validateNip(p.nip);
  if (!v.ok) throw invalidField('nip', v.reason, v.rule);
  return { nip: v.value };
}

export async function requestRepresentation(d: IdentityDeps, asker: Asker, p: RequestRepresentationParams) {
  const { person } = await myPerson(d, asker);
  const { companyId: _c, eori: _e, nip: _n, ...req } = p;
  const company = await asker.peers.companies.find(companyRefOf(p));
  // ID-05/EUP-13: the customs agency a customs representative acts for, checked in the registry.
  const agency = req.agencyCompanyId ? await asker.peers.companies.find({ companyId: req.agencyCompanyId }) : undefined;
  const documents = company ? await recordedDocuments(d, asker, company.id, req.documents) : req.documents;
  const r = decided(
    request(
      { ...req, ...(documents ? { documents } : {}) },
      {
        id: newId(),
        person,
        company,
        existing: await d.db.representations.find({ personId: person.id }),
        now: d.clock.now(),
        ...(agency !== undefined ? { agency } : {}),
      },
    ),
  );
  await assertAuthorisationFits(d, r, person);
  await d.db.representations.insert(r, 'request');
  d.invalidate([person.accountId]);
  return view(d, r);
}

/** ID-09/ID-12: who changes a representation: its holder, a registration officer, or one who holds company.manage. */
async function actorOn(d: IdentityDeps, asker: Asker, caller: Caller, r: Representation): Promise<Author> {
  if (r.accountId === caller.id) {
    await activeAccount(d, asker);
    return { accountId: caller.id, as: 'self' };
  }
  if (hasRole(caller, 'registration-officer')) return (await officer(d, asker, 'registration-officer')).author;
  const manager = (await activeAccount(d, asker)) && (await managerOf(d, caller.id, r.company.id));
  if (manager) return manager;
  throw forbidden("changing others' representations of a company needs company.manage", 'ID-12');
}

export async function updateRepresentation(d: IdentityDeps, asker: Asker, p: UpdateRepresentationParams) {
  const caller = callerOf(asker);
  const { id, ...changes } = p;
  const r = await withRetry(async () => {
    const cur = await representationById(d, id);
    const by = await actorOn(d, asker, caller, cur);
    const now = d.clock.now();
    const documents = await recordedDocuments(d, asker, cur.company.id, changes.documents);
    const next = decided(amend(cur, { ...changes, ...(documents ? { documents } : {}) }, by, now));
    if (next === cur) return cur;
    await assertAuthorisationFits(d, next);
    const fields = next.versions[next.versions.length - 1]!.fields;
    const events =
      effectiveStatus(cur, now) === 'approved'
        ? [representationEvent(now, 'identity.representation.changed', next, by, { fields })]
        : [];
    return saveRepresentation(d, next, events);
  });
  return view(d, r);
}

/** The holder is told of the officer's decision, while their account is active. */
async function decisionMail(d: IdentityDeps, r: Representation, decision: 'approved' | 'rejected') {
  const a = await d.db.accounts.byId(r.accountId);
  if (!a || a.status !== 'active') return [];
  const params = {
    representationId: r.id,
    companyName: r.company.name ?? null,
    decision,
    reason: r.rejectionReason ?? null,
  };
  return [mail(d.clock.now(), a.email, 'representation-decided', { accountId: a.id, params })];
}

/** ID-05/ID-06: a registration officer approves after verifying the documents. */
export async function approveRepresentation(d: IdentityDeps, asker: Asker, p: RepIdWithNote) {
  const { author } = await officer(d, asker, 'registration-officer');
  const r = await withRetry(async () => {
    const now = d.clock.now();
    const next = decided(approve(await representationById(d, p.id), author, now, d.settings.policy.stampDutyPln));
    return saveRepresentation(d, next, [
      representationEvent(now, 'identity.representation.granted', next, author),
      ...(await decisionMail(d, next, 'approved')),
    ]);
  });
  return view(d, r);
}

export async function rejectRepresentation(d: IdentityDeps, asker: Asker, p: RepIdWithReason) {
  const { author } = await officer(d, asker, 'registration-officer');
  const r = await withRetry(async () => {
    const next = decided(reject(await representationById(d, p.id), author, p.reason, d.clock.now()));
    return saveRepresentation(d, next, await decisionMail(d, next, 'rejected'));
  });
  return view(d, r);
}

/** ID-05: revoked by the company's by-law representatives or a registration officer. */
export async function revokeRepresentation(d: IdentityDeps, asker: Asker, p: RepIdWithOptionalReason) {
  const caller = callerOf(asker);
  const r = await withRetry(async () => {
    const cur = await representationById(d, p.id);
    const isOfficer = await actsAs(d, asker, 'registration-officer');
    const manager = isOfficer
      ? null
      : (await activeAccount(d, asker)) && (await managerOf(d, caller.id, cur.company.id));
    const author: Author = isOfficer
      ? { accountId: caller.id, as: 'registration-officer' }
      : (manager ?? { accountId: caller.id, as: 'self' });
    const now = d.clock.now();
    const next = decided(revoke(cur, { author, isOfficer, managesCompany: !!manager }, p.reason, now));
    return saveRepresentation(d, next, [
      representationEvent(now, 'identity.representation.revoked', next, author, { reason: next.endReason ?? null }),
    ]);
  });
  return view(d, r);
}

export async function getRepresentation(d: IdentityDeps, asker: Asker, p: RepIdOnly) {
  const caller = callerOf(asker);
  const r = await representationById(d, p.id);
  const allowed =
    r.accountId === caller.id ||
    (hasRole(caller, 'registration-officer', 'admin') &&
      !!(await officer(d, asker, 'registration-officer', 'admin'))) ||
    (await managesCompany(d, caller.id, r.company.id));
  if (!allowed) throw forbidden('not your representation', 'ID-10');
  return { ...view(d, r), versions: versionsView(r.versions) };
}

/** ID-10/ID-12: one's own representations, those of a company one manages, or any (registration officers). */
export async function listRepresentations(d: IdentityDeps, asker: Asker, p: ListRepresentationsParams) {
  const { status } = p;
  const filter = await listFilter(d, asker, p);
  if (!Object.keys(filter).length && status !== 'requested')
    throw invalidField('companyId', 'name a company or a person (or list status=requested)');
  // expiry is read at `now` (effectiveStatus), so approved and expired are filtered after reading
  const stored = status && status !== 'expired' && status !== 'approved' ? { ...filter, status } : filter;
  const reps = await d.db.representations.find(stored, { sort: { requestedAt: -1 }, limit: 1000 });
  return reps.map((r) => view(d, r)).filter((v) => !status || v.status === status);
}

async function listFilter(
  d: IdentityDeps,
  asker: Asker,
  p: ListRepresentationsParams,
): Promise<Record<string, string>> {
  const caller = callerOf(asker);
  const { companyId, personId } = p;
  if (hasRole(caller, 'registration-officer', 'admin')) {
    await officer(d, asker, 'registration-officer', 'admin');
    return { ...(companyId ? { companyId } : {}), ...(personId ? { personId } : {}) };
  }
  const { person } = await myPerson(d, asker);
  if (companyId && (await managesCompany(d, caller.id, companyId)))
    return { companyId, ...(personId ? { personId } : {}) };
  if (personId && personId !== person.id)
    throw forbidden("listing others' representations of a company needs company.manage", 'ID-12');
  return { personId: person.id, ...(companyId ? { companyId } : {}) };
}
