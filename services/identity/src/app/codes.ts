import { invalidField } from '@puesc/kernel';
import type { PendingEvent } from '@puesc/store';
import type { Account } from '../domain/accounts';
import { checkCode, issueCode, type CodePurpose } from '../domain/oneTimeCode';
import type { Loaded } from '../store';
import type { IdentityDeps } from './deps';
import type { MailTemplate } from './events';
import { codeMail } from './mailSecrets';

/** One-time codes on accounts: e-mailed once, kept as a hash, refused without saying why. */

export const CODE_REFUSED = 'The code is invalid or has expired';

/** A fresh code stored on the account, and the mail event referring to it (the code itself is sealed, item 12). */
export async function withCode(
  d: IdentityDeps,
  a: Loaded<Account>,
  purpose: CodePurpose,
  template: MailTemplate,
  ttlSec?: number,
): Promise<{ next: Loaded<Account>; event: PendingEvent }> {
  const now = d.clock.now();
  const policy = d.settings.policy.oneTimeCode;
  const { code, stored } = issueCode(purpose, now, { ...policy, ...(ttlSec ? { ttlSec } : {}) });
  const event = await codeMail(d, now, {
    to: a.email,
    template,
    code,
    stored,
    holder: { kind: 'account', id: a.id },
    extra: { accountId: a.id },
  });
  return { next: { ...a, codes: { ...a.codes, [purpose]: stored } }, event };
}

/** The account with the code used up; a wrong code is counted and refused. */
export async function consumeCode(
  d: IdentityDeps,
  a: Loaded<Account>,
  purpose: CodePurpose,
  code: string,
): Promise<Loaded<Account>> {
  const r = checkCode(a.codes?.[purpose], purpose, code, d.clock.now(), d.settings.policy.oneTimeCode);
  const codes = { ...a.codes };
  if (r.ok) {
    delete codes[purpose];
    return { ...a, codes };
  }
  if (r.stored) codes[purpose] = r.stored;
  else delete codes[purpose];
  await d.db.accounts.save({ ...a, codes }).catch(() => undefined);
  throw invalidField('code', CODE_REFUSED);
}
