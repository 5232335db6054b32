import { Schema } from 'mongoose';
import { conflict, isAppError } from '@puesc/kernel';
import type { Collection, CollectionSpec, Doc, Filter, PendingEvent, Store } from '@puesc/store';
import { REPRESENTATION_KINDS, REPRESENTATION_STATUSES } from '@puesc/contracts';
import type { Account, OfficerRole } from './domain/accounts';
import { identityKey, ONE_ACTIVE_ACCOUNT, type Person } from './domain/persons';
import type { Representation } from './domain/representations';
import type { RefreshChain } from './domain/refreshTokens';
import type { FailureRecord } from './domain/throttle';
import { LEGACY_SOURCES, type LegacyRecord } from './domain/legacy';
import { formatIdSisc } from './domain/idSisc';
import { collectionKeyStore, keyCollectionSpec, type KeyRecord } from '@puesc/keyring';
import type { MailSecret } from './domain/mailSecrets';

/**
 * Identity's collections. The mongoose schemas are the single description of the persisted
 * shape (fields, required, unique indexes); both store adapters read them.
 * Domain objects carry `id`; stored documents carry `_id` (see toDoc / fromDoc).
 */
const { Mixed } = Schema.Types;
const opts = { versionKey: false, minimize: false } as const;

type Stored<T extends { id: string }> = Omit<T, 'id'>;

export type AccountDoc = Stored<Account>;
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
export type SigningKeyDoc = KeyRecord;
export type MailSecretDoc = Omit<MailSecret, 'eventId'>;
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
        enum: [...REPRESENTATION_KINDS],
      },
      permissions: { type: [String], required: true },
      endDate: { type: String },
      agency: { type: Mixed },
      documents: { type: Mixed, default: {} },
      status: {
        type: String,
        required: true,
        enum: [...REPRESENTATION_STATUSES],
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

/** The token signing keys, in the shape of @puesc/keyring (the records identity wrote before fit it). */
export const signingKeysSpec: CollectionSpec = keyCollectionSpec('signingKeys');

export const throttlesSpec: CollectionSpec = {
  name: 'throttles',
  schema: new Schema(
    {
      failures: { type: Number, required: true },
      firstFailureAt: { type: Date, required: true },
      lastFailureAt: { type: Date, required: true },
      lockedUntil: { type: Date },
      trustedUntil: { type: Date },
    },
    opts,
  ),
};

export const legacyRecordsSpec: CollectionSpec = {
  name: 'legacyRecords',
  schema: new Schema(
    {
      source: { type: String, required: true, enum: [...LEGACY_SOURCES] },
      legacyId: { type: String, required: true },
      login: { type: String },
      nip: { type: String, index: true },
      eori: { type: String, index: true },
      exciseNumber: { type: String, index: true },
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

/** Issue 18 item 12: sealed template values of mails carrying a one-time code, by mail event id. */
export const mailSecretsSpec: CollectionSpec = {
  name: 'mailSecrets',
  schema: new Schema(
    {
      sealed: { type: String, required: true },
      expiresAt: { type: Date, required: true },
      ref: { type: Mixed, required: true },
    },
    opts,
  ),
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
  mailSecretsSpec,
];

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
  mailSecrets: Collection<MailSecretDoc>;
}

function openCollections(store: Store): IdentityCollections {
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
    mailSecrets: store.collection<MailSecretDoc>(mailSecretsSpec),
  };
}

// ---- mapping between domain objects (`id`) and stored documents (`_id`) ------------------

type WithStore = { _id: string; version: number; _outbox?: unknown };

/** Domain object from a stored document, keeping `version` for the next update. */
function fromDoc<T extends { id: string }>(doc: Stored<T> & WithStore): T & { version: number } {
  const { _id, _outbox: _o, ...rest } = doc as Stored<T> & WithStore;
  return { ...(rest as unknown as T & { version: number }), id: _id };
}

/** Stored document from a domain object (carrying the version that was read, if any). */
function toDoc<T extends { id: string }>(obj: T & { version?: number }): Stored<T> & { _id: string; version: number } {
  const { id, version, ...rest } = obj;
  return { ...(rest as unknown as Stored<T>), _id: id, version: version ?? 0 };
}

/** A document for `insert`: the store sets the version itself. */
function forInsert<T extends object>(doc: T): Omit<T, 'version' | '_outbox'> {
  const { version: _v, _outbox: _o, ...rest } = doc as T & { version?: number; _outbox?: unknown };
  return rest as Omit<T, 'version' | '_outbox'>;
}

// ---- typed accessors: what the workflows read and write ------------------------------------

/** A domain object as read from the store: it carries the version its next update presents. */
export type Loaded<T> = T & { version: number };

const isUniqueConflict = (e: unknown): boolean => isAppError(e) && e.type === 'conflict';

/** ID-02 is kept by the unique index on the active identity: a violation is that rule's refusal. */
async function asOnePersonPerIdentity<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isUniqueConflict(e)) throw conflict(ONE_ACTIVE_ACCOUNT, 'ID-02');
    throw e;
  }
}

function personDoc(p: Person & { version?: number }): Doc<PersonDoc> {
  const key = identityKey(p.identity);
  const active = p.status === 'active';
  return {
    ...(toDoc(p) as object),
    identityKey: key,
    activeIdentityKey: active ? key : undefined,
    activeAccountId: active ? p.accountId : undefined,
  } as unknown as Doc<PersonDoc>;
}

const repDoc = (r: Representation & { version?: number }): Doc<RepresentationDoc> =>
  ({ ...(toDoc(r) as object), companyId: r.company.id }) as unknown as Doc<RepresentationDoc>;

const loaded = <T extends { id: string }>(d: object | null): Loaded<T> | null => (d ? fromDoc<T>(d as never) : null);
const allLoaded = <T extends { id: string }>(ds: object[]): Loaded<T>[] => ds.map((d) => fromDoc<T>(d as never));

/**
 * Identity's store: typed reads and writes of its aggregates. A write that carries events wakes
 * the outbox relay by itself (the host's store does it).
 */
export function openStore(store: Store) {
  const c = openCollections(store);
  return {
    signingKeys: collectionKeyStore(c.signingKeys),
    accounts: {
      byId: async (id: string) => loaded<Account>(await c.accounts.get(id)),
      byEmail: async (email: string) => loaded<Account>(await c.accounts.findOne({ email })),
      insert: (a: Account, events: PendingEvent[] = []) => c.accounts.insert(forInsert(toDoc(a)) as never, { events }),
      save: async (a: Account & { version?: number }, events: PendingEvent[] = []) =>
        fromDoc<Account>((await c.accounts.update(toDoc(a) as never, { events })) as never),
    },
    persons: {
      byId: async (id: string) => loaded<Person>(await c.persons.get(id)),
      ofAccount: async (accountId: string) => loaded<Person>(await c.persons.findOne({ activeAccountId: accountId })),
      /** ID-02: whether an active person already holds this identity. */
      identityTaken: async (key: string) => !!(await c.persons.findOne({ activeIdentityKey: key })),
      /** The active person holding this identity (ID-06: the signer of an authorisation). */
      byIdentityKey: async (key: string) => loaded<Person>(await c.persons.findOne({ activeIdentityKey: key })),
      /** ID-03: active persons waiting for an in-person confirmation, oldest first. */
      awaitingInPerson: async () =>
        allLoaded<Person>(
          await c.persons.find(
            { status: 'active', scope: 'basic', 'scopeRequest.method': 'in-person' },
            { sort: { registeredAt: 1 }, limit: 500 },
          ),
        ),
      nextIdSisc: async () => formatIdSisc(await c.sequences.increment('idSisc', 'value')),
      insert: (p: Person, events: PendingEvent[] = []) =>
        asOnePersonPerIdentity(() => c.persons.insert(forInsert(personDoc(p)) as never, { events })),
      save: (p: Person & { version?: number }, events: PendingEvent[] = []) =>
        asOnePersonPerIdentity(async () =>
          fromDoc<Person>((await c.persons.update(personDoc(p), { events })) as never),
        ),
    },
    representations: {
      byId: async (id: string) => loaded<Representation>(await c.representations.get(id)),
      find: async (filter: Filter, opts?: { sort?: Record<string, 1 | -1>; limit?: number }) =>
        allLoaded<Representation>(await c.representations.find(filter, opts)),
      /** Inserts a new request; `registry` marks one created from a company registration. */
      insert: (r: Representation, origin: 'request' | 'registry') =>
        c.representations.insert(forInsert({ ...repDoc(r), origin }) as never),
      save: async (r: Representation & { version?: number }, events: PendingEvent[] = []) =>
        fromDoc<Representation>((await c.representations.update(repDoc(r), { events })) as never),
    },
    refreshChains: {
      get: (chainId: string) => c.refreshTokens.get(chainId),
      ofAccount: (accountId: string) => c.refreshTokens.find({ accountId }),
      insert: (chainId: string, chain: RefreshChain) => c.refreshTokens.insert({ _id: chainId, ...chain }),
      /** Saves the chain over the stored document `read` (optimistic: `read` must be current). */
      save: (read: Doc<RefreshChainDoc>, chain: RefreshChain) => c.refreshTokens.update({ ...read, ...chain }),
    },
    mailSecrets: {
      get: async (eventId: string): Promise<MailSecret | null> => {
        const doc = await c.mailSecrets.get(eventId);
        return doc ? { eventId: doc._id, sealed: doc.sealed, expiresAt: doc.expiresAt, ref: doc.ref } : null;
      },
      insert: (m: MailSecret) =>
        c.mailSecrets.insert({ _id: m.eventId, sealed: m.sealed, expiresAt: m.expiresAt, ref: m.ref }),
    },
    throttles: c.throttles,
    officers: c.officers,
    legacyRecords: {
      byId: async (id: string) => loaded<LegacyRecord>(await c.legacyRecords.get(id)),
      find: async (filter: Filter) => allLoaded<LegacyRecord>(await c.legacyRecords.find(filter)),
      insert: (r: LegacyRecord) => c.legacyRecords.insert(forInsert(toDoc(r)) as never),
      save: async (r: LegacyRecord & { version?: number }, events: PendingEvent[] = []) =>
        c.legacyRecords.update(toDoc(r) as never, { events }),
    },
  };
}

export type IdentityStore = ReturnType<typeof openStore>;
