import { Schema } from 'mongoose';
import type { Collection, CollectionSpec, Store } from '@puesc/store';
import type { Account } from './domain/accounts';
import type { Person } from './domain/persons';
import type { Representation } from './domain/representations';
import type { RefreshChain } from './domain/refreshTokens';
import type { SigningKey } from './domain/keys';
import type { FailureRecord } from './domain/throttle';
import type { LegacyRecord } from './domain/legacy';
import type { OfficerRole } from './domain/accounts';

/**
 * Identity's collections. The mongoose schemas are the single description of the persisted
 * shape (fields, required, unique indexes); both store adapters read them.
 * Domain objects carry `id`; stored documents carry `_id` (see toDoc / fromDoc).
 */
const { Mixed } = Schema.Types;
const opts = { versionKey: false, minimize: false } as const;

type Stored<T extends { id: string }> = Omit<T, 'id'>;

export type AccountDoc = Stored<Account> & {
  /** Set while the account is active; the address is free again after closing. */
  closedEmail?: string | null;
};
export type PersonDoc = Stored<Person> & {
  /** ID-02: the identity key (PESEL or document) while the person is active; unique (sparse). */
  activeIdentityKey?: string;
  /** One active person per account; unique (sparse). */
  activeAccountId?: string;
  identityKey: string;
};
export type RepresentationDoc = Stored<Representation> & {
  companyId: string;
  /** Created from a company registration in the registry (declared by-law representative). */
  origin?: 'request' | 'registry';
};
export type RefreshChainDoc = RefreshChain;
export type SigningKeyDoc = SigningKey;
export type ThrottleDoc = FailureRecord;
export type LegacyRecordDoc = Stored<LegacyRecord>;
export interface OfficerDoc {
  accountId: string;
  email: string;
  givenNames: string;
  surname: string;
  roles: OfficerRole[];
  office?: string | null;
  createdBy: string;
  createdAt: Date;
}
export interface SequenceDoc {
  value: number;
}

const versions = { type: [Mixed], default: [] };

export const accountsSpec: CollectionSpec = {
  name: 'accounts',
  schema: new Schema(
    {
      email: { type: String, required: true, unique: true },
      closedEmail: { type: String },
      passwordHash: { type: String, required: true },
      emailVerified: { type: Boolean, required: true },
      status: { type: String, required: true, enum: ['active', 'closed'] },
      roles: { type: [String], required: true },
      office: { type: String },
      personId: { type: String },
      createdAt: { type: Date, required: true },
      verifiedAt: { type: Date },
      passwordChangedAt: { type: Date },
      closedAt: { type: Date },
      codes: { type: Mixed, default: {} },
    },
    opts,
  ),
};

export const personsSpec: CollectionSpec = {
  name: 'persons',
  schema: new Schema(
    {
      accountId: { type: String, required: true, index: true },
      activeAccountId: { type: String, unique: true, sparse: true },
      activeIdentityKey: { type: String, unique: true, sparse: true },
      identityKey: { type: String, required: true, index: true },
      givenNames: { type: String, required: true },
      surname: { type: String, required: true },
      identity: { type: Mixed, required: true },
      citizenship: { type: String },
      phone: { type: String },
      address: { type: Mixed },
      scope: { type: String, required: true, enum: ['basic', 'extended'] },
      scopeGrant: { type: Mixed },
      scopeRequest: { type: Mixed },
      status: { type: String, required: true, enum: ['active', 'closed'] },
      registeredAt: { type: Date, required: true },
      closedAt: { type: Date },
      versions,
    },
    opts,
  ),
};

export const officersSpec: CollectionSpec = {
  name: 'officers',
  schema: new Schema(
    {
      accountId: { type: String, required: true, unique: true },
      email: { type: String, required: true },
      givenNames: { type: String, required: true },
      surname: { type: String, required: true },
      roles: { type: [String], required: true },
      office: { type: String },
      createdBy: { type: String, required: true },
      createdAt: { type: Date, required: true },
    },
    opts,
  ),
};

export const representationsSpec: CollectionSpec = {
  name: 'representations',
  schema: new Schema(
    {
      personId: { type: String, required: true, index: true },
      accountId: { type: String, required: true },
      companyId: { type: String, required: true, index: true },
      company: { type: Mixed, required: true },
      kind: {
        type: String,
        required: true,
        enum: ['by-law', 'employee-attorney', 'customs-direct', 'customs-indirect'],
      },
      permissions: { type: [String], required: true },
      endDate: { type: String },
      agency: { type: Mixed },
      documents: { type: Mixed, default: {} },
      status: {
        type: String,
        required: true,
        enum: ['requested', 'approved', 'rejected', 'revoked', 'expired'],
        index: true,
      },
      requestedAt: { type: Date, required: true },
      decidedAt: { type: Date },
      decidedBy: { type: String },
      rejectionReason: { type: String },
      endedAt: { type: Date },
      endedBy: { type: String },
      endReason: { type: String },
      origin: { type: String, enum: ['request', 'registry'] },
      versions,
    },
    opts,
  ),
};

export const refreshTokensSpec: CollectionSpec = {
  name: 'refreshTokens',
  schema: new Schema(
    {
      accountId: { type: String, required: true, index: true },
      createdAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
      current: { type: Mixed, required: true },
      spent: { type: [String], default: [] },
      rotations: { type: Number, required: true },
      revokedAt: { type: Date },
      revokedReason: { type: String },
    },
    opts,
  ),
};

export const signingKeysSpec: CollectionSpec = {
  name: 'signingKeys',
  schema: new Schema(
    {
      kid: { type: String, required: true, unique: true },
      generation: { type: Number, required: true },
      alg: { type: String, required: true, enum: ['ES256'] },
      publicJwk: { type: Mixed, required: true },
      privateJwk: { type: String },
      createdAt: { type: Date, required: true },
      activatesAt: { type: Date, required: true },
      destroyedAt: { type: Date },
    },
    opts,
  ),
};

export const throttlesSpec: CollectionSpec = {
  name: 'throttles',
  schema: new Schema(
    {
      failures: { type: Number, required: true },
      firstFailureAt: { type: Date, required: true },
      lastFailureAt: { type: Date, required: true },
      lockedUntil: { type: Date },
    },
    opts,
  ),
};

export const legacyRecordsSpec: CollectionSpec = {
  name: 'legacyRecords',
  schema: new Schema(
    {
      source: { type: String, required: true, enum: ['PDR', 'SEED', 'EORI'] },
      legacyId: { type: String, required: true },
      login: { type: String },
      nip: { type: String, index: true },
      eori: { type: String, index: true },
      email: { type: String },
      pesel: { type: String },
      givenNames: { type: String },
      surname: { type: String },
      companyName: { type: String },
      systems: { type: [String], default: [] },
      validTo: { type: String },
      importedAt: { type: Date, required: true },
      importedBy: { type: String, required: true },
      linkedAccountId: { type: String, index: true },
      linkedPersonId: { type: String },
      linkedAt: { type: Date },
      claim: { type: Mixed },
    },
    opts,
  ),
};

export const sequencesSpec: CollectionSpec = {
  name: 'sequences',
  schema: new Schema({ value: { type: Number, required: true } }, opts),
};

export const ALL_SPECS = [
  accountsSpec,
  personsSpec,
  officersSpec,
  representationsSpec,
  refreshTokensSpec,
  signingKeysSpec,
  throttlesSpec,
  legacyRecordsSpec,
  sequencesSpec,
];

/** Collections whose documents carry outbox events. */
export const OUTBOX_COLLECTIONS = ['accounts', 'persons', 'representations', 'legacyRecords'];

export interface IdentityCollections {
  accounts: Collection<AccountDoc>;
  persons: Collection<PersonDoc>;
  officers: Collection<OfficerDoc>;
  representations: Collection<RepresentationDoc>;
  refreshTokens: Collection<RefreshChainDoc>;
  signingKeys: Collection<SigningKeyDoc>;
  throttles: Collection<ThrottleDoc>;
  legacyRecords: Collection<LegacyRecordDoc>;
  sequences: Collection<SequenceDoc>;
}

export function openCollections(store: Store): IdentityCollections {
  return {
    accounts: store.collection<AccountDoc>(accountsSpec),
    persons: store.collection<PersonDoc>(personsSpec),
    officers: store.collection<OfficerDoc>(officersSpec),
    representations: store.collection<RepresentationDoc>(representationsSpec),
    refreshTokens: store.collection<RefreshChainDoc>(refreshTokensSpec),
    signingKeys: store.collection<SigningKeyDoc>(signingKeysSpec),
    throttles: store.collection<ThrottleDoc>(throttlesSpec),
    legacyRecords: store.collection<LegacyRecordDoc>(legacyRecordsSpec),
    sequences: store.collection<SequenceDoc>(sequencesSpec),
  };
}

// ---- mapping between domain objects (`id`) and stored documents (`_id`) ------------------

type WithStore = { _id: string; version: number; _outbox?: unknown };

/** Domain object from a stored document, keeping `version` for the next update. */
export function fromDoc<T extends { id: string }>(doc: Stored<T> & WithStore): T & { version: number } {
  const { _id, _outbox: _o, ...rest } = doc as Stored<T> & WithStore;
  return { ...(rest as unknown as T & { version: number }), id: _id };
}

/** Stored document from a domain object (carrying the version that was read, if any). */
export function toDoc<T extends { id: string }>(
  obj: T & { version?: number },
): Stored<T> & { _id: string; version: number } {
  const { id, version, ...rest } = obj;
  return { ...(rest as unknown as Stored<T>), _id: id, version: version ?? 0 };
}

/** A document for `insert`: the store sets the version itself. */
export function forInsert<T extends object>(doc: T): Omit<T, 'version' | '_outbox'> {
  const { version: _v, _outbox: _o, ...rest } = doc as T & { version?: number; _outbox?: unknown };
  return rest as Omit<T, 'version' | '_outbox'>;
}
