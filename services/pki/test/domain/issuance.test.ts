import {
  certificateLimit,
  certificateValidity,
  defaultIssuancePolicy,
  holderEligibility,
  registeredPersonIdOf,
  subjectOf,
  subscriberKeyAcceptance,
} from '../../src/domain';

const DAY = 86_400_000;
const policy = defaultIssuancePolicy('http://pki.test');
const anna = { personId: 'P-1', givenName: 'Anna', familyName: 'Nowak', pesel: '44051401359', country: 'PL' };

describe('ID-02 / ID-03 who may hold a customs certificate', () => {
  it('ID-03 a caller without a registered person is told to register first', () => {
    expect(registeredPersonIdOf({ personId: 'P-1' })).toEqual({ ok: true, value: 'P-1' });
    expect(registeredPersonIdOf({})).toMatchObject({
      ok: false,
      refusal: { rule: 'ID-03', kind: 'rule', message: expect.stringMatching(/register the person/) },
    });
  });

  it('ID-03 the person must be active with extended scope; ID-02 and on the caller’s own account', () => {
    expect(holderEligibility('A-1', { status: 'active', scope: 'extended', accountId: 'A-1' }).ok).toBe(true);
    expect(holderEligibility('A-1', { status: 'blocked', scope: 'extended' })).toMatchObject({
      refusal: { rule: 'ID-03', kind: 'forbidden' },
    });
    expect(holderEligibility('A-1', { status: 'active', scope: 'basic' })).toMatchObject({
      refusal: { rule: 'ID-03', kind: 'forbidden', message: 'certificates require extended scope' },
    });
    expect(holderEligibility('A-1', { scope: 'extended', accountId: 'A-2' })).toMatchObject({
      refusal: { rule: 'ID-02', kind: 'forbidden' },
    });
  });
});

describe('PKI-01 / PKI-02 issuance terms', () => {
  it('PKI-02 the subject needs the full registered name and a two-letter country', () => {
    expect(subjectOf(anna)).toMatchObject({
      ok: true,
      value: expect.arrayContaining([{ type: 'CN', value: 'Anna Nowak' }]),
    });
    expect(subjectOf({ ...anna, familyName: ' ' })).toMatchObject({
      ok: false,
      refusal: { rule: 'PKI-02', kind: 'rule', message: expect.stringMatching(/no full name/) },
    });
    expect(subjectOf({ ...anna, country: 'POL' })).toMatchObject({ refusal: { rule: 'PKI-02' } });
  });

  it('PKI-01 at most the policy’s number of valid certificates: expired and revoked ones do not count', () => {
    const now = new Date('2026-05-01T00:00:00Z');
    const valid = { notAfter: new Date(now.getTime() + DAY), revoked: false };
    const revoked = { notAfter: new Date(now.getTime() + DAY), revoked: true };
    const expired = { notAfter: new Date(now.getTime() - DAY), revoked: false };
    expect(certificateLimit([valid, valid, revoked, expired], now, 3).ok).toBe(true);
    expect(certificateLimit([valid, valid, valid], now, 3)).toMatchObject({
      ok: false,
      refusal: { rule: 'PKI-01', kind: 'rule', message: 'at most 3 valid certificates at a time: revoke one first' },
    });
  });

  it('PKI-02 validity: the policy’s days from a backdated whole second, capped at the issuer, none when it ends within a day', () => {
    const now = new Date('2026-05-01T12:00:00.750Z');
    const far = new Date('2040-01-01T00:00:00Z');
    const v = certificateValidity(now, policy, far);
    expect(v).toEqual({
      ok: true,
      value: { notBefore: new Date('2026-05-01T11:59:00Z'), notAfter: new Date('2028-04-30T11:59:00Z') },
    });
    const issuerEnds = new Date('2027-01-01T00:00:00Z');
    expect(certificateValidity(now, policy, issuerEnds)).toMatchObject({ ok: true, value: { notAfter: issuerEnds } });
    expect(certificateValidity(now, policy, new Date(now.getTime() + DAY / 2))).toMatchObject({
      ok: false,
      refusal: { rule: 'PKI-02', kind: 'state', message: 'the issuing CA expires too soon to issue certificates' },
    });
  });

  it('PKI-01 subscriber keys: RSA 2048..8192 with an odd exponent ≥ 3, or EC P-256', () => {
    expect(subscriberKeyAcceptance({ kind: 'RSA', bits: 2048, publicExponent: 65537n }).ok).toBe(true);
    expect(subscriberKeyAcceptance({ kind: 'EC-P256', bits: 256 }).ok).toBe(true);
    expect(subscriberKeyAcceptance({ kind: 'RSA', bits: 1024 })).toMatchObject({
      refusal: { rule: 'PKI-01', message: 'RSA key of 1024 bits is too short (at least 2048)' },
    });
    expect(subscriberKeyAcceptance({ kind: 'RSA', bits: 16384 })).toMatchObject({ refusal: { rule: 'PKI-01' } });
    expect(subscriberKeyAcceptance({ kind: 'RSA', bits: 2048, publicExponent: 4n })).toMatchObject({
      refusal: { message: 'RSA public exponent is not acceptable' },
    });
    expect(subscriberKeyAcceptance({ kind: 'EC-P384', bits: 384, keyType: 'ec', curve: 'secp384r1' })).toMatchObject({
      refusal: { message: expect.stringMatching(/^key type ec \(secp384r1\) is not accepted/) },
    });
  });
});
