/**
 * The other services pki asks: identity, for the registered person behind a caller (PKI-02:
 * the certificate subject comes from these data). One small interface, so that a typed peer
 * client can replace it.
 */
import type { Ctx } from '@puesc/service';
import type { RegisteredPerson } from './domain';

/** identity.getPerson's answer, read tolerantly (field names as identity publishes them). */
export interface PersonView {
  personId?: string;
  id?: string;
  accountId?: string;
  givenNames?: string;
  givenName?: string;
  surname?: string;
  familyName?: string;
  pesel?: string | null;
  document?: { country: string; type: string; number: string } | null;
  country?: string | null;
  citizenship?: string | null;
  email?: string | null;
  scope?: string;
  status?: string;
}

export interface IdentityPeer {
  getPerson(personId: string): Promise<PersonView | null | undefined>;
}

/** identity, called within the caller's request. */
export const identityPeer = (ctx: Ctx<unknown>): IdentityPeer => ({
  getPerson: (personId) => ctx.call<PersonView, { personId: string }>('identity.getPerson', { personId }),
});

const DOC_TYPES: Record<string, 'ID_CARD' | 'PASSPORT' | 'OTHER'> = {
  'id-card': 'ID_CARD',
  passport: 'PASSPORT',
  ID_CARD: 'ID_CARD',
  PASSPORT: 'PASSPORT',
};

export function registeredPersonOf(v: PersonView, personId: string): RegisteredPerson {
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
