import { invalidField, notFound } from '@puesc/kernel';
import type { Doc } from '@puesc/store';
import { checkTypedEori, checkTypedNip, permitEligibility, type Company } from '../domain';
import type { CompanyIdParams, EligibilityParams, GetCompanyParams, ListCompaniesParams } from '../contracts';
import { companyOf, type CompanyDoc } from '../store';
import { companyHistory, companyList, type CompanyHistory, type CompanyList, type PermitEligibility } from '../views';
import { assertCanList, assertCanRead, type Requester } from './access';
import type { RegistryDeps } from './deps';
import { loadCompany } from './records';

/** Reading the register: one company, lists for officers, a company's versions (REG-07), REG-01 eligibility. */

export async function getCompany(d: RegistryDeps, req: Requester, p: GetCompanyParams): Promise<Company> {
  if (Object.keys(p).length !== 1) throw invalidField('', 'give exactly one of id, eori or nip');
  const doc = await findCompany(d, p);
  if (!doc) throw notFound('company', p.id ?? p.eori ?? p.nip);
  const c = companyOf(doc);
  await assertCanRead(req, c);
  return c;
}

/** By id, by EORI or by NIP (any case, separators allowed: REG-02, REG-03; a pending application is found by its data too). */
async function findCompany(d: RegistryDeps, p: GetCompanyParams): Promise<Doc<CompanyDoc> | null> {
  const companies = d.store.companies;
  if (p.id) return companies.get(p.id);
  if (p.eori) {
    const r = checkTypedEori(p.eori);
    if (!r.ok) throw invalidField('eori', r.reason, r.rule);
    return companies.findOne({ eori: r.value });
  }
  if (p.nip) {
    const r = checkTypedNip(p.nip);
    if (!r.ok) throw invalidField('nip', r.reason, r.rule);
    return (await companies.findOne({ nipKey: r.value })) ?? (await companies.findOne({ 'data.nip': r.value }));
  }
  return null;
}

export async function listCompanies(d: RegistryDeps, req: Requester, p: ListCompaniesParams): Promise<CompanyList> {
  assertCanList(req);
  const { status, after, limit } = p;
  const docs = await d.store.companies.find(
    { ...(status ? { status } : {}), ...(after ? { _id: { $gt: after } } : {}) },
    { sort: { _id: 1 }, limit },
  );
  return companyList(docs, limit);
}

export async function historyOf(d: RegistryDeps, req: Requester, p: CompanyIdParams): Promise<CompanyHistory> {
  const doc = await loadCompany(d, p.id);
  await assertCanRead(req, companyOf(doc));
  const stored = await d.store.versions.find({ companyId: doc._id }, { sort: { revision: 1 } });
  return companyHistory(doc, stored);
}

export async function checkEligibility(d: RegistryDeps, p: EligibilityParams): Promise<PermitEligibility> {
  const doc = await d.store.companies.get(p.companyId);
  return permitEligibility(doc ? companyOf(doc) : null, d.clock.now());
}
