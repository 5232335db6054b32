import { invalidField, notFound, withRetry } from '@puesc/kernel';
import {
  applySignedRequest,
  confirmInPerson,
  prepareSignedRequest,
  requestInPerson,
  withdrawScope,
} from '../domain/scope';
import type { Author } from '../domain/versions';
import type { ConfirmScopeParams, RequestExtendedScopeParams, WithdrawScopeParams } from '../contracts';
import { personView } from '../views';
import type { Asker, IdentityDeps } from './deps';
import { myPerson, officer } from './access';
import { event, scopeWithdrawn } from './events';
import { decided } from './refusals';
import { endAllSessions } from './sessions';

/** The extended scope (ID-03, ID-04): by a signed registration request, or confirmed in person by an officer. */

/** ID-04: the exact text to sign, valid for the one-time-code lifetime and usable once. */
export async function extendedScopeRequestDocument(d: IdentityDeps, asker: Asker) {
  return withRetry(async () => {
    const { person } = await myPerson(d, asker);
    const ttlSec = d.settings.policy.oneTimeCode.ttlSec;
    const { person: next, document } = decided(prepareSignedRequest(person, d.clock.now(), ttlSec));
    await d.db.persons.save(next);
    return { document, content: JSON.stringify(document), expiresAt: next.scopeRequest!.nonceExpiresAt!.toISOString() };
  });
}

export async function requestExtendedScope(d: IdentityDeps, asker: Asker, p: RequestExtendedScopeParams) {
  const { account } = await myPerson(d, asker);
  const by: Author = { accountId: account.id, as: 'self' };
  if (p.method === 'in-person') {
    const person = await withRetry(async () => {
      const { person: cur } = await myPerson(d, asker);
      const next = decided(requestInPerson(cur, by, d.clock.now()));
      return next === cur ? cur : d.db.persons.save(next);
    });
    return { scope: person.scope, status: 'awaiting-in-person-confirmation' };
  }
  if (!p.jws) throw invalidField('jws', 'the signed registration request is required', 'ID-04');
  const verdict = await asker.peers.signatures.verify({
    jws: p.jws,
    ...(p.content !== undefined ? { content: p.content } : {}),
  });
  const granted = await withRetry(async () => {
    const { person: cur } = await myPerson(d, asker);
    const now = d.clock.now();
    const signed = verdict.valid ? (verdict.payload ?? p.content) : p.content;
    const next = decided(applySignedRequest(cur, verdict, signed, by, now));
    const g = next.scopeGrant!;
    return d.db.persons.save(next, [
      event(now, 'identity.person.scope-extended', {
        personId: next.id,
        accountId: account.id,
        method: 'signature',
        ...(g.method === 'signature' ? { signatureMethod: g.signatureMethod } : {}),
        at: now.toISOString(),
      }),
    ]);
  });
  d.invalidate([account.id]);
  return { scope: granted.scope, method: 'signature', signatureMethod: verdict.valid ? verdict.method : null };
}

/** Persons waiting for an in-person confirmation (registration officers). */
export async function pendingScopeRequests(d: IdentityDeps, asker: Asker) {
  await officer(d, asker, 'registration-officer');
  return (await d.db.persons.awaitingInPerson()).map(personView);
}

/** ID-03: a registration officer confirms the person's identity after the visit. */
export async function confirmExtendedScope(d: IdentityDeps, asker: Asker, p: ConfirmScopeParams) {
  const { account } = await officer(d, asker, 'registration-officer');
  const person = await withRetry(async () => {
    const cur = await d.db.persons.byId(p.personId);
    if (!cur || cur.status !== 'active') throw notFound('person', p.personId);
    const now = d.clock.now();
    const next = decided(confirmInPerson(cur, { accountId: account.id, office: account.office ?? null }, now));
    return d.db.persons.save(next, [
      event(now, 'identity.person.scope-extended', {
        personId: next.id,
        accountId: next.accountId,
        method: 'in-person',
        officerId: account.id,
        at: now.toISOString(),
      }),
    ]);
  });
  d.invalidate([person.accountId]);
  return personView(person);
}

export async function withdrawExtendedScope(d: IdentityDeps, asker: Asker, p: WithdrawScopeParams) {
  const { author } = await officer(d, asker, 'registration-officer');
  const person = await withRetry(async () => {
    const cur = await d.db.persons.byId(p.personId);
    if (!cur || cur.status !== 'active') throw notFound('person', p.personId);
    const now = d.clock.now();
    const next = decided(withdrawScope(cur, author, p.reason, now));
    return d.db.persons.save(next, [
      scopeWithdrawn(now, { personId: next.id, accountId: next.accountId }, p.reason, author),
    ]);
  });
  d.invalidate([person.accountId]);
  // ID-11: tokens carrying the extended scope must not outlive its withdrawal
  await endAllSessions(d, person.accountId, 'scope-withdrawn');
  return personView(person);
}
