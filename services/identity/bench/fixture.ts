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
import type { PersonIdentity } from '../src/domain/persons';
import { PERMISSIONS } from '../src/domain/representations';
import { openStore } from '../src/store';

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
  const db = openStore(o.store);
  const now = (o.clock ?? systemClock).now();
  const accountId = newId();
  const email = `bench-${accountId}@bench.invalid`;
  const password = `bench-${accountId}-passphrase`;
  const personId = await db.persons.nextIdSisc();
  const companyId = `bench-company-${accountId}`;
  const identity: PersonIdentity = {
    kind: 'document',
    country: 'ZZ',
    documentType: 'other',
    documentNumber: `BENCH${personId.slice(2)}`,
    birthDate: '1980-01-01',
  };
  await db.accounts.insert({
    id: accountId,
    email,
    passwordHash: await hashPassword(password, o.scrypt ?? productionScrypt),
    emailVerified: true,
    status: 'active',
    roles: ['client'],
    personId,
    createdAt: now,
    verifiedAt: now,
    codes: {},
  });
  await db.persons.insert({
    id: personId,
    accountId,
    givenNames: 'Bench',
    surname: 'Mark',
    identity,
    scope: 'extended',
    status: 'active',
    registeredAt: now,
    versions: [],
  });
  await db.representations.insert(
    {
      id: newId(),
      personId,
      accountId,
      company: { id: companyId, name: 'Bench sp. z o.o.', nip: null, eori: null },
      kind: 'by-law',
      permissions: [...PERMISSIONS],
      documents: {},
      status: 'approved',
      requestedAt: now,
      decidedAt: now,
      decidedBy: 'bench',
      versions: [],
    },
    'request',
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
