import { auditRecordOf, looksLikePesel } from '@puesc/runtime';
import { trailScope, needsManagerCheck } from '../../src/domain/access';
import { withoutPesel, REDACTED } from '../../src/domain/record';
import { cursorOf, positionOf, windowOf } from '../../src/domain/window';
import { auditor, client, officer, record } from './harness';

describe('AUD-01 who reads which trail', () => {
  it('AUD-01 an auditor reads every company, or one they name, without asking identity', () => {
    expect(trailScope(auditor, undefined, false)).toEqual({ ok: true, value: { all: true } });
    expect(trailScope(auditor, 'CO-1', false)).toEqual({ ok: true, value: { all: false, companyId: 'CO-1' } });
    expect(needsManagerCheck(auditor, 'CO-1')).toBe(false);
  });

  it('AUD-01 a manager reads their company; without company.manage, or without a company, it is refused', () => {
    expect(trailScope(client(), 'CO-1', true)).toEqual({ ok: true, value: { all: false, companyId: 'CO-1' } });
    expect(trailScope(client(), 'CO-1', false)).toMatchObject({
      ok: false,
      refusal: { rule: 'AUD-01', kind: 'forbidden' },
    });
    expect(trailScope(client(), undefined, true)).toMatchObject({ ok: false, refusal: { rule: 'AUD-01' } });
    for (const role of ['case-officer', 'registration-officer', 'admin'] as const)
      expect(trailScope(officer(role), undefined, false)).toMatchObject({ ok: false, refusal: { kind: 'forbidden' } });
  });
});

describe('AUD-01 windows and pages', () => {
  const now = new Date('2026-03-02T09:00:00Z');
  it('AUD-01 the window defaults to the last 30 days and is refused reversed or longer than the bound', () => {
    expect(windowOf({}, now)).toEqual({
      ok: true,
      value: { from: '2026-01-31T09:00:00.000Z', to: '2026-03-02T09:00:00.000Z' },
    });
    expect(windowOf({ from: '2026-03-03T00:00:00Z' }, now)).toMatchObject({ ok: false, refusal: { field: 'from' } });
    expect(windowOf({ from: '2024-01-01T00:00:00Z' }, now, 366)).toMatchObject({
      ok: false,
      refusal: { field: 'from' },
    });
  });

  it('AUD-01 a cursor is where a page stopped; anything else is refused naming the cursor', () => {
    const c = cursorOf({ at: '2026-03-02T09:00:00.000Z', id: 'R-9' });
    expect(positionOf(c)).toEqual({ ok: true, value: { at: '2026-03-02T09:00:00.000Z', id: 'R-9' } });
    for (const bad of [
      'x',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('["nodate","R"]').toString('base64url'),
    ])
      expect(positionOf(bad)).toMatchObject({ ok: false, refusal: { field: 'cursor' } });
  });
});

describe('AUD-03 no PESEL, no person in a record', () => {
  it('AUD-03 the host leaves out the person id and the token, and redacts an id that is a PESEL', () => {
    const r = auditRecordOf(
      { object: { kind: 'person', id: '85031212343' }, companyId: 'CO-1' },
      {
        id: 'E-1',
        at: new Date('2026-03-02T09:00:00Z'),
        service: 'identity',
        action: 'identity.getPerson',
        user: { id: 'A-1', personId: 'PL000000000018', scope: 'extended', roles: ['client'], jti: 'tok-1' },
      },
    );
    expect(r).toEqual({
      id: 'E-1',
      at: '2026-03-02T09:00:00.000Z',
      accountId: 'A-1',
      role: 'client',
      companyId: 'CO-1',
      object: { kind: 'person', id: 'redacted-pesel' },
      action: 'identity.getPerson',
      service: 'identity',
      onBehalfOf: 'CO-1',
    });
    expect(looksLikePesel('85031212343')).toBe(true);
    expect(looksLikePesel('85031212344')).toBe(false);
  });

  it('AUD-03 the service redacts again what a publisher got wrong', () => {
    expect(withoutPesel(record({ object: { kind: 'person', id: '90072412351' } })).object.id).toBe(REDACTED);
    expect(withoutPesel(record()).object.id).toBe('C-1');
  });
});
