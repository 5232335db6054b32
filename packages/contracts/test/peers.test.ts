import { identityPeer, pkiPeer, registryPeer, seapPeer, isNotFound } from '../src';

/** Records the calls and answers from a table; `throw` answers are thrown. */
function fakeCall(answers: Record<string, unknown>) {
  const calls: { action: string; params: object }[] = [];
  const call = async <T>(action: string, params: object): Promise<T> => {
    calls.push({ action, params });
    const a = answers[action];
    if (a instanceof Error) throw a;
    return a as T;
  };
  return { calls, call };
}

const notFound = Object.assign(new Error('company x not found'), { code: 404, type: 'not-found' });

describe('typed peer clients', () => {
  it('ID-10 asks identity.authorize with the account, company and permission, through a function', async () => {
    const f = fakeCall({ 'identity.authorize': { allowed: true, reason: 'granted', rule: 'ID-10' } });
    const answer = await identityPeer(f.call).authorize('acc-1', 'co-1', 'seap.submit');
    expect(answer.allowed).toBe(true);
    expect(f.calls).toEqual([
      { action: 'identity.authorize', params: { accountId: 'acc-1', companyId: 'co-1', permission: 'seap.submit' } },
    ]);
  });

  it('calls through anything with a call method (a context or a broker), keeping it as `this`', async () => {
    const ctx = {
      meta: { requestId: 'r-1' },
      seen: [] as string[],
      async call(this: { meta: { requestId: string }; seen: string[] }, action: string) {
        this.seen.push(`${action} in ${this.meta.requestId}`);
        return { valid: false, reason: 'bad-signature', detail: 'x' };
      },
    };
    const v = await pkiPeer(ctx).verifySignature({ jws: 'a.b.c' });
    expect(v).toEqual({ valid: false, reason: 'bad-signature', detail: 'x' });
    expect(ctx.seen).toEqual(['pki.verifySignature in r-1']);
  });

  it('answers null for a record its owner does not know, and passes every other failure on', async () => {
    const f = fakeCall({
      'registry.getCompany': notFound,
      'identity.getPerson': notFound,
      'identity.getAccountEmail': new Error('identity is not available'),
    });
    expect(await registryPeer(f.call).getCompany('co-9')).toBeNull();
    expect(f.calls[0]).toEqual({ action: 'registry.getCompany', params: { id: 'co-9' } });
    expect(await identityPeer(f.call).getPerson('PL000000000018')).toBeNull();
    await expect(identityPeer(f.call).getAccountEmail('acc-1')).rejects.toThrow(/not available/);
    await registryPeer(f.call)
      .getCompany({ eori: 'PL1234563218' })
      .catch(() => undefined);
    expect(f.calls.at(-1)).toEqual({ action: 'registry.getCompany', params: { eori: 'PL1234563218' } });
  });

  it('ID-12 asks identity.mailSecret by event id, and answers null once the code is gone (404)', async () => {
    const f = fakeCall({ 'identity.mailSecret': { values: { oneTimeCode: '123456' } } });
    expect(await identityPeer(f.call).mailSecret('ev-1')).toEqual({ values: { oneTimeCode: '123456' } });
    expect(f.calls).toEqual([{ action: 'identity.mailSecret', params: { eventId: 'ev-1' } }]);
    const gone = fakeCall({ 'identity.mailSecret': notFound });
    expect(await identityPeer(gone.call).mailSecret('ev-1')).toBeNull();
    const down = fakeCall({ 'identity.mailSecret': new Error('identity is not available') });
    await expect(identityPeer(down.call).mailSecret('ev-1')).rejects.toThrow(/not available/);
  });

  it('hands seap the delivery request as it is', async () => {
    const receipt = { documentId: 'd1', availableAt: 'a', deemedDeliveryAt: 'b', signature: 'j.w.s' };
    const f = fakeCall({ 'seap.deliverDocument': receipt });
    const request = {
      kind: 'decision' as const,
      title: 'Decision',
      recipient: { companyId: 'co-1' },
      content: { text: 'granted' },
      issuer: { service: 'szprot', office: 'PL301000' },
      externalId: 'dec-1',
    };
    expect(await seapPeer(f.call).deliverDocument(request)).toEqual(receipt);
    expect(f.calls).toEqual([{ action: 'seap.deliverDocument', params: request }]);
  });

  it('knows a not-found answer by its type or its status', () => {
    expect(isNotFound({ type: 'not-found' })).toBe(true);
    expect(isNotFound({ code: 404 })).toBe(true);
    expect(isNotFound({ code: 409, type: 'conflict' })).toBe(false);
    expect(isNotFound(null)).toBe(false);
  });
});
