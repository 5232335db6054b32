/**
 * Issue 10, point 3: the journey over HTTP, the same body in both runtime modes.
 * - embedded: one `node dist/main.js` (DEMO_MODE, nedb in a temp DATA_DIR);
 * - distributed: each service its own `node dist/main.js` (SERVICES=<name>) plus a gateway process,
 *   over the test NATS and MongoDB/FerretDB, in a namespace and database prefix of its own.
 * Run `node scripts/bundle.mjs` first (`pnpm test` does): the processes run the bundle.
 */
import { describeIfMongo, describeIfNats, mongoTestUrl, natsTestUrl } from '@puesc/testkit';
import { defineJourney } from './journey';
import { startDistributed, startEmbedded, type Platform } from './platform';

describe('journey, embedded (one node dist/main.js, DEMO_MODE)', () => {
  let platform: Platform | undefined;
  beforeAll(async () => {
    platform = await startEmbedded();
  }, 180_000);
  afterAll(async () => {
    await platform?.stop();
  }, 60_000);
  defineJourney(() => {
    if (!platform) throw new Error('the embedded platform did not start');
    return platform;
  });
});

describeIfMongo('journey, distributed (a process per service and a gateway, NATS + MongoDB)', () => {
  describeIfNats('journey, distributed over NATS', () => {
    let platform: Platform | undefined;
    beforeAll(async () => {
      platform = await startDistributed(natsTestUrl()!, mongoTestUrl()!);
    }, 300_000);
    afterAll(async () => {
      await platform?.stop();
    }, 60_000);
    defineJourney(() => {
      if (!platform) throw new Error('the distributed platform did not start');
      return platform;
    });
  });
});
