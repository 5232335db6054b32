import { planOf, readRuntimeConfig, trustProxyOf } from '../src/config';

const known = ['identity', 'registry'];
const cfg = (env: Record<string, string>) => readRuntimeConfig(env);

describe('planOf', () => {
  it('runs everything in one process by default (embedded)', () => {
    expect(planOf(cfg({}), known)).toEqual({ mode: 'embedded', services: known, gateway: true });
  });
  it('runs a subset with the gateway only when distributed', () => {
    const env = { SERVICES: 'registry', NATS_URL: 'nats://127.0.0.1:4222', MONGO_URL: 'mongodb://127.0.0.1/x' };
    expect(planOf(cfg(env), known)).toEqual({ mode: 'distributed', services: ['registry'], gateway: false });
    expect(planOf(cfg({ ...env, SERVICES: 'gateway' }), known)).toEqual({
      mode: 'distributed',
      services: [],
      gateway: true,
    });
  });
  it('refuses an unknown service, a subset without NATS, and NATS without MongoDB', () => {
    expect(() => planOf(cfg({ SERVICES: 'regsitry' }), known)).toThrow(/SERVICES: unknown service regsitry/);
    expect(() => planOf(cfg({ SERVICES: 'registry' }), known)).toThrow(/NATS_URL/);
    expect(() => planOf(cfg({ NATS_URL: 'nats://127.0.0.1:4222' }), known)).toThrow(/MONGO_URL is required/);
  });
  it('refuses malformed values naming the variable', () => {
    expect(() => cfg({ PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => cfg({ NATS_URL: 'http://x' })).toThrow(/NATS_URL/);
    expect(() => cfg({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});

describe('trustProxyOf', () => {
  it('reads TRUST_PROXY as off, all, or a list of addresses', () => {
    expect(trustProxyOf('')).toBe(false);
    expect(trustProxyOf('true')).toBe(true);
    expect(trustProxyOf('10.0.0.0/8, 127.0.0.1')).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => cfg({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
  });
});
