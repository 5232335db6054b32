import type { DomainEvent } from './events';
import type { Author, ChangeKind, Company, CompanySnapshot, CompanyVersion } from './types';

/** What a transition makes: the next company, its version record (REG-07) and its events (REG-08). */
export interface Outcome {
  company: Company;
  version: CompanyVersion;
  events: DomainEvent[];
}

/** Who acts, when (ISO date-time from the service clock) and, where one is given, why. */
export interface Act {
  by: Author;
  at: string;
  reason?: string;
}

/** Removes undefined members so documents and events compare and serialize cleanly. */
export function strip<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** A stable text form (sorted keys, undefined members left out) for comparing values. */
export function canonical(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/** Field names whose values differ (deep, order-insensitive for object keys). */
export function changedFields(a: object, b: object): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => canonical((a as any)[k]) !== canonical((b as any)[k])).sort();
}

/** The company as events carry it and legacy copies keep it. */
export function snapshotOf(c: Company): CompanySnapshot {
  return strip({
    id: c.id,
    revision: c.revision,
    status: c.status,
    origin: c.origin,
    eori: c.eori,
    eoriKind: c.eoriKind,
    validFrom: c.validFrom,
    validTo: c.validTo,
    data: c.data,
    excise: c.excise,
  });
}

/** The version record of the company's current revision (REG-07: kept forever). */
export function versionOf(c: Company, change: ChangeKind, act: Act, fields: string[]): CompanyVersion {
  return strip({
    companyId: c.id,
    revision: c.revision,
    at: act.at,
    author: act.by,
    change,
    fields,
    reason: act.reason,
    snapshot: snapshotOf(c),
  });
}
