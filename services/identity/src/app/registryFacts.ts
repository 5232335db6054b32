import { isAppError } from '@puesc/kernel';
import type { CloudEvent } from '@puesc/events';
import {
  PERMISSIONS,
  approve,
  effectiveStatus,
  reject,
  requestRepresentation,
  revoke,
  type CompanyRef,
} from '../domain/representations';
import type { Author } from '../domain/versions';
import type { IdentityDeps } from './deps';
import { representationEvent } from './events';
import { decided, problemOf } from './refusals';
import { saveRepresentation } from './representations';

/**
 * Registry facts identity acts on (ID-01, ID-05): the by-law representative declared with a
 * company registration is asked for, granted on the company's approval (EORI assigned), rejected
 * with the registration, and every representation ends when the company is removed.
 */

const SYSTEM_REGISTRY: Author = { accountId: 'registry', as: 'system' };
const REMOVED = 'company removed from the registry';

interface RegistryFact {
  companyId?: string;
  declareByLaw?: boolean;
  origin?: string;
  submittedBy?: { accountId?: string; personId?: string };
  eori?: string;
  reason?: string;
  company?: { id?: string; eori?: string; data?: { name?: string; nip?: string } };
}

export const REGISTRY_SUBJECTS = [
  'registry.company.registered',
  'registry.eori.assigned',
  'registry.company.rejected',
  'registry.company.removed',
] as const;

export async function onRegistryFact(d: IdentityDeps, e: CloudEvent): Promise<void> {
  const data = e.data as RegistryFact;
  const companyId = data.companyId ?? data.company?.id;
  if (!companyId) return;
  const subject = e.subject ?? e.type.replace(/^puesc\.|\.v\d+$/g, '');
  const company: CompanyRef = {
    id: companyId,
    name: data.company?.data?.name ?? null,
    nip: data.company?.data?.nip ?? null,
    eori: data.company?.eori ?? data.eori ?? null,
  };
  if (subject === 'registry.company.registered') await declaredByLaw(d, data, company);
  else if (subject === 'registry.eori.assigned') await grantDeclared(d, company);
  else if (subject === 'registry.company.rejected')
    for (const r of await declaredRequests(d, companyId))
      await saveRepresentation(
        d,
        decided(reject(r, SYSTEM_REGISTRY, data.reason || 'company registration rejected', d.clock.now())),
      );
  else if (subject === 'registry.company.removed') await endForRemoval(d, companyId);
}

const declaredRequests = (d: IdentityDeps, companyId: string) =>
  d.db.representations.find({ companyId, origin: 'registry', status: 'requested' });

/** The registration named its submitter as by-law representative: a request waits for the company's approval. */
async function declaredByLaw(d: IdentityDeps, data: RegistryFact, company: CompanyRef): Promise<void> {
  if (!data.declareByLaw || data.origin === 'legacy-import') return;
  const by = data.submittedBy;
  const person = by?.personId
    ? await d.db.persons.byId(by.personId)
    : by?.accountId
      ? await d.db.persons.ofAccount(by.accountId)
      : null;
  if (!person || person.status !== 'active') {
    d.log.warn(
      { companyId: company.id },
      'identity: declared by-law representative has no registered person; no representation created',
    );
    return;
  }
  const r = requestRepresentation(
    { kind: 'by-law', permissions: [...PERMISSIONS] },
    {
      id: `reg-${company.id}-${person.id}`,
      person,
      company,
      existing: await d.db.representations.find({ personId: person.id }),
      now: d.clock.now(),
    },
  );
  if (!r.ok) {
    if (r.refusal.kind === 'invalid') throw problemOf(r.refusal);
    // already requested or approved (a redelivery, or the person asked first): nothing to do
    d.log.info(
      { companyId: company.id, err: r.refusal.message },
      'identity: no by-law representation created from the registration',
    );
    return;
  }
  await d.db.representations.insert(r.value, 'registry').catch((err) => {
    if (!(isAppError(err) && err.type === 'conflict')) throw err;
  });
  d.invalidate([person.accountId]);
}

async function grantDeclared(d: IdentityDeps, company: CompanyRef): Promise<void> {
  for (const r of await declaredRequests(d, company.id)) {
    const now = d.clock.now();
    const withEori = { ...r, company: { ...r.company, eori: company.eori ?? r.company.eori ?? null } };
    const approved = decided(approve(withEori, SYSTEM_REGISTRY, now, d.settings.policy.stampDutyPln));
    await saveRepresentation(d, approved, [
      representationEvent(now, 'identity.representation.granted', approved, SYSTEM_REGISTRY),
    ]);
  }
}

async function endForRemoval(d: IdentityDeps, companyId: string): Promise<void> {
  for (const r of await d.db.representations.find({ companyId })) {
    const now = d.clock.now();
    const status = effectiveStatus(r, now);
    if (status === 'approved') {
      const actor = { author: SYSTEM_REGISTRY, isOfficer: true, managesCompany: false };
      const revoked = decided(revoke(r, actor, REMOVED, now));
      await saveRepresentation(d, revoked, [
        representationEvent(now, 'identity.representation.revoked', revoked, SYSTEM_REGISTRY, {
          reason: revoked.endReason ?? null,
        }),
      ]);
    } else if (status === 'requested') await saveRepresentation(d, decided(reject(r, SYSTEM_REGISTRY, REMOVED, now)));
  }
}
