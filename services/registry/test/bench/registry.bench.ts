/**
 * `pnpm bench` suite for the registry (register in bench/run.ts as
 * `registry: () => import('../services/registry/test/bench/registry.bench')`). Not a jest test.
 *
 * Public EORI checks per second (REG-06) through the gateway, embedded and over NATS, as a ratio
 * to the same look-up made directly against the store (`findOne({ eori })`, the floor).
 */
import type { AddressInfo } from 'node:net';
import type { ServiceBroker } from 'moleculer';
import { createBroker, createLogger, systemClock } from '@puesc/kernel';
import { createEmbeddedStore, type Store } from '@puesc/store';
import { createEmbeddedBus } from '@puesc/events';
import { createGateway } from '@puesc/gateway';
import { http, loop, type Row } from '../../../../bench/lib';
import { registryModule } from '../../src';
import { approve, submit } from '../domain/harness';
import { docOf, openRegistryStore } from '../../src/store';
import { nipFrom, polishCompany } from '../fixtures';

const SUITE = 'registry';
const COMPANIES = 2000;
const FLOOR = 'store findOne by EORI (embedded)';

/** A store holding COMPANIES approved companies; returns their EORIs. */
async function seed(store: Store): Promise<string[]> {
  const st = openRegistryStore(store);
  const by = { accountId: 'bench', personId: 'bench' };
  const eoris: string[] = [];
  for (let i = 0; i < COMPANIES; i++) {
    const s = submit(
      {
        id: `c${i}`,
        data: polishCompany({ nip: nipFrom(1_000_000 + i * 7), consentToPublish: i % 2 === 0 }),
        declareByLaw: false,
      },
      { by, at: '2025-01-01T00:00:00.000Z' },
    );
    const a = approve(s.company, { by, at: '2025-01-02T00:00:00.000Z' });
    await st.companies.insert(docOf(a.company, a.version));
    eoris.push(a.company.eori!);
  }
  return eoris;
}

function registryOn(broker: ServiceBroker, store: Store): void {
  const logger = createLogger('bench', 'silent');
  broker.createService(
    registryModule.create({
      store,
      bus: createEmbeddedBus({ store: createEmbeddedStore({ inMemory: true }), logger }),
      clock: systemClock,
      logger,
      kickRelay: () => undefined,
      env: { REGISTRY_PUBLIC_CHECK_PER_MINUTE: '0' },
      mode: 'embedded',
    }),
  );
}

export async function run(ctx: { natsUrl?: string }): Promise<Row[]> {
  const rows: Row[] = [];
  const logger = createLogger('bench', 'silent');
  const store = createEmbeddedStore({ inMemory: true });
  const eoris = await seed(store);
  let i = 0;
  const nextEori = () => eoris[i++ % eoris.length]!;

  const st = openRegistryStore(store);
  rows.push({ suite: SUITE, name: FLOOR, ...(await loop(() => st.companies.findOne({ eori: nextEori() }))) });

  const local = createBroker({ logLevel: 'warn' });
  registryOn(local, store);
  await local.start();
  rows.push({
    suite: SUITE,
    name: 'registry.publicCheck action, in-process',
    ...(await loop(() => local.call('registry.publicCheck', { number: nextEori() }))),
    floor: FLOOR,
  });

  const gw = await createGateway({
    broker: local,
    store: createEmbeddedStore({ inMemory: true }),
    logger,
    options: { rateLimit: false, docs: false },
  });
  await gw.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(gw.server.address() as AddressInfo).port}/api/v1/public/check/`;
  // autocannon cycles through these requests, one EORI each.
  const requests = eoris.slice(0, 200).map((e) => ({ method: 'GET' as const, path: `/api/v1/public/check/${e}` }));
  const viaGw = await http({ url: base, requests });
  rows.push({
    suite: SUITE,
    name: 'GET public check via gateway, embedded',
    ...viaGw,
    floor: FLOOR,
    note: `non-2xx ${viaGw.non2xx}`,
  });
  await gw.close();
  await local.stop();

  if (ctx.natsUrl) {
    const ns = `bench-registry-${Date.now()}`;
    const svc = createBroker({ natsUrl: ctx.natsUrl, namespace: ns, nodeID: 'bench-registry', logLevel: 'warn' });
    registryOn(svc, store);
    const front = createBroker({ natsUrl: ctx.natsUrl, namespace: ns, nodeID: 'bench-front', logLevel: 'warn' });
    await svc.start();
    await front.start();
    await front.waitForServices('registry');
    const gw2 = await createGateway({
      broker: front,
      store: createEmbeddedStore({ inMemory: true }),
      logger,
      options: { rateLimit: false, docs: false },
    });
    await gw2.listen({ port: 0, host: '127.0.0.1' });
    const base2 = `http://127.0.0.1:${(gw2.server.address() as AddressInfo).port}/api/v1/public/check/`;
    const viaNats = await http({ url: base2, requests });
    rows.push({
      suite: SUITE,
      name: 'GET public check via gateway, over NATS',
      ...viaNats,
      floor: FLOOR,
      note: `non-2xx ${viaNats.non2xx}`,
    });
    await gw2.close();
    await front.stop();
    await svc.stop();
  }
  await store.close();
  return rows;
}
