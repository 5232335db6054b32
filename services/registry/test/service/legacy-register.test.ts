/**
 * The legacy consumer's own register (tools/legacy-consumer): each save appends the batch to a
 * journal, the whole register is written again only now and then, and what a crash tore is
 * ignored on open (its messages were never acknowledged and come again).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalRegister, type RegistryEvent } from '../../../../tools/legacy-consumer/src/register';

const event = (n: number, companyId = `C${n % 7}`, revision = n): RegistryEvent => ({
  id: `E${n}`,
  type: 'puesc.registry.company.changed.v1',
  time: new Date(0).toISOString(),
  data: { companyId, revision, company: { id: companyId, revision, status: 'active', data: { name: `v${n}` } } },
});

const dirOf = () => fs.mkdtempSync(path.join(os.tmpdir(), 'legacy-register-'));

describe('the legacy register', () => {
  it('LEG-02 LEG-03 saves append to a journal and reopen to the same register; a snapshot empties the journal', () => {
    const file = path.join(dirOf(), 'register.json');
    const r = LocalRegister.open(file);
    for (let n = 1; n <= 300; n++) {
      r.apply(event(n), n);
      if (n % 10 === 0) r.save();
    }
    const again = LocalRegister.open(file);
    expect(again.companies()).toEqual(r.companies());
    expect(again.processedCount()).toBe(300);
    expect(again.lastSeq).toBe(300);
    expect(again.apply(event(5), 5)).toBe('duplicate');
    // 30 saves: still journal lines, no snapshot yet; 64 saves write the snapshot.
    expect(fs.existsSync(`${file}.journal`)).toBe(true);
    for (let n = 301; n <= 1000; n++) {
      again.apply(event(n), n);
      if (n % 10 === 0) again.save();
    }
    const lines = fs.existsSync(`${file}.journal`)
      ? fs.readFileSync(`${file}.journal`, 'utf8').split('\n').filter(Boolean).length
      : 0;
    expect(lines).toBeLessThan(64);
    expect(LocalRegister.open(file).companies()).toEqual(again.companies());
  });

  it('LEG-03 a save torn by a crash is ignored on open: the register is the one before it', () => {
    const file = path.join(dirOf(), 'register.json');
    const r = LocalRegister.open(file);
    r.apply(event(1, 'A', 1), 1);
    r.save();
    fs.appendFileSync(`${file}.journal`, '{"companies":{"A":{"id":"A","revis');
    const opened = LocalRegister.open(file);
    expect(opened.get('A')?.revision).toBe(1);
    expect(opened.processedCount()).toBe(1);
    // What is saved after the crash is readable again (the torn line is gone).
    opened.apply(event(2, 'A', 2), 2);
    opened.save();
    expect(LocalRegister.open(file).get('A')?.revision).toBe(2);
  });
});
