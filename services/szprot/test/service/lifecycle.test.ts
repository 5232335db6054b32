/**
 * The szprot service end to end on a broker without transporter and the embedded store, with
 * doubles of seap, identity and registry and the controllable clock.
 */
import { brokerCall, startWorld, w, type World } from './harness';
import { happyPath, refusalWithHearing } from './paths';
import { Scenario } from './scenario';

describe('szprot journeys (broker)', () => {
  let world: World;
  afterEach(async () => world?.stop());

  it('EUP-01 EUP-03 EUP-04 EUP-07 EUP-09 EUP-12 EUP-13 EUP-14 EUP-10 EUP-11 EUP-15 DL-04 happy path: application → call to complete → DDS0001 → acceptance → permit → records → amendment with pre-fill → expiry → closure', async () => {
    world = await startWorld(w('2025-03-03 09:00'));
    await happyPath(new Scenario(world, brokerCall(world.host)));
  });

  it('EUP-06 EUP-07 EUP-08 DOC-07 DL-02 DL-03 refusal with hearing: response → refusal → delivery → appeal in time; an appeal on day 15 refused with the deadline', async () => {
    world = await startWorld(w('2025-11-03 09:00'));
    await refusalWithHearing(new Scenario(world, brokerCall(world.host)));
  });
});
