/**
 * EUP-20: the VAT statement a company registers on its own (domain/vatStatement.ts), read by the
 * guarantee decision (EUP-12) while valid, and the sweep that announces it is 14 days from lapsing:
 * `szprot.vatStatement.expiring`, which notifications turns into a reminder for the holder.
 */
import { concurrency, notFound, valueOrThrow } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import * as D from '../domain';
import { VAT_STATEMENT_EXPIRING, type RegisterVatStatementParams } from '../contracts';
import { registryCompanyOf } from '../readers';
import type { VatStatementDoc } from '../store';
import { isOfficer, requirePermission } from './access';
import type { SzprotDeps } from './deps';
import { serviceEvent } from './events';
import { isDuplicate, mutate, plain, retrying, updateWithEvents } from './outbox';

/**
 * EUP-20: the statement is the company's own declaration, registered by its representatives with
 * szprot.submit (ID-10), never by an officer; officers read it for the guarantee decision (EUP-12).
 */
async function mayAct(d: SzprotDeps, caller: Caller, companyId: string, what: string, officers: boolean) {
  if (officers && isOfficer(caller)) return;
  await requirePermission(d, caller, companyId, ['szprot.submit'], what);
}

type Stored = VatStatementDoc & { _outbox?: unknown; version?: number };
const view = ({ _id: _i, _outbox: _o, version: _v, ...r }: Stored) => ({ ...r, rule: 'EUP-20' as const });

export async function registerVatStatement(d: SzprotDeps, caller: Caller, p: RegisterVatStatementParams) {
  await mayAct(d, caller, p.companyId, 'register the VAT statement', false);
  const company = registryCompanyOf(await d.peers.company(p.companyId), p.companyId, d.clock.now());
  if (company.status !== 'active') throw notFound('company', p.companyId);
  const { companyId: _c, ...statement } = p;
  const saved = await retrying(async () => {
    const at = d.clock.now();
    const r = plain(valueOrThrow(D.registerVatStatement(p.companyId, statement, caller.id, at, d.cfg.guaranteePolicy)));
    const doc = { _id: p.companyId, ...r, eori: company.eori ?? p.companyId };
    const old = await d.db.vatStatements.get(p.companyId);
    if (old) return updateWithEvents(d, d.db.vatStatements, { ...old, ...doc }, []);
    try {
      return await d.db.vatStatements.insert(doc);
    } catch (e) {
      if (isDuplicate(e)) throw concurrency('another registration came first'); // read it, then replace it
      throw e;
    }
  });
  return view(saved);
}

export async function getVatStatement(d: SzprotDeps, caller: Caller, p: { companyId: string }) {
  await mayAct(d, caller, p.companyId, 'read the VAT statement', true);
  const doc = await d.db.vatStatements.get(p.companyId);
  if (!doc) throw notFound('VAT statement of company', p.companyId);
  const status = D.vatStatementStatus(doc.statement, d.clock.now(), d.cfg.guaranteePolicy);
  return { ...view(doc), valid: status.valid, problems: status.problems };
}

/** EUP-12 with EUP-20: the company's registered statement when the decision gives none, if valid now. */
export async function vatStatementFor(d: SzprotDeps, companyId: string, at: Date): Promise<D.VatStatement | null> {
  return D.vatStatementInForce(await d.db.vatStatements.get(companyId), at, d.cfg.guaranteePolicy);
}

/** The sweep: one `szprot.vatStatement.expiring` per statement, 14 days before it lapses (EUP-20). */
export async function remindVatStatements(d: SzprotDeps, now: Date): Promise<{ reminders: number }> {
  const due = await d.db.vatStatements.find(
    { reminderDueAt: { $lte: now.toISOString() } },
    { limit: d.cfg.sweepBatch },
  );
  let reminders = 0;
  for (const r of due) {
    if (!D.vatReminderDue(r, now)) continue;
    const saved = await mutate(d, d.db.vatStatements, r._id, (doc) => {
      if (!D.vatReminderDue(doc, now)) return null;
      const event = serviceEvent(
        VAT_STATEMENT_EXPIRING,
        now,
        { companyId: doc.companyId, eori: doc.eori, office: '' },
        {
          rule: 'EUP-20',
          validUntil: doc.validUntil,
          renewBy: doc.renewBy,
          daysLeft: D.VAT_REMINDER_DAYS,
          issuedOn: doc.statement.issuedOn,
        },
      );
      return { doc: { ...doc, remindedFor: doc.statement.issuedOn }, events: [event] };
    });
    if (saved?.remindedFor === r.statement.issuedOn) reminders++;
  }
  return { reminders };
}
