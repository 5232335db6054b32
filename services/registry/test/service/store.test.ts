import { createEmbeddedStore, createMongoStore, type Store } from '@puesc/store';
import { describeIfMongo, mongoTestUrl, uniqueTestName } from '@puesc/testkit';
import { approve, reject, submit } from '../domain/harness';
import { companyOf, docOf, openRegistryStore, THIRD_COUNTRY_SEQUENCE } from '../../src/store';
import { NIP_A, polishCompany, thirdCountryCompany } from '../fixtures';

const by = { accountId: 'a', personId: 'p' };
const at = '2025-01-01T00:00:00.000Z';
const company = (id: string, data = polishCompany()) => {
  const s = submit({ id, data, declareByLaw: false }, { by, at });
  return docOf(s.company, s.version);
};

/** What the registry relies on from its collections, on whichever store runs it. */
function storeContract(open: () => Promise<Store[]>) {
  let stores: Store[];
  beforeAll(async () => void (stores = await open()));
  afterAll(async () => {
    for (const s of stores ?? []) await s.close();
  });

  it('REG-02 the NIP is unique among live records; a rejected application (no nipKey) does not hold it', async () => {
    const st = openRegistryStore(stores[0]!);
    await st.companies.insert(company('n1'));
    await expect(st.companies.insert(company('n2'))).rejects.toMatchObject({ type: 'conflict' });
    // Companies without a NIP (third-country) never collide with each other.
    await st.companies.insert(company('t1', thirdCountryCompany()));
    await st.companies.insert(company('t2', thirdCountryCompany()));
    expect((await st.companies.findOne({ nipKey: NIP_A }))?._id).toBe('n1');
    // Rejected: the stored form drops nipKey, and the NIP is free for a new application.
    const n1 = (await st.companies.get('n1'))!;
    const r = reject(companyOf(n1), { by, at, reason: 'no' });
    await st.companies.update({ ...docOf(r.company, r.version), version: n1.version });
    await st.companies.insert(company('n3'));
    expect((await st.companies.findOne({ nipKey: NIP_A }))?._id).toBe('n3');
  });

  it('REG-02 the EORI is unique', async () => {
    const st = openRegistryStore(stores[0]!);
    const a = company('e1', polishCompany({ nip: '8567346215' }));
    const b = company('e2', thirdCountryCompany());
    const withEori = (d: typeof a, eori: string) => ({ ...d, eori });
    await st.companies.insert(withEori(a, 'PL00000000000001Z'));
    await expect(st.companies.insert(withEori(b, 'PL00000000000001Z'))).rejects.toMatchObject({ type: 'conflict' });
  });

  it('REG-02 the third-country sequence never repeats, even taken at once by several replicas', async () => {
    const replicas = stores.map(openRegistryStore);
    const values = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        replicas[i % replicas.length]!.sequences.increment(THIRD_COUNTRY_SEQUENCE, 'value'),
      ),
    );
    expect(new Set(values).size).toBe(values.length);
    expect(Math.min(...values)).toBe(1);
    expect(Math.max(...values)).toBe(60);
    const next = await replicas[0]!.sequences.increment(THIRD_COUNTRY_SEQUENCE, 'value');
    const s = submit({ id: 'x', data: thirdCountryCompany(), declareByLaw: false }, { by, at });
    expect(approve(s.company, { by, at }, next).company.eori).toBe('PL00000000000061Z');
  });
}

describe('registry store on the embedded store', () => {
  storeContract(async () => [createEmbeddedStore({ inMemory: true })]);
});

describeIfMongo('registry store on MongoDB (two connections as two replicas)', () => {
  const dbName = uniqueTestName('registry');
  storeContract(async () => {
    const url = mongoTestUrl()!;
    return [await createMongoStore({ url, dbName }), await createMongoStore({ url, dbName })];
  });
});
