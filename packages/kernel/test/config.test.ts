import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

describe('loadConfig: a secret X may be given as X_FILE', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-config-'));
  const file = (name: string, content: string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the value from the file, without its trailing newline, and validates it like the variable', () => {
    const c = loadConfig(spec, { TOKEN_SECRET_FILE: file('token', 'abcdefghij\n') });
    expect(c.TOKEN_SECRET).toBe('abcdefghij');
    expect(c).not.toHaveProperty('TOKEN_SECRET_FILE');
    expect(loadConfig(spec, { TOKEN_SECRET_FILE: file('crlf', 'abcdefghij\r\n') }).TOKEN_SECRET).toBe('abcdefghij');
    // inner line breaks stay (a PEM)
    const pem = '-----BEGIN KEY-----\nAAAA\n-----END KEY-----\n';
    const pemSpec = { KEY_PEM: { type: 'string', description: 'a key', secret: true } } as const;
    expect(loadConfig(pemSpec, { KEY_PEM_FILE: file('pem', pem) }).KEY_PEM).toBe(pem.trimEnd());
    const bad = () => loadConfig(spec, { TOKEN_SECRET_FILE: file('short', 'short\n') });
    expect(bad).toThrow(/TOKEN_SECRET \(from TOKEN_SECRET_FILE\)=\(hidden\) must match pattern/);
    expect(bad).not.toThrow(/short"/);
  });

  it('refuses both X and X_FILE, naming both', () => {
    expect(() =>
      loadConfig(spec, { TOKEN_SECRET: 'abcdefghij', TOKEN_SECRET_FILE: file('both', 'abcdefghij') }),
    ).toThrow('TOKEN_SECRET and TOKEN_SECRET_FILE are both set; use one');
  });

  it('names a file that cannot be read or is empty, without also calling the variable missing', () => {
    const missing = path.join(dir, 'nope');
    try {
      loadConfig(spec, { TOKEN_SECRET_FILE: missing });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toEqual([`TOKEN_SECRET_FILE=${missing} cannot be read (ENOENT)`]);
    }
    expect(() => loadConfig(spec, { TOKEN_SECRET_FILE: file('empty', '\n') })).toThrow(/TOKEN_SECRET_FILE=.* is empty/);
    expect(() => loadConfig(spec, {})).toThrow(/TOKEN_SECRET is required \(secret\); or set TOKEN_SECRET_FILE/);
  });

  it('only secrets have a file variable; a spec declaring X_FILE itself reads the file on its own', () => {
    expect(loadConfig(spec, { TOKEN_SECRET: 'abcdefghij', PORT_FILE: file('port', '81') }).PORT).toBe(3000);
    const own = {
      KEY_PEM: { type: 'string', description: 'a key', secret: true },
      KEY_PEM_FILE: { type: 'string', description: 'file holding KEY_PEM' },
    } as const;
    const p = file('own', 'PEM');
    expect(loadConfig(own, { KEY_PEM_FILE: p })).toEqual({ KEY_PEM_FILE: p });
  });
});
