import { currentKey, destroyableKeys, keyStatuses, publishedKeys, rotationDue, type KeyRecord } from '../src';
import { tokenPolicy } from './harness';

const T0 = Date.parse('2025-12-01T00:00:00Z');
const at = (sec: number): Date => new Date(T0 + sec * 1000);

function key(generation: number, activatesSec: number, extra: Partial<KeyRecord> = {}): KeyRecord {
  return {
    kid: `k${generation}`,
    generation,
    alg: 'ES256',
    publicJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: `k${generation}`, alg: 'ES256', use: 'sig' },
    privateJwk: '{}',
    createdAt: at(activatesSec - 60),
    activatesAt: at(activatesSec),
    ...extra,
  };
}

const states = (keys: KeyRecord[], sec: number, policy = tokenPolicy) =>
  keyStatuses(keys, at(sec), policy).map((s) => `${s.key.kid}:${s.state}`);

describe('the key schedule (pending → current → previous → retired; withdrawn)', () => {
  const keys = [key(1, 0), key(2, 1000)];

  it('a scheduled key is published before it signs, then the old key stays published for the lifetime of its signatures', () => {
    expect(states(keys, 500)).toEqual(['k1:current', 'k2:pending']);
    expect(publishedKeys(keys, at(500), tokenPolicy).map((k) => k.kid)).toEqual(['k2', 'k1']);
    expect(currentKey(keys, at(999), tokenPolicy)?.kid).toBe('k1');
    expect(currentKey(keys, at(1000), tokenPolicy)?.kid).toBe('k2');
    expect(states(keys, 1000 + 659)).toEqual(['k1:previous', 'k2:current']);
    expect(states(keys, 1000 + 660)).toEqual(['k1:retired', 'k2:current']);
    expect(publishedKeys(keys, at(1660), tokenPolicy).map((k) => k.kid)).toEqual(['k2']);
    expect(destroyableKeys(keys, at(1660), tokenPolicy).map((k) => k.kid)).toEqual(['k1']);
    expect(keyStatuses(keys, at(1000), tokenPolicy)[0]).toMatchObject({
      supersededAt: at(1000),
      publishedUntil: at(1660),
    });
  });

  it('signatures verified for ever (UPOs, archives) keep every previous key published', () => {
    const forever = { prePublishSec: 0, verifyForSec: null };
    expect(states(keys, 10 ** 9, forever)).toEqual(['k1:previous', 'k2:current']);
    expect(destroyableKeys(keys, at(10 ** 9), forever)).toEqual([]);
  });

  it('a withdrawn key leaves at once; the key it replaced is judged by when it really stopped signing', () => {
    const withdrawn = [key(1, 0), key(2, 1000, { withdrawnAt: at(1200) }), key(3, 1200)];
    expect(states(withdrawn, 1200)).toEqual(['k1:previous', 'k2:withdrawn', 'k3:current']);
    expect(keyStatuses(withdrawn, at(1200), tokenPolicy)[0]!.publishedUntil).toEqual(at(1660));
    // a pending key withdrawn before it ever signed took over nothing
    const early = [key(1, 0), key(2, 1000, { withdrawnAt: at(500) })];
    expect(states(early, 2000)).toEqual(['k1:current', 'k2:withdrawn']);
  });

  it('a pending key overtaken by a later one that already signs never signs', () => {
    const overtaken = [key(1, 0), key(2, 1000), key(3, 400)];
    expect(states(overtaken, 500)).toEqual(['k1:previous', 'k2:retired', 'k3:current']);
    // k1 stopped signing when k3 activated (400), so it is published until 400 + 660
    expect(states(overtaken, 1059)).toEqual(['k1:previous', 'k2:retired', 'k3:current']);
    expect(states(overtaken, 1060)).toEqual(['k1:retired', 'k2:retired', 'k3:current']);
  });

  it('a rotation is due now when nothing signs, on schedule when the current key is old and none is pending', () => {
    expect(rotationDue([], at(0), tokenPolicy)).toBe('now');
    expect(rotationDue([key(1, 0, { withdrawnAt: at(5) })], at(10), tokenPolicy)).toBe('now');
    expect(rotationDue([key(1, 0)], at(86_399), tokenPolicy)).toBeNull();
    expect(rotationDue([key(1, 0)], at(86_400), tokenPolicy)).toBe('scheduled');
    expect(rotationDue([key(1, 0), key(2, 86_460)], at(86_400), tokenPolicy)).toBeNull();
    expect(rotationDue([key(1, 0)], at(10 ** 9), { prePublishSec: 0, verifyForSec: null })).toBeNull();
  });
});
