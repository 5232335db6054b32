/**
 * Documents for the domain tests, built by the machine's own creating transitions (generate,
 * makeAvailable), so a test starts from a state the machine can reach.
 */
import { canonicalBytes } from '@puesc/canonical-json';
import type { DocumentDoc } from '../../src/domain/document';
import { generate, makeAvailable, type AvailableInput, type GenerateInput } from '../../src/domain/documentMachine';
import type { Verification } from '../../src/domain/receipt';

// Wednesday 10 December 2025, 10:00 in Warsaw
export const T0 = new Date('2025-12-10T09:00:00Z');
export const DAY = 86_400_000;

export function clientDocument(over: Partial<GenerateInput> = {}, state: Partial<DocumentDoc> = {}): DocumentDoc {
  const content = over.content ?? { remarks: 'test' };
  return {
    ...generate({
      id: 'DOC-1',
      form: { code: 'WDEUS01', target: 'szprot' },
      title: 'Wniosek',
      author: { accountId: 'A-ANNA', personId: 'P-ANNA' },
      companyId: 'C-ACME',
      onBehalfOf: { companyId: 'C-ACME', eori: 'PL1234563218000', name: 'ACME Sp. z o.o.' },
      caseRef: null,
      purpose: 'grant',
      authority: { code: 'PL301000', name: 'Naczelnik Urzędu' },
      content,
      bytes: canonicalBytes({ content }),
      attachments: [],
      draftId: 'D-1',
      relatedDocumentId: null,
      at: T0,
      ...over,
    }),
    ...state,
  };
}

export const receivedDocument = (id: string, over: Partial<GenerateInput> = {}): DocumentDoc =>
  clientDocument({ id, ...over }, { status: 'received', receivedAt: T0, upoId: `UPO-${id}` });

export function availableInput(over: Partial<AvailableInput> = {}): AvailableInput {
  return {
    id: 'AUTH-1',
    kind: 'decision',
    title: 'Decyzja',
    recipient: { accountId: 'A-BOB', companyId: 'C-ACME' },
    caseRef: 'PL301000-EUP.2025.9',
    content: { permitNumber: 'PLEUS301000.2025.0009' },
    contactEmail: null,
    issuer: { service: 'szprot', office: 'PL301000', name: 'Naczelnik Urzędu' },
    authority: { code: 'PL301000', name: 'Naczelnik Urzędu' },
    externalId: 'szprot-doc-1',
    relatedDocumentId: null,
    at: T0,
    deemedAt: new Date(T0.getTime() + 14 * DAY),
    ...over,
  };
}

export const availableDocument = (over: Partial<AvailableInput> = {}): DocumentDoc =>
  makeAvailable(availableInput(over), { bytes: Buffer.from('{}'), jws: 'h.p.s' }).document;

export const verified = (over: Partial<Verification> = {}): Verification => ({
  valid: true,
  method: 'customs-certificate',
  signer: { givenName: 'Anna', familyName: 'Nowak', personId: 'P-ANNA' },
  certificate: { serial: '0A1B', currentStatus: 'good' },
  signedAt: '2025-12-10T08:59:00.000Z',
  ...over,
});
