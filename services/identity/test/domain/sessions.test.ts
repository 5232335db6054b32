import {
  decideLogin,
  decideLogout,
  decideRefresh,
  defaultPolicy,
  endSession,
  hashToVerify,
  loginCandidate,
  loginThrottleKeys,
  parseRefreshToken,
  recordFailure,
  startChain,
  loginWait,
  throttleWait,
  type FailureRecord,
  type RefreshChain,
  type ThrottleKey,
} from '../../src/domain';
import { NOW } from '../fixtures';

const tokens = defaultPolicy.tokens;
const at = (s: number) => new Date(NOW.getTime() + s * 1000);
const active = { status: 'active' as const, emailVerified: true, passwordHash: '$scrypt$stored' };

function session(): { chain: RefreshChain; secret: string } {
  const { chain, token } = startChain('0193c1f2-6f4e-7a11-9d52-6b1f0f2c8a10', 'acc-1', NOW, tokens);
  return { chain, secret: parseRefreshToken(token)!.secret };
}
const CHAIN = '0193c1f2-6f4e-7a11-9d52-6b1f0f2c8a10';

describe('sessions: the login policy', () => {
  it('an unknown or closed account is checked against the decoy, made only when needed', () => {
    let made = 0;
    const decoy = () => (made++, '$scrypt$decoy');
    expect(hashToVerify(loginCandidate<typeof active>(null), decoy)).toBe('$scrypt$decoy');
    expect(hashToVerify(loginCandidate({ ...active, status: 'closed' as const }), decoy)).toBe('$scrypt$decoy');
    expect(made).toBe(2);
    expect(hashToVerify(loginCandidate(active), decoy)).toBe('$scrypt$stored');
    expect(made).toBe(2);
  });

  it('one answer for an unknown account and a wrong password; ID-01 refuses an unconfirmed address only after the password', () => {
    expect(decideLogin(null, { ok: true, needsRehash: false })).toEqual({ outcome: 'refused' });
    expect(decideLogin(active, { ok: false, needsRehash: false })).toEqual({ outcome: 'refused' });
    expect(decideLogin({ ...active, emailVerified: false }, { ok: false, needsRehash: false })).toEqual({
      outcome: 'refused',
    });
    expect(decideLogin({ ...active, emailVerified: false }, { ok: true, needsRehash: false })).toMatchObject({
      outcome: 'unconfirmed',
      refusal: { rule: 'ID-01', kind: 'forbidden' },
    });
  });

  it('a successful login asks for a rehash when the stored hash used weaker parameters', () => {
    expect(decideLogin(active, { ok: true, needsRehash: true })).toEqual({ outcome: 'accepted', rehash: true });
    expect(decideLogin(active, { ok: true, needsRehash: false })).toEqual({ outcome: 'accepted', rehash: false });
  });

  it('ASVS 2.2.1 counts against the account with the client address (never in clear) and the address; waits for the longest lock', () => {
    const keys = loginThrottleKeys('jan@example.pl', '198.51.100.7', defaultPolicy);
    expect(keys.map((k) => k.key.split(':')[0])).toEqual(['pair', 'ip']);
    expect(keys.map((k) => k.key).join()).not.toMatch(/jan|198\.51/);
    expect(loginThrottleKeys('jan@example.pl', '198.51.100.8', defaultPolicy)[0].key).not.toBe(keys[0].key);
    expect(loginThrottleKeys('jan@example.pl', undefined, defaultPolicy)).toHaveLength(1);
    const [pair, ip] = keys as [(typeof keys)[0], (typeof keys)[0]];
    let locked = null;
    for (let i = 0; i < pair.policy.freeAttempts + 1; i++) locked = recordFailure(locked, NOW, pair.policy);
    const wait = throttleWait(
      [
        { record: locked, policy: pair.policy },
        { record: recordFailure(null, NOW, ip.policy), policy: ip.policy },
      ],
      NOW,
    );
    expect(wait).toBe(2 * pair.policy.baseLockSec);
    expect(throttleWait([{ record: locked, policy: pair.policy }], at(2 * pair.policy.baseLockSec))).toBe(0);
    expect(throttleWait([], NOW)).toBe(0);
  });

  it('ASVS 2.2.1 the address cap does not hold an account that logged in from that address; the pair lock still does', () => {
    const [pair, ip] = loginThrottleKeys('jan@example.pl', '198.51.100.7', defaultPolicy) as [ThrottleKey, ThrottleKey];
    let capped = null;
    for (let i = 0; i < ip.policy.freeAttempts + 1; i++) capped = recordFailure(capped, NOW, ip.policy);
    const source = { record: capped, policy: ip.policy };
    expect(loginWait({ record: null, policy: pair.policy }, source, NOW)).toBeGreaterThan(0);
    const trusted = { failures: 0, firstFailureAt: NOW, lastFailureAt: NOW, trustedUntil: at(10) };
    expect(loginWait({ record: trusted, policy: pair.policy }, source, NOW)).toBe(0);
    expect(loginWait({ record: trusted, policy: pair.policy }, source, at(11))).toBeGreaterThan(0);
    let pairLocked: FailureRecord = trusted;
    for (let i = 0; i < pair.policy.freeAttempts; i++)
      pairLocked = { ...pairLocked, ...recordFailure(pairLocked, NOW, pair.policy) };
    expect(loginWait({ record: pairLocked, policy: pair.policy }, source, NOW)).toBe(pair.policy.baseLockSec);
  });
});

describe('sessions: refresh and end', () => {
  it('a refresh spends the token and issues the next one of the same chain', () => {
    const { chain, secret } = session();
    const v = decideRefresh(CHAIN, chain, secret, active, at(60), tokens);
    expect(v.outcome).toBe('rotated');
    if (v.outcome !== 'rotated') return;
    expect(v.token.startsWith(`${CHAIN}.`)).toBe(true);
    expect(v.chain.rotations).toBe(1);
    expect(decideRefresh(CHAIN, v.chain, parseRefreshToken(v.token)!.secret, active, at(120), tokens).outcome).toBe(
      'rotated',
    );
  });

  it('a spent token presented again ends the whole chain', () => {
    const { chain, secret } = session();
    const v = decideRefresh(CHAIN, chain, secret, active, at(60), tokens);
    if (v.outcome !== 'rotated') throw new Error('expected a rotation');
    const replay = decideRefresh(CHAIN, v.chain, secret, active, at(61), tokens);
    expect(replay).toMatchObject({ outcome: 'reused', chain: { revokedReason: 'reuse' } });
    if (replay.outcome !== 'reused') return;
    const next = parseRefreshToken(v.token)!.secret;
    expect(decideRefresh(CHAIN, replay.chain, next, active, at(62), tokens)).toEqual({ outcome: 'refused' });
  });

  it('ID-11 a closed account refreshes nothing: its chain ends', () => {
    const { chain, secret } = session();
    expect(decideRefresh(CHAIN, chain, secret, { status: 'closed' }, at(60), tokens)).toMatchObject({
      outcome: 'account-closed',
      chain: { revokedReason: 'account-closed', revokedAt: at(60) },
    });
    expect(decideRefresh(CHAIN, chain, secret, null, at(60), tokens).outcome).toBe('account-closed');
  });

  it('an unknown chain, a foreign secret or an idle token is refused without saving anything', () => {
    const { chain, secret } = session();
    expect(decideRefresh(CHAIN, null, secret, active, at(60), tokens)).toEqual({ outcome: 'refused' });
    expect(decideRefresh(CHAIN, chain, session().secret, active, at(60), tokens)).toEqual({ outcome: 'refused' });
    expect(decideRefresh(CHAIN, chain, secret, active, at(tokens.refreshIdleSec + 1), tokens)).toEqual({
      outcome: 'refused',
    });
  });

  it('ID-11 logout ends the chain of a token of that chain (current or spent), once', () => {
    const { chain, secret } = session();
    expect(decideLogout(chain, session().secret, at(5))).toBeNull();
    expect(decideLogout(null, secret, at(5))).toBeNull();
    const ended = decideLogout(chain, secret, at(5));
    expect(ended).toMatchObject({ revokedReason: 'logout', revokedAt: at(5) });
    expect(decideLogout(ended, secret, at(6))).toBeNull();
    const v = decideRefresh(CHAIN, chain, secret, active, at(60), tokens);
    if (v.outcome !== 'rotated') throw new Error('expected a rotation');
    expect(decideLogout(v.chain, secret, at(61))).toMatchObject({ revokedReason: 'logout' });
  });

  it('ID-11 a password change or closure ends every live chain; an ended one stays as it was', () => {
    const { chain } = session();
    const ended = endSession(chain, 'password-reset', at(5));
    expect(ended).toMatchObject({ revokedReason: 'password-reset', revokedAt: at(5) });
    expect(endSession(ended!, 'account-closed', at(6))).toBeNull();
  });
});
