/**
 * A new legacy system replaying the whole REGISTRY stream from the start (LEG-01), at growing
 * stream lengths: the reference consumer (tools/legacy-consumer) with a new durable name and an
 * empty register file, timed from its start until it has processed every message.
 *
 * The stream is filled with the registry's own events (domain submit + approve, toPendingEvent,
 * the CloudEvents envelope the relay publishes) on the JetStream bus, under a test prefix.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'nats';
import { createLogger } from '@puesc/kernel';
import { createJetStreamBus, toCloudEvent, type CloudEvent } from '@puesc/events';
import { startLegacyConsumer } from '../../tools/legacy-consumer/src';
import { REGISTRY_STREAM } from '../../services/registry/src/contracts';
import { registerRegistryEventSchemas, toPendingEvent } from '../../services/registry/src/events';
import { approve, submit } from '../../services/registry/test/domain/harness';
import { polishCompany } from '../../services/registry/test/fixtures';
import type { Row } from '../lib';
import { nipOf } from './scale-seed';

const BY = { accountId: 'bench', personId: 'bench' };

/** The two events of the i-th company: registered, then approved with its EORI. */
function companyEvents(i: number): CloudEvent[] {
  const s = submit(
    { id: `r${i}`, data: polishCompany({ nip: nipOf(i), consentToPublish: i % 2 === 0 }), declareByLaw: false },
    { by: BY, at: '2025-01-01T00:00:00.000Z' },
  );
  const a = approve(s.company, { by: BY, at: '2025-01-02T00:00:00.000Z' });
  return [...s.events, ...a.events].map((e) => toCloudEvent(toPendingEvent(e)));
}

export async function replayRows(
  suite: string,
  natsUrl: string,
  sizes: number[],
  capMs: number,
  deadline: number,
): Promise<Row[]> {
  registerRegistryEventSchemas();
  const rows: Row[] = [];
  const prefix = `scale${Date.now()}`;
  const logger = createLogger('bench', 'silent');
  const bus = await createJetStreamBus({ url: natsUrl, prefix, logger });
  const nc = await connect({ servers: natsUrl.split(',') });
  const stream = `${prefix}_${REGISTRY_STREAM.name}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-replay-'));
  const floorName = (n: number) => `legacy consumer: replay of the REGISTRY stream from the start @ ${n} events`;
  try {
    await bus.ensureStream(REGISTRY_STREAM);
    let published = 0;
    let company = 0;
    for (const size of sizes) {
      if (Date.now() > deadline) {
        rows.push({
          suite,
          name: floorName(size),
          opsPerSec: 0,
          note: 'not measured: the suite ran out of its time budget',
        });
        continue;
      }
      const t0 = Date.now();
      const before = published;
      while (published < size) {
        const batch: CloudEvent[] = [];
        while (batch.length < 512 && published + batch.length < size) batch.push(...companyEvents(company++));
        await Promise.all(batch.map((e) => bus.publish(e)));
        published += batch.length;
      }
      const seedNote = `stream filled +${published - before} in ${((Date.now() - t0) / 1000).toFixed(1)} s`;
      const file = path.join(dir, `register-${size}.json`);
      const started = process.hrtime.bigint();
      const consumer = await startLegacyConsumer({
        connection: nc,
        stream,
        filter: `${prefix}.registry.>`,
        durable: `replay-${size}`,
        file,
      });
      const end = Date.now() + capMs;
      while (consumer.register.processedCount() < published && Date.now() < end)
        await new Promise((r) => setTimeout(r, 50));
      const secs = Number(process.hrtime.bigint() - started) / 1e9;
      const done = consumer.register.processedCount();
      await consumer.stop();
      const bytes = fs.existsSync(file) ? fs.statSync(file).size : 0;
      rows.push({
        suite,
        name: floorName(published),
        opsPerSec: done / secs,
        p50Ms: secs * 1000,
        floor: floorName(sizes[0]!),
        note:
          (done < published
            ? `stopped after ${(capMs / 1000).toFixed(0)} s at ${done} of ${published} events (not caught up)`
            : `${done} events in ${secs.toFixed(1)} s`) +
          `; register file ${(bytes / 1e6).toFixed(1)} MB; ${seedNote}; p50 column = whole replay ms`,
      });
    }
  } finally {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
    await bus.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
