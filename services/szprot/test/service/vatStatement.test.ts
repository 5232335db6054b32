/**
 * EUP-20: the VAT statement registered on its own, valid 6 months, used by the guarantee decision
 * (EUP-12) while valid, and `szprot.vatStatement.expiring` once, 14 days before it lapses (a
 * declared sweep), for notifications to turn into a reminder.
 */
import {
  CO,
  FULL_ATTACHMENTS,
  brokerCall,
  eventually,
  grantContent,
  guarantee,
  officer,
  owner,
  startWorld,
  stranger,
  w,
  type World,
} from './harness';
import { Scenario } from './scenario';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const rejects = (p: Promise<unknown>, code: number, rule?: string) =>
  expect(p).rejects.toMatchObject({ code, ...(rule ? { data: expect.objectContaining({ rule }) } : {}) });

const statement = (issuedOn: string, over: Record<string, unknown> = {}) => ({
  companyId: CO,
  ref: 'OSW/VAT/1',
  issuedOn,
  activeVatPayer: true,
  noArrears: true,
  noEnforcementLiquidationOrBankruptcy: true,
  ...over,
});

/** Moves the clock and runs the sweeps the host runs. */
async function sweepAt(s: Scenario, at: Date) {
  s.clock.advance(at.getTime() - s.clock.now().getTime());
  return s.world.host.runSweeps('szprot');
}

async function grantedTaxes(s: Scenario) {
  const caseId = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
  await s.call('acceptApplication', { caseId }, officer);
  const day = new Date(s.clock.now()).toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });
  const v = await s.call('grantPermit', { caseId, validFrom: day, validityYears: 1, guarantee }, officer);
  await eventually(async () => s.permits.get(v.permitNumber), 'permit projected');
  return (await s.call('getPermit', { permitNumber: v.permitNumber }, officer)).terms.guarantee.taxes;
}

describe('EUP-20 the VAT statement', () => {
  it('EUP-20 is registered on its own, valid 6 months; one that does not confirm everything, or has lapsed, is refused (422 EUP-20)', async () => {
    world = await startWorld(w('2025-03-03 09:00'));
    const s = new Scenario(world, brokerCall(world.host));
    const r = await s.call('registerVatStatement', statement('2025-03-01'), owner);
    expect(r).toMatchObject({ rule: 'EUP-20', validUntil: '2025-08-31', renewBy: '2025-09-01', remindedFor: null });
    expect(await s.call('getVatStatement', { companyId: CO }, owner)).toMatchObject({ valid: true, problems: [] });
    await rejects(s.call('registerVatStatement', statement('2025-03-01', { noArrears: false }), owner), 422, 'EUP-20');
    await rejects(s.call('registerVatStatement', statement('2024-08-01'), owner), 422, 'EUP-20');
    await rejects(s.call('registerVatStatement', statement('2025-03-01'), stranger), 403, 'ID-10');
    // The company's own declaration: an officer reads it, never makes it.
    await rejects(s.call('registerVatStatement', statement('2025-03-01'), officer), 403, 'ID-10');
  });

  it('EUP-20 EUP-12 the guarantee decision uses the registered statement while it is valid, not after', async () => {
    world = await startWorld(w('2025-03-03 09:00'));
    const s = new Scenario(world, brokerCall(world.host));
    expect(await grantedTaxes(s)).toMatchObject({ vatExcluded: false });
    await s.call('registerVatStatement', statement('2025-03-01'), owner);
    expect(await grantedTaxes(s)).toMatchObject({ vatExcluded: true, vatStatementValidUntil: '2025-08-31' });
    await sweepAt(s, w('2025-09-01 09:00'));
    expect(await grantedTaxes(s)).toMatchObject({ vatExcluded: false, vatStatementValidUntil: null });
  });

  it('EUP-20 szprot.vatStatement.expiring is published once, 14 days before the statement lapses', async () => {
    world = await startWorld(w('2025-03-03 09:00'));
    const s = new Scenario(world, brokerCall(world.host));
    await s.call('registerVatStatement', statement('2025-03-01'), owner); // last day Sun 31 Aug
    await sweepAt(s, w('2025-08-16 23:00'));
    await world.host.settle();
    expect(world.events.filter((e) => e.type.includes('vatStatement.expiring'))).toHaveLength(0);
    const [, vat] = await sweepAt(s, w('2025-08-17 00:05'));
    expect(vat).toMatchObject({ name: 'vat statement reminders', result: { reminders: 1 } });
    await sweepAt(s, w('2025-08-20 09:00'));
    const events = await s.events('szprot.vatStatement.expiring');
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ companyId: CO, validUntil: '2025-08-31', daysLeft: 14, rule: 'EUP-20' });
  });
});
