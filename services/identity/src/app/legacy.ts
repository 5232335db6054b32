import { conflict, invalid, invalidField, ruleViolation, type FieldProblem } from '@puesc/kernel';
import { validateEori, validateNip } from '@puesc/identifiers';
import type { Account } from '../domain/accounts';
import {
  claimableByAddress,
  importAction,
  legacyRecordId,
  link,
  nipLoginMatches,
  parseLegacyFile,
  type LegacyRecord,
} from '../domain/legacy';
import { checkCode, issueCode } from '../domain/oneTimeCode';
import type { Person } from '../domain/persons';
import { throttleKey, type ThrottleKey } from '../domain/sessions';
import type { ClaimLegacyParams, ConfirmLegacyClaimParams, ImportLegacyParams } from '../contracts';
import type { Loaded } from '../store';
import { legacyView } from '../views';
import type { Asker, IdentityDeps } from './deps';
import { activeAccount, officer } from './access';
import { CODE_REFUSED } from './codes';
import { event } from './events';
import { codeMail } from './mailSecrets';
import { decided } from './refusals';
import { checkThrottles, clearThrottle, countFailure } from './throttling';

/**
 * Legacy linking (ID-08): officers import migrated PDR/SEED/EORI records; a client links them to
 * their account after a known fact (NIP and legacy login, or EORI and a code mailed to the
 * address on record).
 */

export async function importLegacy(d: IdentityDeps, asker: Asker, p: ImportLegacyParams) {
  const { account } = await officer(d, asker, 'admin', 'registration-officer');
  const parsed = parseLegacyFile(p.content);
  if (parsed.fileErrors.length)
    throw invalid(
      parsed.fileErrors.map((m): FieldProblem => ({ field: 'content', message: m, rule: 'ID-08' })),
      'ID-08',
    );
  const report = {
    rows: parsed.rows.length + parsed.rejected.length,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    skippedLinked: [] as string[],
    rejected: parsed.rejected,
    dryRun: !!p.dryRun,
  };
  for (const { line: _line, ...row } of parsed.rows) {
    const id = legacyRecordId(row.source, row.legacyId);
    const cur = await d.db.legacyRecords.byId(id);
    const action = importAction(row, cur);
    const data = { ...row, importedAt: d.clock.now(), importedBy: account.id };
    if (action === 'skip-linked') report.skippedLinked.push(id);
    else if (action === 'unchanged') report.unchanged++;
    else if (action === 'insert') {
      if (!p.dryRun) await d.db.legacyRecords.insert({ id, ...data, linkedAccountId: null, claim: null });
      report.inserted++;
    } else {
      if (!p.dryRun) await d.db.legacyRecords.save({ ...cur!, ...data });
      report.updated++;
    }
  }
  return report;
}

/** Every claim attempt counts against the account, so codes cannot be farmed nor logins guessed. */
const claimKey = (d: IdentityDeps, account: Account): ThrottleKey =>
  throttleKey('claim', account.id, d.settings.policy.accountThrottle);

export async function claimLegacy(d: IdentityDeps, asker: Asker, p: ClaimLegacyParams) {
  const account = await activeAccount(d, asker);
  if (!account.emailVerified) throw ruleViolation('ID-01', 'confirm the e-mail address first');
  const person = await d.db.persons.ofAccount(account.id);
  const key = claimKey(d, account);
  await checkThrottles(d, [key]);
  if (p.eori) return sendClaimCodes(d, account, key, p.eori);
  if (!p.nip || !p.login) throw invalidField('login', 'give nip and login, or eori', 'ID-08');
  const nip = validateNip(p.nip);
  if (!nip.ok) throw invalidField('nip', nip.reason, nip.rule);
  const matches = (await d.db.legacyRecords.find({ nip: nip.value })).filter((r) =>
    nipLoginMatches(r, nip.value, p.login!),
  );
  if (!matches.length) {
    await countFailure(d, key);
    throw ruleViolation('ID-08', 'no migrated record matches this NIP and legacy login');
  }
  const linkable = matches.filter((r) => !r.linkedAccountId || r.linkedAccountId === account.id);
  if (!linkable.length) throw conflict('these legacy records are already linked to another account', 'ID-08');
  const linked = [];
  for (const r of linkable) linked.push(await linkRecord(d, r, account.id, person, 'nip-login'));
  await clearThrottle(d, key);
  return { linked: linked.map(legacyView) };
}

/** ID-08 by EORI: one code to each address on record; the same answer whether or not a record exists. */
async function sendClaimCodes(d: IdentityDeps, account: Account, key: ThrottleKey, eori: string) {
  const v = validateEori(eori.toUpperCase());
  if (!v.ok) throw invalidField('eori', v.reason, v.rule);
  const now = d.clock.now();
  for (const [email, records] of claimableByAddress(await d.db.legacyRecords.find({ eori: v.value }))) {
    const { code, stored } = issueCode('legacy-claim', now, d.settings.policy.oneTimeCode);
    const ev = await codeMail(d, now, {
      to: email,
      template: 'legacy-claim-code',
      code,
      stored,
      holder: { kind: 'legacy-record', id: records[0]!.id },
      extra: { params: { eori: v.value } },
    });
    for (const [i, r] of records.entries())
      await d.db.legacyRecords.save({ ...r, claim: { ...stored, accountId: account.id } }, i === 0 ? [ev] : []);
  }
  await countFailure(d, key); // every code request counts, so codes cannot be farmed
  return {
    status: 'code-sent-if-record-exists',
    message: 'If a migrated record has this EORI, a code was sent to the e-mail address on record.',
  };
}

export async function confirmLegacyClaim(d: IdentityDeps, asker: Asker, p: ConfirmLegacyClaimParams) {
  const account = await activeAccount(d, asker);
  const person = await d.db.persons.ofAccount(account.id);
  const mine = (await d.db.legacyRecords.find({ eori: p.eori.toUpperCase() })).filter(
    (r) => r.claim?.accountId === account.id,
  );
  const linked = [];
  for (const r of mine) {
    const check = checkCode(r.claim, 'legacy-claim', p.code, d.clock.now(), d.settings.policy.oneTimeCode);
    if (check.ok) linked.push(await linkRecord(d, r, account.id, person, 'eori-code'));
    else
      await d.db.legacyRecords
        .save({ ...r, claim: check.stored ? { ...check.stored, accountId: account.id } : null })
        .catch(() => undefined);
  }
  if (!linked.length) throw ruleViolation('ID-08', CODE_REFUSED);
  return { linked: linked.map(legacyView) };
}

export async function listLegacyLinks(d: IdentityDeps, asker: Asker) {
  const account = await activeAccount(d, asker);
  return (await d.db.legacyRecords.find({ linkedAccountId: account.id })).map(legacyView);
}

async function linkRecord(
  d: IdentityDeps,
  r: Loaded<LegacyRecord>,
  accountId: string,
  person: Person | null,
  method: 'nip-login' | 'eori-code',
): Promise<LegacyRecord> {
  const now = d.clock.now();
  const pesel = person?.identity.kind === 'pesel' ? person.identity.pesel : null;
  const next = decided(link(r, { accountId, person: person ? { id: person.id, pesel } : null }, now));
  if (next === r) return r;
  const linked = event(
    now,
    'identity.legacy.linked',
    {
      recordId: r.id,
      source: r.source,
      legacyId: r.legacyId,
      accountId,
      personId: person?.id ?? null,
      nip: r.nip ?? null,
      eori: r.eori ?? null,
      systems: [...r.systems],
      method,
      at: now.toISOString(),
    },
    { ...(r.nip ? { nip: r.nip } : {}), ...(r.eori ? { eori: r.eori } : {}) },
  );
  await d.db.legacyRecords.save(next, [linked]);
  return next;
}
