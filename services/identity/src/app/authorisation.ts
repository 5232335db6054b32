/**
 * ID-06 in the workflows: a signed authorisation is verified (pki, PKI-05) and checked against the
 * principal before it is recorded; whatever an authorisation names is checked against the
 * representation it is attached to (domain/authorisation.ts).
 */
import { invalidField, ruleViolation } from '@puesc/kernel';
import {
  checkAuthorisationNames,
  identityKey,
  isCompanySeal,
  namesOfSignedPayload,
  type Person,
  type Representation,
  type RepresentationDocuments,
} from '../domain';
import type { Asker, IdentityDeps } from './deps';
import { managesCompany } from './authorization';
import { decided } from './refusals';

const JWS_FIELD = 'documents.authorisation.jws';

/** The registered person who signed, by the ID SISC or the PESEL the signature gives. */
async function signerOf(d: IdentityDeps, signer: { personId?: string; pesel?: string }): Promise<Person | null> {
  if (signer.personId) return d.db.persons.byId(signer.personId);
  if (signer.pesel) return d.db.persons.byIdentityKey(identityKey({ kind: 'pesel', pesel: signer.pesel } as never));
  return null;
}

/**
 * The documents as they are recorded: a signed authorisation not yet verified is verified now,
 * its signer must be the principal (a person who manages `companyId`), and what it signed becomes
 * its recorded names. Other documents pass unchanged.
 */
export async function recordedDocuments(
  d: IdentityDeps,
  asker: Asker,
  companyId: string,
  docs: RepresentationDocuments | undefined,
): Promise<RepresentationDocuments | undefined> {
  const a = docs?.authorisation;
  if (!docs || !a || a.form !== 'signed' || a.signedBy) return docs;
  if (!a.jws) {
    if (a.names) throw invalidField(JWS_FIELD, 'a signed authorisation carries the signed document (JWS)', 'ID-06');
    return docs; // an attachment reference only: the officer verifies it (ID-06)
  }
  const verdict = await asker.peers.signatures.verify({ jws: a.jws });
  if (!verdict.valid) throw ruleViolation('ID-06', `the authorisation's signature is refused: ${verdict.reason}`);
  const names = decided(namesOfSignedPayload(verdict.payload));
  const signedAt = verdict.signedAt ?? null;
  if (verdict.signer.organizationIdentifier) {
    // ID-06: a seal is the company's own signature only when its certificate names this company
    const company = await asker.peers.companies.find({ companyId });
    if (!isCompanySeal(verdict.signer, verdict.method, company?.nip))
      throw ruleViolation('ID-06', 'the authorisation is sealed by another organisation than the company (principal)');
    const organizationIdentifier = verdict.signer.organizationIdentifier.trim().toUpperCase();
    return {
      ...docs,
      authorisation: { ...a, names, signedBy: { organizationIdentifier, method: verdict.method, signedAt } },
    };
  }
  const signer = await signerOf(d, verdict.signer);
  if (!signer || signer.status !== 'active' || !(await managesCompany(d, signer.accountId, companyId)))
    throw ruleViolation('ID-06', 'the authorisation is not signed by the principal (a person who manages the company)');
  return {
    ...docs,
    authorisation: {
      ...a,
      names,
      signedBy: { personId: signer.id, method: verdict.method, signedAt },
    },
  };
}

/** ID-06: what the representation's authorisation names fits its company, its person and its permissions. */
export async function assertAuthorisationFits(d: IdentityDeps, r: Representation, person?: Person): Promise<void> {
  const names = r.documents.authorisation?.names;
  if (!names) return;
  const holder = person ?? (await d.db.persons.byId(r.personId));
  if (!holder) return;
  decided(checkAuthorisationNames(names, r, holder));
}
