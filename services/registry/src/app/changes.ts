import { change, removalStart, remove, setExcise, type Company } from '../domain';
import type { Caller } from '@puesc/service';
import type { ChangeCompanyParams, ExciseParams, RemoveCompanyParams } from '../contracts';
import { companyOf } from '../store';
import { assertCanManage, authorOf, isOfficer, type Requester } from './access';
import type { RegistryDeps } from './deps';
import { checkRevision, loadCompany, saveOutcome } from './records';
import { orThrow } from './refusals';

/** Changes to a company record, each a new version (REG-07): data and consent (REG-06), removal, excise (REG-09). */

export async function changeCompany(d: RegistryDeps, req: Requester, params: ChangeCompanyParams): Promise<Company> {
  const { id: companyId, expectedRevision, reason, ...patch } = params;
  const doc = await loadCompany(d, companyId);
  const c = companyOf(doc);
  const u = await assertCanManage(req, c);
  checkRevision(doc, expectedRevision);
  const act = { by: authorOf(u), at: d.clock.now().toISOString(), ...(reason ? { reason } : {}) };
  const o = orThrow(change(c, patch, act));
  return o ? saveOutcome(d, doc, o) : c;
}

export async function removeCompany(d: RegistryDeps, req: Requester, params: RemoveCompanyParams): Promise<Company> {
  const doc = await loadCompany(d, params.id);
  const c = companyOf(doc);
  const u = await assertCanManage(req, c);
  checkRevision(doc, params.expectedRevision);
  const now = d.clock.now();
  const from = orThrow(removalStart(params.from, now, isOfficer(u)));
  const act = { by: authorOf(u), at: now.toISOString(), ...(params.reason ? { reason: params.reason } : {}) };
  return saveOutcome(d, doc, orThrow(remove(c, from, act)));
}

export async function setExciseRegistration(d: RegistryDeps, officer: Caller, params: ExciseParams): Promise<Company> {
  const { id: companyId, ...excise } = params;
  const doc = await loadCompany(d, companyId);
  const c = companyOf(doc);
  const o = orThrow(setExcise(c, excise, { by: authorOf(officer), at: d.clock.now().toISOString() }));
  return o ? saveOutcome(d, doc, o) : c;
}
