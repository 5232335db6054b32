/** A registered person (ID-02) as identity shows it to its owner, and to the services that need the data (`identity.getPerson`). */
import type { Scope } from './access';

export interface PersonAddress {
  street?: string;
  city: string;
  postalCode?: string;
  country: string;
}

export type PersonIdentity =
  { kind: 'pesel'; pesel: string } | { kind: 'document'; country: string; type: string; number: string };

export interface PersonView {
  /** ID SISC. */
  personId: string;
  accountId: string;
  givenNames: string;
  surname: string;
  birthDate: string;
  identity: PersonIdentity;
  citizenship: string | null;
  phone: string | null;
  address: PersonAddress | null;
  scope: Scope;
  scopeGrant: Record<string, unknown> | null;
  scopeRequest: { method: string; requestedAt: string | null } | null;
  status: 'active' | 'closed';
  registeredAt: string | null;
}

/** `identity.getPerson`: the person with the identifiers other services need (PKI-02 subject, UPO names). */
export interface PeerPerson extends PersonView {
  pesel: string | null;
  document: { country: string; type: string; number: string } | null;
  /** The person's country: PL with a PESEL, else the document's. */
  country: string;
  /** The account's address while the account is active. */
  email: string | null;
}
