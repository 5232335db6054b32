/**
 * The `puesc` command line without a platform: a scripted fetch answers, the profile is a
 * temporary directory (issue 16: --version, per-command help, the bin entry, check's exit code
 * for scripts, a token from the environment or a flag, every environment variable in the help).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT, VERSION, commandHelp, main, tokenSession } from '../src/cli';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

const jwt = (claims: object) =>
  `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

async function puesc(args: string[], o: { env?: NodeJS.ProcessEnv; answer?: unknown } = {}) {
  let out = '';
  let err = '';
  const calls: Array<{ url: string; auth?: string }> = [];
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-cli-'));
  const code = await main(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { PUESC_HOME: home, PUESC_URL: 'http://platform.test', ...o.env },
    fetch: (async (url: string, init: RequestInit = {}) => {
      calls.push({ url, auth: new Headers(init.headers).get('authorization') ?? undefined });
      return new Response(JSON.stringify(o.answer ?? {}), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as never,
  });
  const saved = fs.existsSync(path.join(home, 'session.json'));
  fs.rmSync(home, { recursive: true, force: true });
  return { code, out, err, calls, saved };
}

describe('puesc', () => {
  it('--version prints the kit version, the one package.json declares', async () => {
    expect(VERSION).toBe(pkg.version);
    const r = await puesc(['--version']);
    expect([r.code, r.out]).toEqual([EXIT.ok, `puesc ${pkg.version}\n`]);
  });

  it('has a bin entry for the command (pnpm exec puesc) pointing at a file with a shebang', () => {
    const file = path.join(__dirname, '..', pkg.bin['puesc']!);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^#!\/usr\/bin\/env /);
  });

  it('prints the help of one command: `<command> --help` and `help <command>`', async () => {
    const a = await puesc(['upo', '--help']);
    expect(a.code).toBe(EXIT.ok);
    expect(a.out).toMatch(/upo get <document-id>/);
    expect(a.out).toMatch(/upo verify <upo.json>/);
    expect(a.out).not.toMatch(/keygen/);
    expect((await puesc(['help', 'check'])).out).toBe(commandHelp('check'));
    expect(commandHelp('nope')).toBeUndefined();
    expect((await puesc(['--help'])).out).toMatch(/keygen[\s\S]*check/);
  });

  it('names every environment variable it reads in the help, PUESC_UPO_JWKS and PUESC_TOKEN included', async () => {
    const src = fs.readFileSync(path.join(__dirname, '../src/cli.ts'), 'utf8');
    const read = [...new Set([...src.matchAll(/env\['(PUESC_[A-Z_]+)'\]/g)].map((m) => m[1]!))];
    expect(read).toEqual(expect.arrayContaining(['PUESC_UPO_JWKS', 'PUESC_TOKEN']));
    const help = (await puesc(['--help'])).out;
    for (const v of [...read, 'PUESC_HOME']) expect(help).toContain(v);
  });

  it('REG-06 check --exit-code: exit 8 for a well-formed number that is not registered, 0 when registered', async () => {
    const unregistered = { query: 'PL123456321800000', registered: false };
    const no = await puesc(['check', 'PL123456321800000', '--exit-code'], { answer: unregistered });
    expect([no.code, no.out]).toEqual([EXIT.notRegistered, 'PL123456321800000: not registered\n']);
    const yes = await puesc(['check', 'PL5260250274', '--exit-code'], {
      answer: { query: 'PL5260250274', registered: true, eori: 'PL5260250274', valid: true },
    });
    expect(yes.code).toBe(EXIT.ok);
    // without the flag the answer stays 0, as scripts written before it expect
    expect((await puesc(['check', 'PL123456321800000'], { answer: unregistered })).code).toBe(EXIT.ok);
  });

  it('takes an access token from PUESC_TOKEN or --token, sends it as is and never saves it', async () => {
    const token = jwt({ sub: 'acc-1', scope: 'openid extended', roles: ['client'], pid: 'PL000000000018' });
    const me = {
      account: { email: 'a@b.pl', roles: ['client'] },
      person: null,
      scope: 'extended',
      representations: [],
    };
    for (const o of [{ env: { PUESC_TOKEN: token } }, { args: ['--token', token] }]) {
      const r = await puesc(['whoami', ...((o as { args?: string[] }).args ?? [])], { ...o, answer: me });
      expect(r.code).toBe(EXIT.ok);
      expect(r.calls.map((c) => c.auth)).toEqual([`Bearer ${token}`]);
      expect(r.saved).toBe(false);
    }
    expect(tokenSession(token)).toMatchObject({ scope: 'extended', personId: 'PL000000000018', roles: ['client'] });
    expect((await puesc(['whoami', '--token', 'not-a-jwt'])).code).toBe(EXIT.usage);
  });
});
