import { createJetStreamBus } from '../src';
import { createLogger } from '@puesc/kernel';
import { connect } from 'nats';
import { event, deleteStreams } from './support';
async function main() {
  const prefix = 'dbg' + Date.now().toString(36);
  const bus = await createJetStreamBus({ url: 'nats://127.0.0.1:4222', prefix, logger: createLogger('d', 'warn') });
  await bus.ensureStream({ name: 'REG', subjects: ['reg.>'] });
  const nc = await connect({ servers: '127.0.0.1:4222' });
  await nc.jetstream().publish(`${prefix}.reg.a.b`, new TextEncoder().encode('garbage'));
  const n = event('reg.a.c');
  await bus.publish(n);
  const seen: string[] = [];
  const sub = await bus.consume({ durable: 'd', subjects: ['reg.>'], handler: async (e, d) => { seen.push(e.id); } });
  await new Promise((r) => setTimeout(r, 2000));
  console.log('seen', seen.length);
  await sub.stop(); await bus.close(); await nc.close(); await deleteStreams(prefix);
}
main();
