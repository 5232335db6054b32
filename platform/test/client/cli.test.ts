/**
 * The `puesc` CLI against the real embedded platform over HTTP: the integrator's walk-through of
 * docs/client.md, command by command, with the exit codes. Commands run in-process (`main`);
 * one test runs the real process through tsx, as the docs say.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { EXIT, main } from '../../../packages/client/src/cli';
import { FILES, Profile, jwsHeader, sha256B64u, sha256Hex } from '@puesc/client';
import { PASSWORD, dds0001, startSystem, tempDir, type System } from './support';

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.stop();
});

interface Run {
  code: number;
  out: string;
  err: string;
  json<T = any>(): T;
}

function cli(home: string, cwd: string, extraEnv: Record<string, string> = {}) {
  return async (...argv: string[]): Promise<Run> => {
    let out = '';
    let err = '';
    const code = await main(argv, {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: { PUESC_HOME: home, PUESC_PASSWORD: PASSWORD, ...extraEnv },
      cwd,
    });
    return { code, out, err, json: () => JSON.parse(out) };
  };
}

describe('puesc CLI walk-through', () => {
  const home = tempDir('puesc-home-');
  const work = tempDir('puesc-work-');
  const email = 'cli@example.pl';
  let puesc: ReturnType<typeof cli>;
  let documentId: string;

  beforeAll(() => {
    puesc = cli(home, work, { PUESC_URL: sys.baseUrl });
  });

  it('register, verify-email and login store the session 0600; whoami reads it', async () => {
    expect((await puesc('register', '--email', email)).code).toBe(EXIT.ok);
    const code = (await sys.mailTo(email, 'verify-email')).oneTimeCode!;
    expect((await puesc('verify-email', '--email', email, '--code', code)).code).toBe(EXIT.ok);
    const login = await puesc('login', '--email', email);
    expect(login).toMatchObject({ code: EXIT.ok, out: expect.stringMatching(/Logged in .*\(scope basic\)/) });
    const profile = new Profile(home);
    expect(profile.mode(FILES.session)).toBe(0o600);
    expect(profile.loadConfig()).toMatchObject({ baseUrl: sys.baseUrl, email });
    const me = await puesc('--json', 'whoami');
    expect(me.json()).toMatchObject({ account: { email }, scope: 'basic' });
  });

  it('ID-03 person register and scope request (confirmed in person), refresh; PKI-01 keygen, csr and certificate request store the key and chain locally', async () => {
    const profile = new Profile(home);
    expect((await puesc('person', 'register', '--given-names', 'Celina')).code).toBe(EXIT.usage);
    const person = await puesc(
      '--json',
      'person',
      'register',
      '--given-names',
      'Celina',
      '--surname',
      'Klientka',
      '--pesel',
      '44051401359',
    );
    expect(person.code).toBe(EXIT.ok);
    const personId = person.json().personId;
    expect(profile.loadSession()!.personId).toBe(personId);
    const asked = await puesc('scope', 'request');
    expect(asked).toMatchObject({ code: EXIT.ok, out: expect.stringMatching(/registration office/) });
    // the registration officer confirms after the visit
    await (await sys.registrationOfficer()).persons.confirmExtendedScope(personId);
    expect((await puesc('refresh')).out).toMatch(/scope extended/);

    const noKey = await puesc('certificate', 'request');
    expect(noKey.code).toBe(EXIT.localState);
    expect(noKey.err).toMatch(/keygen/);

    const kg = await puesc('keygen');
    expect(kg).toMatchObject({ code: EXIT.ok, out: expect.stringMatching(/EC P-256/) });
    expect(profile.mode(FILES.key)).toBe(0o600);
    expect((await puesc('keygen')).code).toBe(EXIT.localState); // never overwrites a key silently

    const csr = await puesc('csr', '--cn', 'Celina Klientka');
    expect(csr.code).toBe(EXIT.ok);
    expect(profile.read(FILES.csr)).toMatch(/BEGIN CERTIFICATE REQUEST/);

    const cert = await puesc('--json', 'certificate', 'request');
    expect(cert.code).toBe(EXIT.ok);
    expect(cert.json()).toMatchObject({ status: 'valid', subject: expect.stringMatching(/Klientka/) });
    expect(profile.mode(FILES.certificate)).toBe(0o600);
    expect(profile.mode(FILES.chain)).toBe(0o600);
    expect((await puesc('certificate', 'show')).out).toMatch(/serial/);
    expect((await puesc('certificate', 'list')).out).toMatch(/valid/);
  });

  it('DOC-02 DOC-03 drafts create → generate --out → sign → send with an Idempotency-Key → the same UPO again', async () => {
    fs.writeFileSync(path.join(work, 'dds.json'), JSON.stringify(dds0001('PL301000-EUP-2025-000100')));
    const draft = await puesc('--json', 'drafts', 'create', '--form', 'DDS0001', '--content', 'dds.json');
    expect(draft.code).toBe(EXIT.ok);
    const gen = await puesc('--json', 'drafts', 'generate', draft.json().id, '--out', 'document.json');
    expect(gen.code).toBe(EXIT.ok);
    documentId = gen.json().id;
    const bytes = fs.readFileSync(path.join(work, 'document.json'));
    expect(sha256Hex(bytes)).toBe(gen.json().sha256);

    const signed = await puesc('sign', 'document.json', '--out', 'document.jws');
    expect(signed.code).toBe(EXIT.ok);
    const jws = fs.readFileSync(path.join(work, 'document.jws'), 'utf8').trim();
    expect(jwsHeader(jws)).toMatchObject({ alg: 'ES256', 'x-content-sha256': sha256B64u(bytes) });
    expect(jwsHeader(jws).x5c!.length).toBeGreaterThanOrEqual(2);

    const sent = await puesc(
      'send',
      documentId,
      '--idempotency-key',
      'walkthrough-1',
      '--signature',
      'document.jws',
      '--out',
      'upo.json',
    );
    expect(sent).toMatchObject({ code: EXIT.ok, out: expect.stringMatching(/^UPO /) });
    const upo = JSON.parse(fs.readFileSync(path.join(work, 'upo.json'), 'utf8'));
    expect(upo.payload.document).toMatchObject({ id: documentId, sha256: sha256Hex(bytes) });

    const again = await puesc(
      '--json',
      'send',
      documentId,
      '--idempotency-key',
      'walkthrough-1',
      '--signature',
      'document.jws',
    );
    expect(again.code).toBe(EXIT.ok);
    expect(again.json().upo).toEqual(upo);
  });

  it('send signs the document itself when no signature is given, and prints a fresh Idempotency-Key to reuse', async () => {
    fs.writeFileSync(path.join(work, 'dds2.json'), JSON.stringify(dds0001('PL301000-EUP-2025-000101')));
    const draft = await puesc('--json', 'drafts', 'create', '--form', 'DDS0001', '--content', 'dds2.json');
    const gen = await puesc('--json', 'drafts', 'generate', draft.json().id);
    const sent = await puesc('send', gen.json().id);
    expect(sent.code).toBe(EXIT.ok);
    expect(sent.err).toMatch(/Idempotency-Key: [0-9a-f-]{36}/);
    expect(sent.out).toMatch(/signature customs-certificate/);
  });

  it('DOC-05 upo verify works offline with a saved JWKS (or its URL); a tampered UPO or other document bytes exit 3', async () => {
    expect((await puesc('jwks', '--out', 'upo-jwks.json')).code).toBe(EXIT.ok);
    const ok = await puesc('upo', 'verify', 'upo.json', '--jwks', 'upo-jwks.json', '--document', 'document.json');
    expect(ok).toMatchObject({ code: EXIT.ok, out: expect.stringMatching(/^VALID/) });
    expect(ok.out).toMatch(/matches document\.json/);
    const byUrl = await puesc('upo', 'verify', 'upo.json', '--jwks', `${sys.baseUrl}/.well-known/upo-jwks.json`);
    expect(byUrl.code).toBe(EXIT.ok);

    // offline: an unreachable platform does not matter with a saved JWKS
    const offline = cli(home, work, { PUESC_URL: 'http://127.0.0.1:9' });
    expect(
      (await offline('upo', 'verify', 'upo.json', '--jwks', 'upo-jwks.json', '--document', 'document.json')).code,
    ).toBe(EXIT.ok);

    const upo = JSON.parse(fs.readFileSync(path.join(work, 'upo.json'), 'utf8'));
    const [h, p, s] = upo.jws.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.authority.name = 'Someone else';
    fs.writeFileSync(
      path.join(work, 'tampered.json'),
      JSON.stringify({ ...upo, jws: `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}` }),
    );
    const bad = await puesc('upo', 'verify', 'tampered.json', '--jwks', 'upo-jwks.json');
    expect(bad).toMatchObject({
      code: EXIT.verificationFailed,
      out: expect.stringMatching(/^INVALID \(bad-signature\)/),
    });

    fs.writeFileSync(path.join(work, 'other.json'), '{"not":"the document"}');
    const other = await puesc('upo', 'verify', 'upo.json', '--jwks', 'upo-jwks.json', '--document', 'other.json');
    expect(other).toMatchObject({ code: EXIT.verificationFailed, out: expect.stringMatching(/document-mismatch/) });
  });

  it('documents list shows what was sent; upo get saves the UPO and its PDF', async () => {
    const list = await puesc('documents', 'list');
    expect(list.code).toBe(EXIT.ok);
    expect(list.out).toContain(documentId);
    expect(list.out).toMatch(/received/);
    const json = await puesc('--json', 'documents', 'list', '--limit', '1');
    expect(json.json()).toMatchObject({ limit: 1, total: 2 });
    expect((await puesc('upo', 'get', documentId, '--out', 'upo-again.json')).code).toBe(EXIT.ok);
    expect(JSON.parse(fs.readFileSync(path.join(work, 'upo-again.json'), 'utf8'))).toEqual(
      JSON.parse(fs.readFileSync(path.join(work, 'upo.json'), 'utf8')),
    );
    expect((await puesc('upo', 'get', documentId, '--pdf', '--out', 'upo.pdf')).code).toBe(EXIT.ok);
    expect(fs.readFileSync(path.join(work, 'upo.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await puesc('documents', 'content', documentId, '--out', 'copy.json')).code).toBe(EXIT.ok);
    expect(fs.readFileSync(path.join(work, 'copy.json'))).toEqual(fs.readFileSync(path.join(work, 'document.json')));
  });

  it('clear exit codes: refused 4, usage 2, login needed 5, unavailable 6; logout removes the session', async () => {
    const refused = await puesc('send', 'no-such-document', '--idempotency-key', 'x-1', '--signature', 'document.jws');
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.err).toMatch(/404/);
    expect((await puesc('send')).code).toBe(EXIT.usage);
    expect((await puesc('documents', 'list', '--view', 'everything')).code).toBe(EXIT.usage);
    expect((await puesc('--bogus')).code).toBe(EXIT.usage);
    expect((await puesc('upo', 'verify', 'upo.json')).err).toMatch(/--jwks/);
    const check = await puesc('check', 'PL123456321800000');
    expect(check).toMatchObject({ code: EXIT.ok, out: expect.stringMatching(/not registered/) });

    const down = cli(home, work, { PUESC_URL: 'http://127.0.0.1:9' });
    const unavailable = await down('documents', 'list');
    expect(unavailable.code).toBe(EXIT.unavailable);
    expect(unavailable.err).toMatch(/cannot reach the platform/);

    expect((await puesc('logout')).code).toBe(EXIT.ok);
    expect(fs.existsSync(path.join(home, FILES.session))).toBe(false);
    const after = await puesc('documents', 'list');
    expect(after.code).toBe(EXIT.authentication);
    expect(after.err).toMatch(/puesc login/);

    const wrong = cli(home, work, { PUESC_URL: sys.baseUrl, PUESC_PASSWORD: 'definitely-not-it-123' });
    expect((await wrong('login', '--email', email)).code).toBe(EXIT.authentication);
  });

  it('runs as a real process: npx tsx packages/client/src/cli.ts', async () => {
    const tsx = path.resolve(__dirname, '../../../node_modules/.bin/tsx');
    const run = (args: string[]) =>
      promisify(execFile)(tsx, [path.resolve(__dirname, '../../../packages/client/src/cli.ts'), ...args], {
        cwd: work,
        env: { ...process.env, PUESC_HOME: home },
      }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const help = await run(['--help']);
    expect(help).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^puesc: client of the customs e-services platform/),
    });
    expect(
      (await run(['upo', 'verify', 'upo.json', '--jwks', 'upo-jwks.json', '--document', 'document.json'])).code,
    ).toBe(EXIT.ok);
    expect((await run(['upo', 'verify', 'tampered.json', '--jwks', 'upo-jwks.json'])).code).toBe(
      EXIT.verificationFailed,
    );
  }, 30_000);
});
