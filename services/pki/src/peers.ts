/**
 * The other services pki asks: identity, for the registered person behind a caller (PKI-02:
 * the certificate subject comes from these data), through the typed client of @puesc/contracts.
 */
import { identityPeer as identityClient, type PeerCaller, type PeerPerson } from '@puesc/contracts';
import type { RegisteredPerson } from './domain';

/** What pki asks identity. */
export type IdentityPeer = Pick<ReturnType<typeof identityClient>, 'getPerson'>;

/** identity, called within the caller's request (`ctx`, so the request's meta follows). */
export const identityPeer = (via: PeerCaller): IdentityPeer => identityClient(via);

/**
 * identity.getPerson's answer, read tolerantly: the contract's names, and the earlier ones
 * (`id`, `givenName`, `familyName`) that older identity nodes and test doubles still give.
 */
export type PersonReading = Partial<PeerPerson> & { id?: string; givenName?: string; familyName?: string };

const DOC_TYPES: Record<string, 'ID_CARD' | 'PASSPORT' | 'OTHER'> = {
  'id-card': 'ID_CARD',
  passport: 'PASSPORT',
  ID_CARD: 'ID_CARD',
  PASSPORT: 'PASSPORT',
};

export function registeredPersonOf(v: PersonReading, personId: string): RegisteredPerson {
  const givenName = v.givenNames ?? v.givenName ?? '';
  const familyName = v.surname ?? v.familyName ?? '';
  const country = (v.country ?? v.document?.country ?? v.citizenship ?? 'PL').toUpperCase();
  return {
    personId: v.personId ?? v.id ?? personId,
    givenName,
    familyName,
    country,
    ...(v.pesel ? { pesel: v.pesel } : {}),
    ...(!v.pesel && v.document
      ? {
          document: {
            type: DOC_TYPES[v.document.type] ?? 'OTHER',
            number: v.document.number,
            country: v.document.country.toUpperCase(),
          },
        }
      : {}),
    ...(v.email ? { email: v.email } : {}),
  };
}
