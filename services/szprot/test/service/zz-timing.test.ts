import { startWorld, w } from './harness';
it('timing', async () => {
  let t = Date.now();
  const world = await startWorld(w('2025-03-03 09:00'));
  console.log('start', Date.now() - t); t = Date.now();
  await world.host.call('szprot.tick', {});
  console.log('tick', Date.now() - t); t = Date.now();
  await world.stop();
  console.log('stop', Date.now() - t);
});
