/**
 * Fixtures for `pnpm bench`: logins per second and authorize calls per second. The fixture
 * writes a verified account, its person and an approved representation straight into
 * identity's store (no e-mail round trip), then returns the operations to time.
 */
import type { ServiceBroker } from 'moleculer';
import { newId, systemClock, type Clock } from '@puesc/kernel';
import type { Store } from '@puesc/store';
import { hashPassword, type ScryptParams } from '../src/domain/passwords';
import { productionScrypt } from '../src/domain/policy';
import { formatIdSisc } from '../src/domain/idSisc';
import { identityKey, type PersonIdentity } from '../src/domain/persons';
import { PERMISSIONS } from '../src/domain/representations';
import { forInsert, openCollections } from '../src/store';

export interface IdentityBenchFixture {
  email: string;
  password: string;
  accountId: string;
  companyId: string;
  /** One login (POST /api/v1/auth/login body) through the broker. */
  login(): Promise<unknown>;
  /** One `identity.authorize` through the broker (answered from the short cache after the first). */
  authorize(): Promise<unknown>;
  /** Params of the authorize call (for a gateway-level or direct measurement). */
  authorizeParams: { accountId: string; companyId: string; permission: string };
  loginParams: { email: string; password: string };
}

export async function identityBenchFixture(o: {
  broker: ServiceBroker;
  /** identity's store (host.stores.get('identity')). */
  store: Store;
  clock?: Clock;
  /** Must match the service's PASSWORD_SCRYPT_* settings to measure them; production by default. */
  scrypt?: ScryptParams;
}): Promise<IdentityBenchFixture> {
  const db = openCollections(o.store);
  const now = (o.clock ?? systemClock).now();
  const accountId = newId();
  const email = `bench-${accountId}@bench.invalid`;
  const password = `bench-${accountId}-passphrase`;
  const seq = await db.sequences.increment('idSisc', 'value');
  const personId = formatIdSisc(seq);
  const companyId = `bench-company-${accountId}`;
  const identity: PersonIdentity = {
    kind: 'document',
    country: 'ZZ',
    documentType: 'other',
    documentNumber: `BENCH${seq}`,
    birthDate: '1980-01-01',
  };
  await db.accounts.insert(
    forInsert({
      _id: accountId,
      email,
      passwordHash: await hashPassword(password, o.scrypt ?? productionScrypt),
      emailVerified: true,
      status: 'active' as const,
      roles: ['client' as const],
      personId,
      createdAt: now,
      verifiedAt: now,
      codes: {},
    }) as never,
  );
  const key = identityKey(identity);
  await db.persons.insert(
    forInsert({
      _id: personId,
      accountId,
      activeAccountId: accountId,
      activeIdentityKey: key,
      identityKey: key,
      givenNames: 'Bench',
      surname: 'Mark',
      identity,
      scope: 'extended' as const,
      status: 'active' as const,
      registeredAt: now,
      versions: [],
    }) as never,
  );
  await db.representations.insert(
    forInsert({
      _id: newId(),
      personId,
      accountId,
      companyId,
      company: { id: companyId, name: 'Bench sp. z o.o.', nip: null, eori: null },
      kind: 'by-law' as const,
      permissions: [...PERMISSIONS],
      documents: {},
      status: 'approved' as const,
      requestedAt: now,
      decidedAt: now,
      decidedBy: 'bench',
      origin: 'request' as const,
      versions: [],
    }) as never,
  );
  const authorizeParams = { accountId, companyId, permission: 'seap.submit' };
  const loginParams = { email, password };
  return {
    email,
    password,
    accountId,
    companyId,
    authorizeParams,
    loginParams,
    login: () => o.broker.call('identity.login', loginParams, { meta: { ip: `bench-${Math.random()}` } }),
    authorize: () => o.broker.call('identity.authorize', authorizeParams),
  };
}
