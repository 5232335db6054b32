import {
  HOLDER_REASONS,
  automaticRevocationReason,
  crlIsCurrent,
  inForce,
  lifecycleOf,
  revocationReason,
  revokerOf,
  statusAt,
} from '../../src/domain';

const cert = { accountId: 'A-1', personId: 'P-1' };
const client = (id: string, personId?: string) => ({ id, ...(personId ? { personId } : {}), roles: ['client'] });

describe('PKI-03 revocation policy', () => {
  it('PKI-03 status at a time: revocation counts from its date; a key compromise taints every signature', () => {
    const revokedAt = new Date('2026-03-01T00:00:00Z');
    const before = new Date('2026-02-01T00:00:00Z');
    const after = new Date('2026-04-01T00:00:00Z');
    expect(statusAt(null, after)).toBe('good');
    expect(statusAt({ serial: '01', revokedAt, reason: 'cessationOfOperation' }, before)).toBe('good');
    expect(statusAt({ serial: '01', revokedAt, reason: 'cessationOfOperation' }, after)).toBe('revoked');
    expect(statusAt({ serial: '01', revokedAt, reason: 'keyCompromise' }, before)).toBe('revoked');
  });

  it('PKI-03 the holder is the certificate’s account or person; an officer may revoke any; others see nothing', () => {
    expect(revokerOf(cert, client('A-1'))).toEqual({ kind: 'holder' });
    expect(revokerOf(cert, client('A-2', 'P-1'))).toEqual({ kind: 'holder' });
    expect(revokerOf(cert, { id: 'O-1', roles: ['registration-officer'] })).toEqual({
      kind: 'officer',
      role: 'registration-officer',
    });
    expect(revokerOf(cert, { id: 'ADM', roles: ['admin'] })).toEqual({ kind: 'officer', role: 'admin' });
    expect(revokerOf(cert, client('A-2', 'P-2'))).toBeNull();
    expect(revokerOf(cert, { id: 'C-1', roles: ['case-officer'] })).toBeNull();
  });

  it('PKI-03 privilegeWithdrawn is for officers; a holder has the other reasons, unspecified by default', () => {
    expect(HOLDER_REASONS).not.toContain('privilegeWithdrawn');
    expect(revocationReason({ kind: 'holder' }, undefined)).toEqual({ ok: true, value: 'unspecified' });
    expect(revocationReason({ kind: 'holder' }, 'keyCompromise')).toEqual({ ok: true, value: 'keyCompromise' });
    expect(revocationReason({ kind: 'holder' }, 'privilegeWithdrawn')).toMatchObject({
      ok: false,
      refusal: { rule: 'PKI-03', kind: 'forbidden', message: 'the reason privilegeWithdrawn is for officers' },
    });
    expect(revocationReason({ kind: 'officer', role: 'admin' }, 'privilegeWithdrawn')).toEqual({
      ok: true,
      value: 'privilegeWithdrawn',
    });
  });

  it('PKI-03 closing the account or withdrawing extended scope revokes the certificates still in force', () => {
    expect(automaticRevocationReason('identity.account.closed')).toBe('cessationOfOperation');
    expect(automaticRevocationReason('identity.person.scope-withdrawn')).toBe('privilegeWithdrawn');
    expect(automaticRevocationReason('identity.person.registered')).toBeNull();
    const now = new Date('2026-05-01T00:00:00Z');
    const expired = { serial: 'A', notAfter: new Date('2026-04-30T00:00:00Z') };
    const valid = { serial: 'B', notAfter: new Date('2027-04-30T00:00:00Z') };
    expect(inForce([expired, valid], now)).toEqual([valid]);
  });

  it('PKI-03 a revoked certificate is reported revoked even after it expired', () => {
    const now = new Date('2026-05-01T00:00:00Z');
    const past = new Date('2026-04-01T00:00:00Z');
    const future = new Date('2027-04-01T00:00:00Z');
    expect(lifecycleOf(future, false, now)).toBe('valid');
    expect(lifecycleOf(past, false, now)).toBe('expired');
    expect(lifecycleOf(past, true, now)).toBe('revoked');
  });

  it('PKI-03 the CRL is re-signed when a revocation is missing, the issuer changed, or it is due', () => {
    const thisUpdate = new Date('2026-05-01T10:00:00Z');
    const crl = {
      thisUpdate,
      nextUpdate: new Date('2026-05-02T10:00:00Z'),
      revokedCount: 2,
      issuerFingerprint: 'F1',
    };
    const facts = {
      revocations: 2,
      issuerFingerprint: 'F1',
      now: new Date('2026-05-01T10:30:00Z'),
      refreshMs: 3600_000,
    };
    expect(crlIsCurrent(crl, facts)).toBe(true);
    expect(crlIsCurrent(crl, { ...facts, revocations: 3 })).toBe(false);
    expect(crlIsCurrent(crl, { ...facts, issuerFingerprint: 'F2' })).toBe(false);
    expect(crlIsCurrent(crl, { ...facts, now: new Date('2026-05-01T11:00:00Z') })).toBe(false);
    expect(crlIsCurrent(crl, { ...facts, refreshMs: 48 * 3600_000, now: new Date('2026-05-02T10:00:00Z') })).toBe(
      false,
    );
  });
});
