import { notFound } from '@puesc/kernel';
import type { PendingEvent } from '@puesc/store';
import { openValues, sealValues, stillValid, type SecretRef } from '../domain/mailSecrets';
import type { StoredCode } from '../domain/oneTimeCode';
import type { IdentityDeps } from './deps';
import { mail, type MailTemplate } from './events';

/** Mails that carry a one-time code (issue 18 item 12): the event holds a reference, the code stays here sealed. */

export interface CodeMail {
  to: string;
  template: MailTemplate;
  code: string;
  stored: StoredCode;
  /** Where the stored code lives (its salt is taken from `stored`). */
  holder: Pick<SecretRef, 'kind' | 'id'>;
  extra?: Record<string, unknown>;
}

/** The mail event (with `secretRef: true`, no code) after its sealed values are stored. */
export async function codeMail(d: IdentityDeps, now: Date, m: CodeMail): Promise<PendingEvent> {
  const ev = mail(now, m.to, m.template, {
    ...m.extra,
    secretRef: true,
    expiresAt: m.stored.expiresAt.toISOString(),
  });
  await d.db.mailSecrets.insert({
    eventId: ev.id,
    sealed: sealValues({ oneTimeCode: m.code }, d.mailSealingKey, ev.id),
    expiresAt: m.stored.expiresAt,
    ref: { ...m.holder, purpose: m.stored.purpose, salt: m.stored.salt },
  });
  return ev;
}

/** The salt of the code now stored where the reference points (none once used, expired or replaced). */
async function currentSalt(d: IdentityDeps, ref: SecretRef): Promise<string | undefined> {
  if (ref.kind === 'account') {
    const a = await d.db.accounts.byId(ref.id);
    return a?.status === 'active' ? a.codes?.[ref.purpose as StoredCode['purpose']]?.salt : undefined;
  }
  return (await d.db.legacyRecords.byId(ref.id))?.claim?.salt;
}

/** identity.mailSecret: the template values left out of a mail event, while its code is the valid one; 404 after. */
export async function mailSecret(d: IdentityDeps, p: { eventId: string }): Promise<{ values: Record<string, string> }> {
  const s = await d.db.mailSecrets.get(p.eventId);
  const values =
    s && stillValid(s, await currentSalt(d, s.ref), d.clock.now())
      ? openValues(s.sealed, d.mailSealingKey, s.eventId)
      : null;
  if (!values) throw notFound('mail secret', p.eventId);
  return { values };
}
