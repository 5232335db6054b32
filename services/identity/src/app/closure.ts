import { withRetry } from '@puesc/kernel';
import { closeAccount as closed } from '../domain/accounts';
import { closePerson, type Person } from '../domain/persons';
import { revokeForClosure } from '../domain/representations';
import type { Author } from '../domain/versions';
import type { CloseAccountParams } from '../contracts';
import type { Asker, IdentityDeps } from './deps';
import { activeAccount } from './access';
import { event, representationEvent, scopeWithdrawn } from './events';
import { saveRepresentation } from './representations';
import { endAllSessions, reauthenticate } from './sessions';

/**
 * Closing an account (ID-11): its representations end, its person closes (the extended scope
 * goes, PKI revokes certificates), every session ends, then the account itself closes.
 */
export async function closeAccount(d: IdentityDeps, asker: Asker, p: CloseAccountParams) {
  const a = await activeAccount(d, asker);
  await reauthenticate(d, a, p.password, asker.ip);
  const by: Author = { accountId: a.id, as: 'self' };
  const person = await d.db.persons.ofAccount(a.id);
  if (person) {
    await endRepresentations(d, person, by);
    await closeThePerson(d, person.id, a.id, by);
  }
  await endAllSessions(d, a.id, 'account-closed');
  await withRetry(async () => {
    const cur = (await d.db.accounts.byId(a.id))!;
    const now = d.clock.now();
    await d.db.accounts.save({ ...closed(cur, now), version: cur.version }, [
      event(now, 'identity.account.closed', { accountId: a.id, personId: person?.id ?? null, at: now.toISOString() }),
    ]);
  });
  d.invalidate([a.id]);
  return { closed: true };
}

async function endRepresentations(d: IdentityDeps, person: Person, by: Author): Promise<void> {
  for (const r of await d.db.representations.find({ personId: person.id })) {
    await withRetry(async () => {
      const cur = await d.db.representations.byId(r.id);
      const now = d.clock.now();
      const ended = cur && revokeForClosure(cur, by, now);
      if (!ended) return;
      const events =
        ended.status === 'revoked'
          ? [representationEvent(now, 'identity.representation.revoked', ended, by, { reason: 'account closed' })]
          : [];
      await saveRepresentation(d, ended, events);
    });
  }
}

async function closeThePerson(d: IdentityDeps, personId: string, accountId: string, by: Author): Promise<void> {
  await withRetry(async () => {
    const cur = (await d.db.persons.byId(personId))!;
    const now = d.clock.now();
    const events = cur.scope === 'extended' ? [scopeWithdrawn(now, { personId, accountId }, 'account closed', by)] : [];
    await d.db.persons.save(closePerson(cur, by, now), events);
  });
}
