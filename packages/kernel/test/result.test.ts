import {
  AppError,
  concurrency,
  forbidden,
  ok,
  refuse,
  refuseField,
  refuseFields,
  refusalError,
  valueOrThrow,
  withRetry,
} from '../src';

describe('Result and refusals', () => {
  it('maps each refusal kind to its problem status with the rule id', () => {
    const status = (k: 'forbidden' | 'state' | 'rule' | 'invalid') => {
      const r = refuse('EUP-08', k, 'no');
      if (r.ok) throw new Error('expected a refusal');
      const e = refusalError(r.refusal);
      return [e.code, e.data.rule];
    };
    expect(status('forbidden')).toEqual([403, 'EUP-08']);
    expect(status('state')).toEqual([409, 'EUP-08']);
    expect(status('rule')).toEqual([422, 'EUP-08']);
    expect(status('invalid')).toEqual([400, 'EUP-08']);
  });

  it('names the field of an invalid refusal', () => {
    const r = refuseField('REG-03', 'nip', 'bad check digit');
    expect(() => valueOrThrow(r)).toThrow(AppError);
    try {
      valueOrThrow(r);
    } catch (e) {
      expect((e as AppError).data.errors?.[0]).toEqual({ field: 'nip', message: 'bad check digit', rule: 'REG-03' });
    }
    expect(valueOrThrow(ok(3))).toBe(3);
  });

  it('answers every bad field of a command at once', () => {
    const r = refuseFields('REG-03', [
      { field: 'nip', message: 'bad check digit', rule: 'REG-03' },
      { field: 'regon', message: 'bad check digit', rule: 'REG-04' },
    ]);
    if (r.ok) throw new Error('expected a refusal');
    const e = refusalError(r.refusal);
    expect(e.code).toBe(400);
    expect(e.data.errors?.map((x) => x.field)).toEqual(['nip', 'regon']);
  });
});

describe('withRetry', () => {
  it('runs the step again after a concurrent modification, at most the given attempts', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        if (calls < 3) throw concurrency('changed');
        return 'saved';
      }),
    ).resolves.toBe('saved');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw concurrency('changed');
      }, 2),
    ).rejects.toThrow('changed');
    expect(calls).toBe(2);
  });

  it('never retries another error', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw forbidden('no');
      }),
    ).rejects.toThrow('no');
    expect(calls).toBe(1);
  });
});
