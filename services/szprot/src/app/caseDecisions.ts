/**
 * The case officer's transitions on a case (EUP-03..EUP-08, EUP-10): call to complete, accept or
 * declare not accepted, extend the decision limit, request information, hear, grant, refuse, and
 * decide an application to amend, suspend or revoke a permit. Each step loads the case, lets the
 * domain decide, saves the transition with its events, then delivers its documents; only the
 * case's (competent) office acts on it (ID-10).
 */
import { valueOrThrow } from '@puesc/kernel';
import type { Doc } from '@puesc/store';
import * as D from '../domain';
import type {
  CallToCompleteParams,
  CaseRef,
  ExtendParams,
  GrantParams,
  GroundsParams,
  RequestDecisionParams,
  RequestInformationParams,
} from '../contracts';
import { officeCode } from '../readers';
import { SEQ_PERMIT, type CaseDoc } from '../store';
import { caseView } from '../views';
import { assertOfficeOfCase, type OfficerActor } from './access';
import { afterCaseWrite, loadCase, saveCase } from './caseFile';
import type { SzprotDeps } from './deps';
import { vatStatementFor } from './vatStatements';
import { retrying } from './outbox';
import { loadPermit } from './permitFile';

type Decide = (
  c: D.PermitCase,
  actor: D.Actor,
  at: Date,
  doc: Doc<CaseDoc>,
) => Promise<D.TransitionResult> | D.TransitionResult;

/** Load → decide → save (again on a concurrent change) → deliver → the case as the office sees it. */
export async function decideOnCase(d: SzprotDeps, officer: OfficerActor, caseId: string, decide: Decide) {
  const saved = await retrying(async () => {
    const doc = await loadCase(d, caseId);
    assertOfficeOfCase(officer, doc);
    const t = valueOrThrow(await decide(doc.permitCase, officer, d.clock.now(), doc));
    return saveCase(d, doc, t);
  });
  await afterCaseWrite(d, saved);
  return caseView((await d.db.cases.get(saved._id)) ?? saved, d.clock.now(), 'office');
}

export const callToComplete = (d: SzprotDeps, officer: OfficerActor, p: CallToCompleteParams) =>
  decideOnCase(d, officer, p.caseId, (c, actor, at) =>
    D.callToComplete(c, { missing: p.missing, days: p.days ?? d.cfg.completionDays }, actor, at),
  );

export const acceptApplication = (d: SzprotDeps, officer: OfficerActor, p: CaseRef) =>
  decideOnCase(d, officer, p.caseId, (c, actor, at) => D.acceptApplication(c, {}, actor, at));

export const declareNotAccepted = (d: SzprotDeps, officer: OfficerActor, p: CaseRef) =>
  decideOnCase(d, officer, p.caseId, (c, actor, at) => D.declareNotAccepted(c, {}, actor, at));

export const extendDecisionLimit = (d: SzprotDeps, officer: OfficerActor, p: ExtendParams) =>
  decideOnCase(d, officer, p.caseId, (c, actor, at) =>
    D.extendDecisionLimit(c, { days: p.days, reason: p.reason }, actor, at),
  );

export const requestInformation = (d: SzprotDeps, officer: OfficerActor, p: RequestInformationParams) =>
  decideOnCase(d, officer, p.caseId, (c, actor, at) =>
    D.requestInformation(c, { items: p.items, days: p.days }, actor, at),
  );

export const hear = (d: SzprotDeps, officer: OfficerActor, p: GroundsParams) =>
  decideOnCase(d, officer, p.caseId, (c, actor, at) => D.hear(c, { grounds: p.grounds }, actor, at));

export const refuseApplication = (d: SzprotDeps, officer: OfficerActor, p: GroundsParams) =>
  decideOnCase(d, officer, p.caseId, (c, actor, at) => D.refuseApplication(c, { grounds: p.grounds }, actor, at));

/** The grant as the domain reads it; goods, validity and TORO default to what the application asked for. */
function grantCommand(c: D.PermitCase, p: GrantParams): Omit<D.GrantCommand, 'sequence'> {
  const goods =
    p.goods ??
    c.application.goods.map((g) => ({
      description: g.description,
      cnCode: g.cnCode,
      ...(g.sensitiveAgricultural ? { sensitiveAgricultural: true } : {}),
    }));
  return {
    validFrom: p.validFrom,
    validityYears: p.validityYears ?? c.application.requestedValidityYears ?? null,
    validUntil: p.validUntil ?? null,
    goods,
    guarantee: p.guarantee,
    ...(p.sensitiveAgricultural !== undefined ? { sensitiveAgricultural: p.sensitiveAgricultural } : {}),
    ...(p.supervisingOffice ? { supervisingOffice: officeCode(p.supervisingOffice) } : {}),
    ...(p.toro ? { toro: p.toro } : c.application.toroRequested ? { toro: { element: true } } : {}),
    ...(p.conditions ? { conditions: p.conditions } : {}),
  };
}

/**
 * The office's permit numbers, drawn from the store's counter for the office and year; a number
 * drawn once is kept when a concurrent change makes the grant run again.
 */
function permitNumbers(d: SzprotDeps): D.NumberAllocator {
  let drawn: { key: string; sequence: number } | undefined;
  return async (office, year) => {
    const key = SEQ_PERMIT(office, String(year));
    if (drawn?.key !== key) drawn = { key, sequence: await d.db.sequences.increment(key, 'value') };
    return drawn.sequence;
  };
}

/** EUP-07: grant the permit; its number is drawn only for a grant the rules allow. */
export async function grantPermit(d: SzprotDeps, officer: OfficerActor, p: GrantParams) {
  assertOfficeOfCase(officer, await loadCase(d, p.caseId));
  const allocate = permitNumbers(d);
  return decideOnCase(d, officer, p.caseId, async (c, actor, at) => {
    // EUP-20: the company's registered VAT statement counts while valid, unless the decision gives one.
    const registered =
      p.guarantee.vatStatement === undefined ? await vatStatementFor(d, c.applicant.companyId, at) : null;
    const withVat = registered ? { ...p, guarantee: { ...p.guarantee, vatStatement: registered } } : p;
    return D.grantNumberedPermit(c, grantCommand(c, withVat), actor, at, allocate, d.cfg.guaranteePolicy);
  });
}

/** EUP-07/EUP-10: decide an application to amend, suspend or revoke a permit; effect from notification (UCC 28). */
export const decideOnRequest = (d: SzprotDeps, officer: OfficerActor, p: RequestDecisionParams) =>
  decideOnCase(d, officer, p.caseId, async (c, actor, at) => {
    if (!c.permitNumber) return D.refuse('EUP-10', 'state', 'the case names no permit');
    const permit = await loadPermit(d, c.permitNumber);
    return D.decideOnRequest(
      c,
      {
        permit: permit.permit,
        decision: p.decision,
        ...(p.notifiedAt ? { notifiedAt: new Date(p.notifiedAt) } : {}),
      },
      actor,
      at,
      d.cfg.guaranteePolicy,
    );
  });
