import type { Account } from './domain/accounts';
import type { Person } from './domain/persons';
import { missingDocuments, effectiveStatus, type Representation } from './domain/representations';
import type { LegacyRecord } from './domain/legacy';
import { orNull, type Version } from './domain/versions';
import type { OfficerDoc } from './store';

/** JSON-ready answers (dates as ISO strings); nothing secret (hashes, codes) ever leaves. */
const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function accountView(a: Account) {
  return {
    accountId: a.id,
    email: a.email,
    emailVerified: a.emailVerified,
    status: a.status,
    roles: [...a.roles],
    office: a.office ?? null,
    personId: a.personId ?? null,
    createdAt: iso(a.createdAt),
  };
}

export function personView(p: Person) {
  return {
    personId: p.id,
    accountId: p.accountId,
    givenNames: p.givenNames,
    surname: p.surname,
    birthDate: p.identity.birthDate,
    identity:
      p.identity.kind === 'pesel'
        ? { kind: 'pesel' as const, pesel: p.identity.pesel }
        : {
            kind: 'document' as const,
            country: p.identity.country,
            type: p.identity.documentType,
            number: p.identity.documentNumber,
          },
    ...orNull(p, ['citizenship', 'phone', 'address']),
    scope: p.scope,
    scopeGrant: p.scopeGrant ? { ...p.scopeGrant, at: iso(p.scopeGrant.at) } : null,
    scopeRequest: p.scopeRequest
      ? { method: p.scopeRequest.method, requestedAt: iso(p.scopeRequest.requestedAt) }
      : null,
    status: p.status,
    registeredAt: iso(p.registeredAt),
  };
}

/** A person as other services read it (`identity.getPerson`): with the identifiers and the address of an active account. */
export function peerPersonView(p: Person, email: string | null) {
  return {
    ...personView(p),
    pesel: p.identity.kind === 'pesel' ? p.identity.pesel : null,
    document:
      p.identity.kind === 'document'
        ? { country: p.identity.country, type: p.identity.documentType, number: p.identity.documentNumber }
        : null,
    country: p.identity.kind === 'pesel' ? 'PL' : p.identity.country,
    email,
  };
}

export function versionsView<S>(versions: Version<S>[]) {
  return versions.map(
    (v) =>
      JSON.parse(
        JSON.stringify({ n: v.n, at: v.at, by: v.by, change: v.change, fields: v.fields, snapshot: v.snapshot }),
      ) as unknown,
  );
}

export function representationView(r: Representation, now: Date, stampDutyPln: number) {
  return {
    id: r.id,
    personId: r.personId,
    accountId: r.accountId,
    company: { ...r.company },
    kind: r.kind,
    permissions: [...r.permissions],
    endDate: r.endDate ?? null,
    agency: r.agency ? { ...r.agency } : null,
    status: effectiveStatus(r, now),
    documents: JSON.parse(JSON.stringify(r.documents ?? {})) as unknown,
    missingDocuments:
      r.status === 'requested'
        ? missingDocuments(r, stampDutyPln).map((m) => ({ document: m.document, rule: m.rule, message: m.message }))
        : [],
    requestedAt: iso(r.requestedAt),
    decidedAt: iso(r.decidedAt),
    ...orNull(r, ['decidedBy', 'rejectionReason']),
    endedAt: iso(r.endedAt),
    ...orNull(r, ['endReason']),
  };
}

export function legacyView(r: LegacyRecord) {
  return {
    recordId: r.id,
    source: r.source,
    legacyId: r.legacyId,
    ...orNull(r, ['nip', 'eori', 'exciseNumber', 'login', 'companyName']),
    systems: [...r.systems],
    ...orNull(r, ['validTo']),
    linkedAt: iso(r.linkedAt),
  };
}

export function officerView(o: OfficerDoc) {
  return {
    accountId: o.accountId,
    email: o.email,
    givenNames: o.givenNames,
    surname: o.surname,
    roles: o.roles,
    office: o.office ?? null,
    createdAt: o.createdAt.toISOString(),
  };
}
