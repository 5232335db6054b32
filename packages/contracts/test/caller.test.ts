import { callerFromClaims } from '../src';

describe('token claims → caller', () => {
  it('reads the account, scope, roles, person, office and token id of a verified access token', () => {
    expect(
      callerFromClaims({
        sub: 'acc-1',
        scope: 'extended',
        roles: ['case-officer'],
        pid: 'PL000000000018',
        office: 'PL301000',
        jti: 't-1',
        iss: 'https://puesc.test',
      }),
    ).toEqual({
      id: 'acc-1',
      scope: 'extended',
      roles: ['case-officer'],
      personId: 'PL000000000018',
      office: 'PL301000',
      jti: 't-1',
    });
  });

  it('reads scope from a space-separated OAuth scope string or an array; anything else is basic', () => {
    expect(callerFromClaims({ sub: 'a', scope: 'openid extended' }).scope).toBe('extended');
    expect(callerFromClaims({ sub: 'a', scope: ['extended'] }).scope).toBe('extended');
    expect(callerFromClaims({ sub: 'a', scope: 'extended-ish' }).scope).toBe('basic');
    expect(callerFromClaims({ sub: 'a' })).toEqual({ id: 'a', scope: 'basic', roles: [] });
  });

  it('drops roles it does not know and empty or non-string person and office claims', () => {
    expect(callerFromClaims({ sub: 'a', roles: ['admin', 'root', 7], pid: '', office: 42 })).toEqual({
      id: 'a',
      scope: 'basic',
      roles: ['admin'],
    });
  });
});
