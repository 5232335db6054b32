import { loadConfig, ConfigError } from '../src/config';

const spec = {
  PORT: { type: 'integer', description: 'HTTP port', default: 3000, minimum: 1, maximum: 65535 },
  NATS_URL: { type: 'string', description: 'NATS server', format: 'uri' },
  TOKEN_SECRET: { type: 'string', description: 'secret', required: true, secret: true, pattern: '^.{8,}$' },
} as const;

describe('loadConfig', () => {
  it('applies defaults and coerces types', () => {
    const c = loadConfig(spec, { TOKEN_SECRET: 'abcdefghij' });
    expect(c.PORT).toBe(3000);
    expect(c.NATS_URL).toBeUndefined();
  });
  it('names the variable that is bad or missing', () => {
    expect(() => loadConfig(spec, { PORT: 'abc' })).toThrow(ConfigError);
    try {
      loadConfig(spec, { PORT: '70000', TOKEN_SECRET: 'short' });
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toMatch(/PORT="70000"/);
      expect(msg).toMatch(/TOKEN_SECRET=\(hidden\)/);
      expect(msg).not.toMatch(/short/);
    }
    expect(() => loadConfig(spec, {})).toThrow(/TOKEN_SECRET is required/);
  });
});
