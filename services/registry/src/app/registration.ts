import { newId } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import { approve, checkTransition, eoriPlan, reject, submit, type Company } from '../domain';
import type { ApproveParams, RegisterParams, RejectParams } from '../contracts';
import { companyOf, THIRD_COUNTRY_SEQUENCE } from '../store';
import { authorOf } from './access';
import type { RegistryDeps } from './deps';
import { assertUnique, loadCompany, saveOutcome } from './records';
import { orThrow } from './refusals';

/** Registration: a person submits a company (REG-01); a registration officer approves (REG-02) or rejects it. */

export async function registerCompany(d: RegistryDeps, u: Caller, params: RegisterParams): Promise<Company> {
  const { declareByLaw = false, ...data } = params;
  const o = orThrow(submit({ id: newId(), data, declareByLaw }, { by: authorOf(u), at: d.clock.now().toISOString() }));
  await assertUnique(d, o.company);
  return saveOutcome(d, null, o);
}

export async function approveCompany(d: RegistryDeps, officer: Caller, params: ApproveParams): Promise<Company> {
  const doc = await loadCompany(d, params.id);
  const c = companyOf(doc);
  orThrow(checkTransition(c, 'approve'));
  // The sequence is taken only for a company that needs it; a number lost to a failed write is never reused.
  const seq =
    orThrow(eoriPlan(c.data)).kind === 'pl-third-country'
      ? await d.store.sequences.increment(THIRD_COUNTRY_SEQUENCE, 'value')
      : undefined;
  const act = {
    by: authorOf(officer),
    at: d.clock.now().toISOString(),
    ...(params.note ? { reason: params.note } : {}),
  };
  const o = orThrow(approve(c, act, seq));
  await assertUnique(d, o.company);
  return saveOutcome(d, doc, o);
}

export async function rejectCompany(d: RegistryDeps, officer: Caller, params: RejectParams): Promise<Company> {
  const doc = await loadCompany(d, params.id);
  const act = { by: authorOf(officer), at: d.clock.now().toISOString(), reason: params.reason };
  return saveOutcome(d, doc, orThrow(reject(companyOf(doc), act)));
}
