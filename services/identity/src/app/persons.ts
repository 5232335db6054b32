import { notFound, withRetry } from '@puesc/kernel';
import { identityKey, registerPerson as register, resolveIdentity, updatePerson as update } from '../domain/persons';
import type { Person } from '../domain/persons';
import type { Author } from '../domain/versions';
import type { PersonIdOnly, RegisterPersonParams, UpdatePersonParams } from '../contracts';
import type { Loaded } from '../store';
import { personView, peerPersonView, versionsView } from '../views';
import type { Asker, IdentityDeps } from './deps';
import { activeAccount, callerOf, hasRole, officer } from './access';
import { event } from './events';
import { decided } from './refusals';

/** Persons (ID-01 step 2, ID-02, ID-09): registration with an ID SISC, reading and changing. */

export async function registerPerson(d: IdentityDeps, asker: Asker, p: RegisterPersonParams) {
  const account = await activeAccount(d, asker);
  const existing = await d.db.persons.ofAccount(account.id);
  if (existing && !account.personId)
    await d.db.accounts.save({ ...account, personId: existing.id }).catch(() => undefined);
  const now = d.clock.now();
  const taken = await d.db.persons.identityTaken(identityKey(decided(resolveIdentity(p, now))));
  const draft = decided(
    register(p, {
      account: {
        id: account.id,
        emailVerified: account.emailVerified,
        personId: existing?.id ?? account.personId ?? null,
        status: account.status,
      },
      identityTaken: () => taken,
      now,
      adultAge: d.settings.policy.adultAge,
      idSisc: 'PL000000000000',
    }),
  );
  const person: Person = { ...draft, id: await d.db.persons.nextIdSisc() };
  await d.db.persons.insert(person, [
    event(now, 'identity.person.registered', {
      personId: person.id,
      accountId: account.id,
      scope: 'basic',
      identityKind: person.identity.kind,
      country: person.identity.kind === 'pesel' ? 'PL' : person.identity.country,
      at: now.toISOString(),
    }),
  ]);
  await withRetry(async () => d.db.accounts.save({ ...(await d.db.accounts.byId(account.id))!, personId: person.id }));
  d.invalidate([account.id]);
  return personView(person);
}

/**
 * ID-10, issue 18 item 9: whoever may not see a person is answered as for an ID SISC that does not
 * exist (ID SISC numbers are in sequence, so a 403 would tell which ones are taken).
 */
const hiddenPerson = (personId: string) => notFound('person', personId);

/** ID-10: the person themself, or a registration officer (or administrator), reads a person. */
async function readablePerson(d: IdentityDeps, asker: Asker, personId: string): Promise<Loaded<Person>> {
  const caller = callerOf(asker);
  const p = await d.db.persons.byId(personId);
  if (p && p.accountId === caller.id) return p;
  // The role is checked on the account whether or not the person exists: its refusal tells nothing.
  if (!hasRole(caller, 'registration-officer', 'admin')) throw hiddenPerson(personId);
  await officer(d, asker, 'registration-officer', 'admin');
  if (!p) throw hiddenPerson(personId);
  return p;
}

export const viewPerson = async (d: IdentityDeps, asker: Asker, p: PersonIdOnly) =>
  personView(await readablePerson(d, asker, p.personId));

export async function personHistory(d: IdentityDeps, asker: Asker, p: PersonIdOnly) {
  const person = await readablePerson(d, asker, p.personId);
  return { personId: person.id, versions: versionsView(person.versions) };
}

/** ID-09: the person changes their contact data; a registration officer may also correct names and a document. Others: as unknown (ID-10). */
export async function updatePerson(d: IdentityDeps, asker: Asker, p: UpdatePersonParams) {
  const caller = callerOf(asker);
  const { personId, ...changes } = p;
  const updated = await withRetry(async () => {
    const cur = await d.db.persons.byId(personId);
    let by: Author;
    if (cur && cur.accountId === caller.id) by = { accountId: caller.id, as: 'self' };
    else if (hasRole(caller, 'registration-officer')) by = (await officer(d, asker, 'registration-officer')).author;
    else throw hiddenPerson(personId);
    if (!cur) throw hiddenPerson(personId);
    if (by.as === 'self') await activeAccount(d, asker);
    const next = decided(update(cur, changes, by, d.clock.now()));
    return next === cur ? cur : d.db.persons.save(next);
  });
  return personView(updated);
}

/** A registered person as another service needs it (internal). */
export async function getPerson(d: IdentityDeps, p: PersonIdOnly) {
  const person = await d.db.persons.byId(p.personId);
  if (!person) throw notFound('person', p.personId);
  const a = await d.db.accounts.byId(person.accountId);
  return peerPersonView(person, a && a.status === 'active' ? a.email : null);
}
