import { unwrap } from '@puesc/kernel';
import {
  DEFAULT_POLICY,
  announceMaintenance,
  cancelMaintenance,
  endMaintenance,
  phaseOf,
  recordOutage,
  resolveOutage,
} from '../../src/domain/notice';
import { retryAfterSeconds, unavailableServices, upcomingMaintenance } from '../../src/domain/availability';

const now = new Date('2026-12-03T10:00:00Z');
const h = (n: number) => new Date(now.getTime() + n * 3_600_000);
const reason = { pl: 'Prace serwisowe bazy danych' };

const planned = (fromH: number, untilH: number, services: ('seap' | 'szprot')[] = ['seap']) =>
  announceMaintenance(
    { id: `M${fromH}`, services, from: h(fromH), until: h(untilH), reason, by: 'ADM' },
    now,
    DEFAULT_POLICY,
  );

describe('DOC-10 planned maintenance', () => {
  it('DOC-10 is announced at least 24 h ahead: a shorter notice is refused naming `from`', () => {
    const r = planned(23, 25);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusal).toMatchObject({ rule: 'DOC-10', kind: 'invalid', field: 'from' });
    expect(planned(24, 26).ok).toBe(true);
  });

  it('DOC-10 refuses an end before the start and a window over 72 h', () => {
    const back = planned(30, 29);
    expect(!back.ok && back.refusal.field).toBe('until');
    const long = planned(30, 30 + 73);
    expect(!long.ok && long.refusal.field).toBe('until');
  });

  it('DOC-10 makes the services unavailable only between from and until', () => {
    const m = unwrap(planned(24, 26));
    expect(phaseOf(m, now)).toBe('upcoming');
    expect(unavailableServices([m], h(23.9))).toEqual([]);
    expect(unavailableServices([m], h(24)).map((u) => u.service)).toEqual(['seap']);
    expect(unavailableServices([m], h(26))).toEqual([]);
    expect(phaseOf(m, h(26))).toBe('over');
    expect(upcomingMaintenance([m], now)).toEqual([m]);
  });

  it('DOC-10 cancels only before the start; ends early only while in progress', () => {
    const m = unwrap(planned(24, 26));
    expect(unwrap(cancelMaintenance(m, now)).state).toBe('cancelled');
    expect(cancelMaintenance(m, h(25)).ok).toBe(false);
    expect(endMaintenance(m, now).ok).toBe(false);
    const ended = unwrap(endMaintenance(m, h(25)));
    expect(phaseOf(ended, h(25))).toBe('over');
    expect(unavailableServices([ended], h(25))).toEqual([]);
  });
});

describe('DOC-10 outages', () => {
  const outage = (until: Date | null) =>
    recordOutage({ id: 'O1', services: ['szprot'], from: now, until, reason, by: 'ADM' }, now);

  it('DOC-10 an outage is recorded once it has begun, never ahead, and its estimate is in the future', () => {
    const ahead = recordOutage({ id: 'O', services: ['seap'], from: h(1), until: null, reason, by: 'ADM' }, now);
    expect(!ahead.ok && ahead.refusal.field).toBe('from');
    const past = outage(h(-1));
    expect(!past.ok && past.refusal.field).toBe('until');
  });

  it('DOC-10 stays unavailable past its estimate until resolved; Retry-After follows the estimate', () => {
    const o = unwrap(outage(h(1)));
    const [u] = unavailableServices([o], now);
    expect(retryAfterSeconds(u!, now)).toBe(3600);
    expect(unavailableServices([o], h(2))).toHaveLength(1);
    expect(retryAfterSeconds(u!, h(2))).toBe(60);
    expect(retryAfterSeconds({ until: null }, now)).toBe(300);
    const resolved = unwrap(resolveOutage(o, h(2)));
    expect(unavailableServices([resolved], h(2))).toEqual([]);
    expect(resolveOutage(resolved, h(3)).ok).toBe(false);
    expect(cancelMaintenance(o, now).ok).toBe(false);
  });

  it('DOC-10 overlapping notices: the one ending last decides', () => {
    const o = unwrap(outage(h(1)));
    const m = unwrap(
      announceMaintenance(
        { id: 'M', services: ['szprot'], from: h(24), until: h(30), reason, by: 'A' },
        now,
        DEFAULT_POLICY,
      ),
    );
    const [u] = unavailableServices([o, { ...m, from: now }], h(0.5));
    expect(u!.noticeId).toBe('M');
  });
});
