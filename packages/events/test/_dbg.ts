import { createJetStreamBus } from '../src';
import { createLogger } from '@puesc/kernel';
import { event, deleteStreams } from './support';
async function main() {
  const prefix = 'dbg' + Date.now().toString(36);
  const bus = await createJetStreamBus({ url: 'nats://127.0.0.1:4222', prefix, logger: createLogger('d', 'info') });
  await bus.ensureStream({ name: 'REG', subjects: ['reg.>'] });
  const p = event('reg.a.b'), n = event('reg.a.c');
  await bus.publish(p); await bus.publish(n);
  const seen: string[] = [];
  const sub = await bus.consume({ durable: 'd', subjects: ['reg.>'], retryDelayMs: 5, maxDeliver: 2, handler: async (e, d) => { seen.push(`${e.id === p.id ? 'p' : 'n'}${d.attempt}`); console.log(seen); if (e.id === p.id) throw new Error('x'); } });
  await new Promise((r) => setTimeout(r, 3000));
  console.log(seen);
  await sub.stop(); await bus.close(); await deleteStreams(prefix);
}
main();
