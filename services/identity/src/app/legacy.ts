import { conflict, invalid, invalidField, ruleViolation, type FieldProblem } from '@puesc/kernel';
import { validateEori, validateNip } from '@puesc/identifiers';
import type { Account } from '../domain/accounts';
import {
  EXCISE_NUMBER_RE,
  claimableByAddress,
  importAction,
  normaliseExciseNumber,
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
 * Legacy linking (ID-08): officers import migrated PDR/SEED/EORI records and NCTS/EMCS senders; a
 * client links them to their account after a known fact (NIP and legacy login, or EORI or SEED
 * excise number and a code mailed to the address on record).
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
  const byCode = codeClaimOf(p);
  if (byCode) return sendClaimCodes(d, account, key, byCode);
  if (!p.nip || !p.login) throw invalidField('login', 'give nip and login, eori, or exciseNumber', 'ID-08');
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

/** ID-08: the record a code claim names: by EORI (EORI, NCTS) or by SEED excise number (EMCS), at most one. */
type CodeClaim = { field: 'eori'; value: string } | { field: 'exciseNumber'; value: string };

function codeClaimOf(p: { eori?: string | undefined; exciseNumber?: string | undefined }): CodeClaim | null {
  if (p.eori !== undefined && p.exciseNumber !== undefined)
    throw invalidField('exciseNumber', 'give either eori or exciseNumber, not both', 'ID-08');
  if (p.exciseNumber !== undefined) {
    const value = normaliseExciseNumber(p.exciseNumber);
    if (!EXCISE_NUMBER_RE.test(value))
      throw invalidField('exciseNumber', 'must be a SEED excise number: 2 letters and 11 letters or digits', 'ID-08');
    return { field: 'exciseNumber', value };
  }
  if (p.eori === undefined) return null;
  const v = validateEori(p.eori.toUpperCase());
  if (!v.ok) throw invalidField('eori', v.reason, v.rule);
  return { field: 'eori', value: v.value };
}

/** ID-08 by EORI or excise number: one code to each address on record; the same answer whether or not a record exists. */
async function sendClaimCodes(d: IdentityDeps, account: Account, key: ThrottleKey, by: CodeClaim) {
  const now = d.clock.now();
  for (const [email, records] of claimableByAddress(await d.db.legacyRecords.find({ [by.field]: by.value }))) {
    const { code, stored } = issueCode('legacy-claim', now, d.settings.policy.oneTimeCode);
    const ev = await codeMail(d, now, {
      to: email,
      template: 'legacy-claim-code',
      code,
      stored,
      holder: { kind: 'legacy-record', id: records[0]!.id },
      extra: { params: by.field === 'eori' ? { eori: by.value } : {} },
    });
    for (const [i, r] of records.entries())
      await d.db.legacyRecords.save({ ...r, claim: { ...stored, accountId: account.id } }, i === 0 ? [ev] : []);
  }
  await countFailure(d, key); // every code request counts, so codes cannot be farmed
  return {
    status: 'code-sent-if-record-exists',
    message: `If a migrated record has this ${by.field === 'eori' ? 'EORI' : 'excise number'}, a code was sent to the e-mail address on record.`,
  };
}

export async function confirmLegacyClaim(d: IdentityDeps, asker: Asker, p: ConfirmLegacyClaimParams) {
  const account = await activeAccount(d, asker);
  const person = await d.db.persons.ofAccount(account.id);
  const by = codeClaimOf(p);
  if (!by) throw invalidField('eori', 'give the eori or the exciseNumber the code was sent for', 'ID-08');
  const mine = (await d.db.legacyRecords.find({ [by.field]: by.value })).filter(
    (r) => r.claim?.accountId === account.id,
  );
  const linked = [];
  for (const r of mine) {
    const check = checkCode(r.claim, 'legacy-claim', p.code, d.clock.now(), d.settings.policy.oneTimeCode);
    if (check.ok)
      linked.push(await linkRecord(d, r, account.id, person, `${by.field === 'eori' ? 'eori' : 'excise'}-code`));
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

type LinkMethod = 'nip-login' | 'eori-code' | 'excise-code';

async function linkRecord(
  d: IdentityDeps,
  r: Loaded<LegacyRecord>,
  accountId: string,
  person: Person | null,
  method: LinkMethod,
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
      ...(r.exciseNumber ? { exciseNumber: r.exciseNumber } : {}),
      systems: [...r.systems],
      method,
      at: now.toISOString(),
    },
    { ...(r.nip ? { nip: r.nip } : {}), ...(r.eori ? { eori: r.eori } : {}) },
  );
  await d.db.legacyRecords.save(next, [linked]);
  return next;
}
