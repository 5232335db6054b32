/**
 * Who acts on a case or a permit.
 * - an officer of a customs office (office code) for office actions: only the competent office's
 *   officers act on its cases (ID-10);
 * - a client (account) for the applicant's actions: whether the account represents the applicant
 *   with the right permission is decided by identity.authorize in the service shell (ID-10);
 * - the system for what happens because time passed (deemed delivery, a limit running out).
 */
export type Actor =
  { kind: 'officer'; office: string; officerId?: string } | { kind: 'client'; accountId: string } | { kind: 'system' };

export type ActorKind = Actor['kind'];

/** A short, stable label for audit trails: `officer:PL301000/jan`, `client:acc-1`, `system`. */
export function actorLabel(a: Actor): string {
  switch (a.kind) {
    case 'officer':
      return `officer:${a.office}${a.officerId ? `/${a.officerId}` : ''}`;
    case 'client':
      return `client:${a.accountId}`;
    case 'system':
      return 'system';
  }
}

/** The same office, whether written `PL301000` or `301000`. */
export function sameOffice(a: string, b: string): boolean {
  return normaliseOffice(a) === normaliseOffice(b);
}

export function normaliseOffice(code: string): string {
  return code.trim().toUpperCase().replace(/^PL/, '');
}
