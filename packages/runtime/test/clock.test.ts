import { ControlledClock, createBroker, systemClock } from '@puesc/kernel';
import { clockService } from '../src/clockService';

const admin = { id: 'a1', scope: 'extended' as const, roles: ['admin' as const] };
const client = { id: 'c1', scope: 'basic' as const, roles: ['client' as const] };

describe('platform clock', () => {
  it('demo mode: an administrator moves it forward and every process follows; nobody else may', async () => {
    const a = createBroker({ logLevel: 'warn', options: { transporter: 'Fake', nodeID: 'a' } as never });
    const b = createBroker({ logLevel: 'warn', options: { transporter: 'Fake', nodeID: 'b' } as never });
    const clockA = new ControlledClock(new Date('2026-01-05T10:00:00Z'));
    const clockB = new ControlledClock(new Date('2026-01-05T10:00:00Z'));
    a.createService(clockService(clockA));
    b.createService(clockService(clockB));
    await Promise.all([a.start(), b.start()]);
    // A broadcast reaches the nodes a broker knows: wait until they have discovered each other.
    for (
      let i = 0;
      i < 100 && (a.registry as any).getNodeList({ onlyAvailable: true, withServices: false }).length < 2;
      i++
    )
      await new Promise((r) => setTimeout(r, 20));
    try {
      await expect(a.call('clock.advance', { days: 1 }, { meta: { user: client } })).rejects.toMatchObject({
        code: 403,
      });
      await a.call('clock.advance', { days: 15 }, { meta: { user: admin } });
      for (let i = 0; i < 50 && clockB.offset < clockA.offset; i++) await new Promise((r) => setTimeout(r, 20));
      expect(clockB.offset).toBe(clockA.offset);
      expect(clockB.now().getTime() - Date.parse('2026-01-20T10:00:00Z')).toBeLessThan(60_000);
      await expect(a.call('clock.advance', { days: -1 }, { meta: { user: admin } })).rejects.toMatchObject({
        code: 400,
      });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('production: the system clock cannot be moved, even by an administrator', async () => {
    const broker = createBroker({ logLevel: 'warn' });
    broker.createService(clockService(systemClock));
    await broker.start();
    try {
      const now = await broker.call<{ movable: boolean }, object>('clock.now', {});
      expect(now.movable).toBe(false);
      await expect(broker.call('clock.advance', { days: 1 }, { meta: { user: admin } })).rejects.toMatchObject({
        code: 403,
      });
    } finally {
      await broker.stop();
    }
  });
});
