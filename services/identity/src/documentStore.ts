/**
 * ID-05/ID-06: the PDFs a person uploads for a representation request (the authorisation and the
 * stamp-duty proof), kept by identity in their own collection. A document is at most 10 MB
 * (DOC-04), so it is stored whole, base64 in one document (under the 16 MB document limit of
 * MongoDB), and read back whole.
 */
import { Schema } from 'mongoose';
import type { Collection, CollectionSpec, Store } from '@puesc/store';
import { accountsSpec, type AccountDoc } from './store';

export const REPRESENTATION_DOCUMENT_KINDS = ['authorisation', 'stamp-duty'] as const;
export type RepresentationDocumentKind = (typeof REPRESENTATION_DOCUMENT_KINDS)[number];

export interface RepresentationDocumentDoc {
  /** The account that uploaded it: only its requests may name it (ID-05, ID-06). */
  accountId: string;
  kind: RepresentationDocumentKind;
  name: string;
  size: number;
  sha256: string;
  mediaType: 'application/pdf';
  /** The bytes, base64. */
  data: string;
  uploadedAt: Date;
}

export const representationDocumentsSpec: CollectionSpec = {
  name: 'representationDocuments',
  schema: new Schema(
    {
      accountId: { type: String, required: true, index: true },
      kind: { type: String, required: true, enum: [...REPRESENTATION_DOCUMENT_KINDS] },
      name: { type: String, required: true },
      size: { type: Number, required: true },
      sha256: { type: String, required: true },
      mediaType: { type: String, required: true, enum: ['application/pdf'] },
      data: { type: String, required: true },
      uploadedAt: { type: Date, required: true },
    },
    { versionKey: false, minimize: false },
  ),
};

export interface DocumentCollections {
  documents: Collection<RepresentationDocumentDoc>;
  /** The same accounts collection store.ts opens (same spec), read here for DOC-10's listing. */
  accounts: Collection<AccountDoc>;
}

export const openDocumentCollections = (store: Store): DocumentCollections => ({
  documents: store.collection<RepresentationDocumentDoc>(representationDocumentsSpec),
  accounts: store.collection<AccountDoc>(accountsSpec),
});
