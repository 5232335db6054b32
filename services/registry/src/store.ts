import { Schema } from 'mongoose';
import type { Collection, CollectionSpec, Doc, Store } from '@puesc/store';
import type { Company, CompanyVersion } from './domain';

/**
 * The registry's collections. Mongoose schemas are the single description of the persisted
 * shape; both store adapters read their unique indexes from here.
 */

const address = new Schema(
  {
    street: { type: String, required: true },
    postalCode: { type: String, required: true },
    city: { type: String, required: true },
    country: { type: String, required: true },
  },
  { _id: false },
);
const contact = new Schema({ email: { type: String, required: true }, phone: String }, { _id: false });
const companyData = new Schema(
  {
    name: { type: String, required: true },
    legalForm: { type: String, required: true },
    country: { type: String, required: true },
    nip: String,
    regon: String,
    krs: String,
    address: { type: address, required: true },
    contact: { type: contact, required: false },
    consentToPublish: { type: Boolean, required: true },
    existingEori: String,
  },
  { _id: false },
);
const excise = new Schema(
  { number: { type: String, required: true }, validFrom: { type: String, required: true }, validTo: String },
  { _id: false },
);
const author = new Schema(
  { accountId: { type: String, required: true }, personId: String, role: String },
  { _id: false },
);
const legacyRef = new Schema(
  { source: { type: String, required: true }, id: { type: String, required: true }, login: String },
  { _id: false },
);
const snapshot = new Schema(
  {
    id: { type: String, required: true },
    revision: { type: Number, required: true },
    status: { type: String, required: true },
    origin: { type: String, required: true },
    eori: String,
    eoriKind: String,
    validFrom: String,
    validTo: String,
    data: { type: companyData, required: true },
    excise: { type: excise, required: false },
  },
  { _id: false },
);
const versionFields = {
  companyId: { type: String, required: true },
  revision: { type: Number, required: true },
  at: { type: String, required: true },
  author: { type: author, required: true },
  change: { type: String, required: true },
  fields: { type: [String], default: undefined },
  reason: String,
  snapshot: { type: snapshot, required: true },
};
const versionSub = new Schema(versionFields, { _id: false });

/** A company's current state; `lastVersion` is the version record of `revision` until it is safely in `versions`. */
export interface CompanyDoc extends Company {
  /**
   * The NIP while it is claimed (every status but rejected): unique, so two live records can
   * never share a NIP, while a rejected application frees it for a new one.
   */
  nipKey?: string;
  lastVersion: CompanyVersion;
}

export const companiesSpec: CollectionSpec = {
  name: 'registry_companies',
  schema: new Schema({
    _id: String,
    id: { type: String, required: true },
    status: { type: String, required: true, enum: ['submitted', 'approved', 'rejected', 'removed'], index: true },
    data: { type: companyData, required: true },
    nipKey: { type: String, unique: true, sparse: true },
    eori: { type: String, unique: true, sparse: true },
    eoriKind: String,
    validFrom: String,
    validTo: String,
    excise: { type: excise, required: false },
    revision: { type: Number, required: true },
    origin: { type: String, required: true },
    submittedBy: { type: author, required: false },
    declareByLaw: Boolean,
    decision: { type: new Schema({ by: author, at: String, reason: String }, { _id: false }), required: false },
    removal: {
      type: new Schema({ by: author, at: String, from: String, reason: String }, { _id: false }),
      required: false,
    },
    legacy: { type: [legacyRef], default: undefined },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    lastVersion: { type: versionSub, required: true },
  }),
};

/** Every version ever made (REG-07), `_id` = `<companyId>:<revision, 9 digits>`; never updated, never deleted. */
export type VersionDoc = CompanyVersion;
export const versionsSpec: CollectionSpec = {
  name: 'registry_versions',
  schema: new Schema({ _id: String, ...versionFields, companyId: { type: String, required: true, index: true } }),
};

/** Named counters advanced atomically with `increment` (safe with several replicas). */
export interface SequenceDoc {
  value?: number;
}
export const sequencesSpec: CollectionSpec = {
  name: 'registry_sequences',
  schema: new Schema({ _id: String, value: Number }),
};
export const THIRD_COUNTRY_SEQUENCE = 'eori-third-country';

export const versionId = (companyId: string, revision: number): string =>
  `${companyId}:${String(revision).padStart(9, '0')}`;

export interface RegistryStore {
  companies: Collection<CompanyDoc>;
  versions: Collection<VersionDoc>;
  sequences: Collection<SequenceDoc>;
}

export function openStore(store: Store): RegistryStore {
  return {
    companies: store.collection<CompanyDoc>(companiesSpec),
    versions: store.collection<VersionDoc>(versionsSpec),
    sequences: store.collection<SequenceDoc>(sequencesSpec),
  };
}

/** The former name of `openStore`. */
export const openRegistryStore = openStore;

/** The domain object of a stored company (without the store's and the index's own fields). */
export function companyOf(doc: Doc<CompanyDoc>): Company {
  const {
    _id: _i,
    version: _v,
    _outbox: _o,
    nipKey: _n,
    lastVersion: _l,
    ...company
  } = doc as Doc<CompanyDoc> & Record<string, unknown>;
  return company as Company;
}

/** The stored form of a company with the version record of its current revision. */
export function docOf(c: Company, lastVersion: CompanyVersion): CompanyDoc & { _id: string } {
  const doc: CompanyDoc & { _id: string } = { ...c, _id: c.id, lastVersion };
  if (c.data.nip && c.status !== 'rejected') doc.nipKey = c.data.nip;
  else delete doc.nipKey;
  return doc;
}
