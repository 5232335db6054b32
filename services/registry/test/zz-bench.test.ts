import { asOfficer, asClient, startTestHost } from '@puesc/testkit';
import { registryModule } from '../src';
import { polishCompany } from './fixtures';
it('bench', async () => {
  const host = await startTestHost({ modules: [registryModule] });
  const off = asOfficer('o', 'registration-officer');
  const c: any = await host.call('registry.registerCompany', { ...polishCompany(), declareByLaw: false }, asClient('a', 'p'));
  await host.call('registry.approveCompany', { id: c.id }, off);
  let t = Date.now();
  for (let k = 0; k < 300; k++) await host.call('registry.changeCompany', { id: c.id, name: `N ${k}` }, off);
  console.log('300 changes ms', Date.now() - t);
  t = Date.now();
  for (let k = 0; k < 300; k++) await host.call('registry.getCompany', { id: c.id }, off);
  console.log('300 gets ms', Date.now() - t);
  await host.stop();
}, 120000);
