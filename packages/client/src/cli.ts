#!/usr/bin/env -S npx --no-install tsx
/**
 * `puesc`: the integrator's command line (docs/client.md). Run it with
 * `npx tsx packages/client/src/cli.ts <command>` (or `node dist/cli.js` once bundled).
 *
 * State lives in the profile directory (`~/.puesc`, or `PUESC_HOME`, or `--home`): key.pem,
 * certificate.pem, chain.pem, session.json, config.json, all 0600. The platform's address comes
 * from `--url`, `PUESC_URL` or the one saved at login.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PuescClient } from './client';
import { buildCsr, type CsrSubject } from './crypto/csr';
import { generateKeyPair, publicKeyFingerprint } from './crypto/keys';
import { signDocument } from './crypto/sign';
import { verifyUpo } from './crypto/upo';
import type { FetchLike } from './http';
import { loadJwks } from './jwks';
import { ProblemError, TransportError } from './problem';
import { FILES, Profile, ProfileError, defaultProfileDir } from './profile';
import type { DocumentView, JsonObject, Receipt, Session } from './types';

/** Exit codes (documented in docs/client.md). */
export const EXIT = {
  ok: 0,
  /** An unexpected failure (a bug): the message says what. */
  internal: 1,
  /** Wrong command line: unknown command or option, missing argument. */
  usage: 2,
  /** A signature, UPO or document did not verify. */
  verificationFailed: 3,
  /** The platform refused the request (4xx problem other than 401). */
  refused: 4,
  /** Not logged in, or the session ended: run `puesc login`. */
  authentication: 5,
  /** The platform is unreachable or unavailable (network error, 5xx, 429): retry later. */
  unavailable: 6,
  /** Local state missing or unsafe (no key, no certificate, key readable by others). */
  localState: 7,
  /** `check --exit-code`: the number is well formed but not registered (REG-06). */
  notRegistered: 8,
} as const;

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  fetch?: FetchLike;
}

class UsageError extends Error {}

/** The kit's version (packages/client/package.json; a test keeps the two equal). */
export const VERSION = '0.1.0';

const HELP = `puesc: client of the customs e-services platform

Usage: puesc [--url URL] [--home DIR] [--token JWT] [--json] <command> [arguments]
       puesc --version | puesc --help | puesc <command> --help

Account and session
  register --email E [--password-stdin]     create an account (a code is e-mailed)
  verify-email --email E --code C           confirm the e-mail address
  login [--email E] [--password-stdin]      log in (PUESC_EMAIL / PUESC_PASSWORD, or a prompt)
  refresh                                   new access token (after a scope or role change)
  logout                                    end the session
  whoami                                    account, person, scope, representations
  person register --given-names G --surname S --pesel P
                                            register yourself (ID SISC); or a foreign document:
                                            --document-country C --document-type T --document-number N --birth-date D
  scope request                             ask for the extended scope (confirmed in person by an officer)

Key and customs certificate (PKI-01: the private key never leaves this machine)
  keygen [--rsa] [--force]                  EC P-256 key pair into the profile (PUESC_KEY_PASSPHRASE encrypts it)
  csr [--cn NAME] [--out FILE]              PKCS#10 request for the profile key
  certificate request [--csr FILE]          obtain the customs certificate; stores it with its CA chain
  certificate show | list                   the stored certificate | your certificates on the platform
  certificate revoke <serial> [--reason R]  revoke one of your certificates

Documents (SEAP)
  forms                                     the forms catalogue
  drafts create --form CODE --content FILE [--company ID] [--title T]
  drafts generate <draft-id> [--out FILE]   freeze the draft; --out saves the exact bytes to sign
  documents list [--company ID] [--view own|company] [--status S] [--kind K] [--page N] [--limit N]
  documents content <document-id> --out FILE
  sign <file> [--out FILE] [--cty TYPE]     JWS (puesc-jades-compact-v1) over the file's exact bytes
  send <document-id> [--idempotency-key K] [--signature FILE] [--out FILE]
                                            send signed (signs the document itself without --signature)
  upo get <document-id> [--out FILE] [--pdf]
  upo verify <upo.json> --jwks <url|file> [--document FILE]
                                            verify a UPO offline with the published JWKS only
  jwks [--out FILE]                         download the UPO JWKS for offline verification

Registry
  check <eori|nip> [--exit-code]            public check of an EORI or NIP (REG-06);
                                            --exit-code: exit 8 when it is not registered

Environment
  PUESC_URL             the platform (default: the one saved at login, else http://localhost:3000)
  PUESC_HOME            the profile directory (default ~/.puesc)
  PUESC_EMAIL           the account for register, verify-email, login
  PUESC_PASSWORD        the password (else --password-stdin or a prompt)
  PUESC_KEY_PASSPHRASE  encrypts the private key in the profile (keygen) and decrypts it (sign, send)
  PUESC_UPO_JWKS        URL or file of the UPO JWKS for upo verify (instead of --jwks)
  PUESC_TOKEN           an access token for scripts (as --token): used as is, never refreshed or saved
Exit codes: 0 ok, 1 internal error, 2 usage, 3 verification failed, 4 refused by the platform,
            5 login needed, 6 platform unavailable, 7 local key/certificate missing or unsafe,
            8 not registered (check --exit-code)
`;

const OPTIONS = {
  url: { type: 'string' },
  home: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  token: { type: 'string' },
  'exit-code': { type: 'boolean' },
  email: { type: 'string' },
  code: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  rsa: { type: 'boolean' },
  force: { type: 'boolean' },
  cn: { type: 'string' },
  out: { type: 'string', short: 'o' },
  csr: { type: 'string' },
  reason: { type: 'string' },
  form: { type: 'string' },
  content: { type: 'string' },
  company: { type: 'string' },
  title: { type: 'string' },
  view: { type: 'string' },
  status: { type: 'string' },
  kind: { type: 'string' },
  page: { type: 'string' },
  limit: { type: 'string' },
  cty: { type: 'string' },
  'idempotency-key': { type: 'string' },
  signature: { type: 'string' },
  pdf: { type: 'boolean' },
  jwks: { type: 'string' },
  document: { type: 'string' },
  'given-names': { type: 'string' },
  surname: { type: 'string' },
  pesel: { type: 'string' },
  'document-country': { type: 'string' },
  'document-type': { type: 'string' },
  'document-number': { type: 'string' },
  'birth-date': { type: 'string' },
} as const;

type Flags = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

interface Ctx {
  flags: Flags;
  args: string[];
  io: Required<Pick<CliIo, 'stdout' | 'stderr'>> & CliIo;
  env: NodeJS.ProcessEnv;
  cwd: string;
  profile: Profile;
  baseUrl: string;
  client(): PuescClient;
  print(human: string, json?: unknown): void;
  note(s: string): void;
}

const int = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number`);
  return Number(v);
};

const need = <T>(v: T | undefined, what: string): T => {
  if (v === undefined || v === '') throw new UsageError(`${what} is required`);
  return v;
};

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(parts).toString('utf8');
}

/** The password: --password-stdin, PUESC_PASSWORD, or a prompt without echo on a terminal. */
async function password(c: Ctx): Promise<string> {
  if (c.flags['password-stdin']) {
    if (!c.io.stdin) throw new UsageError('--password-stdin: no standard input');
    return (await readAll(c.io.stdin)).replace(/\r?\n$/, '');
  }
  const env = c.env['PUESC_PASSWORD'];
  if (env) return env;
  const stdin = c.io.stdin as (NodeJS.ReadStream & { setRawMode?: (b: boolean) => void }) | undefined;
  if (!stdin?.isTTY || typeof stdin.setRawMode !== 'function')
    throw new UsageError('the password is needed: --password-stdin, PUESC_PASSWORD, or run on a terminal');
  c.io.stderr.write('Password: ');
  return new Promise<string>((resolve, reject) => {
    let pw = '';
    stdin.setRawMode!(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (ch: string) => {
      for (const k of ch) {
        if (k === '\r' || k === '\n') {
          done();
          return resolve(pw);
        }
        if (k === '\u0003') {
          done();
          return reject(new UsageError('cancelled'));
        }
        if (k === '\u007f' || k === '\b') pw = pw.slice(0, -1);
        else pw += k;
      }
    };
    const done = () => {
      stdin.removeListener('data', onData);
      stdin.setRawMode!(false);
      stdin.pause();
      c.io.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

const keyPassphrase = (c: Ctx): string | undefined => c.env['PUESC_KEY_PASSPHRASE'] || undefined;

const resolvePath = (c: Ctx, p: string): string => path.resolve(c.cwd, p);

function writeOut(c: Ctx, file: string, data: string | Uint8Array): string {
  const p = resolvePath(c, file);
  fs.writeFileSync(p, data);
  return p;
}

// ---- commands -------------------------------------------------------------------------------------

async function cmdRegister(c: Ctx) {
  const email = need(c.flags.email ?? c.env['PUESC_EMAIL'], '--email');
  const r = await c.client().auth.register(email, await password(c));
  c.print(`${r.message}\nThen: puesc verify-email --email ${email} --code <code>`, r);
}

async function cmdVerifyEmail(c: Ctx) {
  const email = need(c.flags.email ?? c.env['PUESC_EMAIL'], '--email');
  const r = await c.client().auth.verifyEmail(email, need(c.flags.code, '--code'));
  c.print('E-mail address confirmed. Next: puesc login', r);
}

async function cmdLogin(c: Ctx) {
  const email = need(c.flags.email ?? c.env['PUESC_EMAIL'] ?? c.profile.loadConfig().email, '--email (or PUESC_EMAIL)');
  const client = c.client();
  const s = await client.auth.login(email, await password(c));
  c.profile.saveConfig({ ...c.profile.loadConfig(), baseUrl: c.baseUrl, email });
  c.print(
    `Logged in to ${c.baseUrl} as ${email} (scope ${s.scope}${s.personId ? `, ID SISC ${s.personId}` : ''}). Session saved in ${c.profile.path(FILES.session)}.`,
    { email, scope: s.scope, personId: s.personId, roles: s.roles, baseUrl: c.baseUrl },
  );
}

async function cmdRefresh(c: Ctx) {
  const s = await c.client().auth.refresh();
  c.print(`Session refreshed (scope ${s.scope}${s.personId ? `, ID SISC ${s.personId}` : ''}).`, {
    scope: s.scope,
    personId: s.personId,
    roles: s.roles,
  });
}

async function cmdLogout(c: Ctx) {
  const client = c.client();
  if (!client.session) return c.print('Not logged in.', { loggedOut: true });
  await client.auth.logout();
  c.print('Logged out.', { loggedOut: true });
}

async function cmdWhoami(c: Ctx) {
  const me = await c.client().auth.me();
  const p = me.person;
  const lines = [
    `account   ${me.account.email} (${me.account.roles.join(', ')})`,
    `person    ${p ? `${p.givenNames} ${p.surname}, ID SISC ${p.personId}` : '(not registered)'}`,
    `scope     ${me.scope}`,
    ...me.representations.map(
      (r) =>
        `represents ${r.company.name ?? r.company.id} (${r.company.eori ?? 'no EORI'}) as ${r.kind}: ${r.status}, ${r.permissions.join(' ')}`,
    ),
  ];
  c.print(lines.join('\n'), me);
}

async function cmdPerson(c: Ctx) {
  if (c.args[0] !== 'register')
    throw new UsageError(
      'person register --given-names G --surname S (--pesel P | --document-country C --document-type T --document-number N --birth-date YYYY-MM-DD)',
    );
  const f = c.flags;
  const document = f['document-number']
    ? {
        country: need(f['document-country'], '--document-country'),
        type: need(f['document-type'], '--document-type'),
        number: f['document-number'],
        birthDate: need(f['birth-date'], '--birth-date'),
      }
    : undefined;
  if (!f.pesel && !document)
    throw new UsageError(
      '--pesel, or a foreign document (--document-country, --document-type, --document-number, --birth-date)',
    );
  const p = await c.client().persons.register({
    givenNames: need(f['given-names'], '--given-names'),
    surname: need(f.surname, '--surname'),
    ...(f.pesel ? { pesel: f.pesel } : {}),
    ...(document ? { document } : {}),
  });
  await c.client().auth.refresh(); // the token carries the ID SISC from now on
  c.print(
    `Person registered: ${p.givenNames} ${p.surname}, ID SISC ${p.personId} (scope ${p.scope}).\nNext: puesc scope request`,
    p,
  );
}

async function cmdScope(c: Ctx) {
  if (c.args[0] !== 'request') throw new UsageError('scope request');
  const r = await c.client().persons.requestExtendedScopeInPerson();
  c.print(
    `Extended scope requested (${r.status}). Show your identity document at the registration office; once an officer confirms it, run: puesc refresh`,
    r,
  );
}

async function cmdKeygen(c: Ctx) {
  const { privateKey } = await generateKeyPair(c.flags.rsa ? 'rsa-2048' : 'ec-p256');
  const file = c.profile.saveKey(privateKey, {
    ...(keyPassphrase(c) ? { passphrase: keyPassphrase(c)! } : {}),
    overwrite: !!c.flags.force,
  });
  if (c.flags.force) {
    // A new key makes the stored certificate useless.
    c.profile.remove(FILES.certificate);
    c.profile.remove(FILES.chain);
    c.profile.remove(FILES.csr);
  }
  const fp = publicKeyFingerprint(privateKey);
  c.print(
    `Key pair generated (${c.flags.rsa ? 'RSA 2048' : 'EC P-256'}): ${file} (mode 600)\npublic key SHA-256 ${fp}`,
    { file, fingerprint: fp },
  );
}

function csrOf(c: Ctx): string {
  const key = c.profile.loadKey(keyPassphrase(c));
  const subject: CsrSubject = c.flags.cn
    ? { commonName: c.flags.cn }
    : { commonName: 'PUESC customs certificate request' };
  return buildCsr(key, subject);
}

async function cmdCsr(c: Ctx) {
  const pemText = csrOf(c);
  const file = c.flags.out ? writeOut(c, c.flags.out, pemText) : c.profile.write(FILES.csr, pemText);
  c.print(`Certificate request written to ${file}\n(the certificate subject will be your registered data, PKI-02)`, {
    file,
    csr: pemText,
  });
}

async function cmdCertificate(c: Ctx) {
  const sub = c.args[0];
  if (sub === 'request') {
    const key = c.profile.loadKey(keyPassphrase(c));
    const csr = c.flags.csr
      ? fs.readFileSync(resolvePath(c, c.flags.csr), 'utf8')
      : c.profile.exists(FILES.csr)
        ? c.profile.read(FILES.csr)
        : buildCsr(key);
    const cert = await c.client().pki.requestCertificate(csr);
    const files = c.profile.saveCertificate(cert.certificatePem, cert.chainPem ?? '', key);
    c.print(
      `Customs certificate issued: serial ${cert.serial}\nsubject   ${cert.subject}\nvalid     ${cert.notBefore} .. ${cert.notAfter}\nstored    ${files.certificate}, ${files.chain}`,
      { ...cert, files },
    );
    return;
  }
  if (sub === 'show') {
    const info = c.profile.certificateInfo();
    if (!info)
      throw new ProfileError(`no certificate in ${c.profile.dir} (run \`puesc certificate request\`)`, 'missing');
    c.print(
      `serial    ${info.serial}\nsubject   ${info.subject.replace(/\n/g, ', ')}\nissuer    ${info.issuer.replace(/\n/g, ', ')}\nvalid to  ${info.validTo}`,
      info,
    );
    return;
  }
  if (sub === 'list') {
    const list = await c.client().pki.listCertificates();
    c.print(
      list.length
        ? list.map((x) => `${x.serial}  ${x.status.padEnd(8)} ${x.notAfter}  ${x.subject}`).join('\n')
        : '(no certificates)',
      list,
    );
    return;
  }
  if (sub === 'revoke') {
    const serial = need(c.args[1], 'the serial number');
    const r = await c.client().pki.revokeCertificate(serial, c.flags.reason as never);
    c.print(`Certificate ${r.serial} is ${r.status}${r.revokedAt ? ` since ${r.revokedAt}` : ''}.`, r);
    return;
  }
  throw new UsageError('certificate request | show | list | revoke <serial>');
}

async function cmdForms(c: Ctx) {
  const forms = await c.client().seap.listForms();
  c.print(forms.map((f) => `${f.code.padEnd(9)} [${f.target}] ${f.title}`).join('\n'), forms);
}

async function cmdDrafts(c: Ctx) {
  const sub = c.args[0];
  const client = c.client();
  if (sub === 'create') {
    const content = JSON.parse(
      fs.readFileSync(resolvePath(c, need(c.flags.content, '--content FILE')), 'utf8'),
    ) as JsonObject;
    const d = await client.seap.createDraft({
      formCode: need(c.flags.form, '--form CODE'),
      content,
      ...(c.flags.company ? { companyId: c.flags.company } : {}),
      ...(c.flags.title ? { title: c.flags.title } : {}),
    });
    c.print(`Draft ${d.id} (${d.formCode}) saved. Next: puesc drafts generate ${d.id} --out document.json`, d);
    return;
  }
  if (sub === 'generate') {
    const g = await client.seap.generate(need(c.args[1], 'the draft id'));
    const bytes = Buffer.from(g.canonicalBase64, 'base64');
    const file = c.flags.out ? writeOut(c, c.flags.out, bytes) : undefined;
    c.print(
      `Document ${g.id} generated (${g.kind}, ${g.size} bytes, SHA-256 ${g.sha256})${file ? `\nexact bytes saved to ${file}` : ''}\nNext: puesc send ${g.id} --idempotency-key <key>`,
      { ...g, ...(file ? { file } : {}) },
    );
    return;
  }
  if (sub === 'list') {
    const page = await client.seap.listDrafts({ ...(c.flags.company ? { companyId: c.flags.company } : {}) });
    c.print(
      page.items.map((d) => `${d.id}  ${d.formCode}  ${d.updatedAt}  ${d.title ?? ''}`).join('\n') || '(no drafts)',
      page,
    );
    return;
  }
  throw new UsageError('drafts create | generate <draft-id> | list');
}

function documentLine(d: DocumentView): string {
  const when = d.receivedAt ?? d.delivery?.availableAt ?? d.createdAt ?? '';
  return `${d.id}  ${d.origin.padEnd(9)} ${d.kind.padEnd(16)} ${d.status.padEnd(10)} ${when}  ${d.title}${d.caseRef ? ` [${d.caseRef}]` : ''}`;
}

async function cmdDocuments(c: Ctx) {
  const sub = c.args[0] ?? 'list';
  const client = c.client();
  if (sub === 'list') {
    const view = c.flags.view;
    if (view !== undefined && view !== 'own' && view !== 'company') throw new UsageError('--view is own or company');
    const page = await client.seap.listDocuments({
      ...(c.flags.company ? { companyId: c.flags.company } : {}),
      ...(view ? { view } : {}),
      ...(c.flags.status ? { status: c.flags.status as never } : {}),
      ...(c.flags.kind ? { kind: c.flags.kind } : {}),
      ...(c.flags.page ? { page: int(c.flags.page, 'page')! } : {}),
      ...(c.flags.limit ? { limit: int(c.flags.limit, 'limit')! } : {}),
    });
    const head = `page ${page.page}, ${page.items.length} of ${page.total}`;
    c.print(
      page.items.length ? `${page.items.map(documentLine).join('\n')}\n(${head})` : `(no documents; ${head})`,
      page,
    );
    return;
  }
  if (sub === 'content') {
    const id = need(c.args[1], 'the document id');
    const bytes = await client.seap.documentContent(id);
    const file = writeOut(c, need(c.flags.out, '--out FILE'), bytes);
    c.print(`${bytes.byteLength} bytes written to ${file}`, { file, size: bytes.byteLength });
    return;
  }
  if (sub === 'get') {
    const d = await client.seap.getDocument(need(c.args[1], 'the document id'));
    c.print(documentLine(d), d);
    return;
  }
  throw new UsageError('documents list | content <id> --out FILE | get <id>');
}

async function signBytes(c: Ctx, bytes: Uint8Array, cty?: string): Promise<string> {
  const key = c.profile.loadKey(keyPassphrase(c));
  const chain = c.profile.loadCertificateChain();
  const s = await signDocument({ content: bytes, privateKey: key, certificates: chain, ...(cty ? { cty } : {}) });
  return s.jws;
}

async function cmdSign(c: Ctx) {
  const file = resolvePath(c, need(c.args[0], 'the file to sign'));
  const bytes = fs.readFileSync(file);
  const jws = await signBytes(c, bytes, c.flags.cty);
  if (c.flags.out) {
    const out = writeOut(c, c.flags.out, `${jws}\n`);
    c.print(`Signed ${bytes.length} bytes of ${file}: ${out}`, { file: out, jws });
  } else c.io.stdout.write(c.flags.json ? `${JSON.stringify({ jws })}\n` : `${jws}\n`);
}

async function cmdSend(c: Ctx) {
  const id = need(c.args[0], 'the document id');
  const client = c.client();
  let key = c.flags['idempotency-key'];
  if (!key) {
    key = randomUUID();
    c.note(`Idempotency-Key: ${key} (send again with --idempotency-key ${key} to retry safely)`);
  }
  const signature = c.flags.signature
    ? fs.readFileSync(resolvePath(c, c.flags.signature), 'utf8').trim()
    : await signBytes(c, await client.seap.documentContent(id), 'application/json');
  const r = await client.seap.send(id, signature, { idempotencyKey: key });
  const saved = c.flags.out ? writeOut(c, c.flags.out, `${JSON.stringify(r.upo, null, 2)}\n`) : undefined;
  const u = r.upo.payload;
  c.print(
    [
      `${r.duplicate || r.replayed ? 'Already received (same submission): ' : ''}UPO ${r.upo.id}`,
      `document  ${u.document.id} (${u.document.form}), SHA-256 ${u.document.sha256}`,
      `received  ${u.receivedAtWarsaw} by ${u.authority.name}`,
      `signature ${u.signature.method}${u.signature.signer ? `, ${u.signature.signer}` : ''}`,
      ...(saved ? [`UPO saved to ${saved}`] : []),
    ].join('\n'),
    { ...r, idempotencyKey: key, ...(saved ? { file: saved } : {}) } satisfies Receipt & JsonObject,
  );
}

async function cmdUpo(c: Ctx) {
  const sub = c.args[0];
  if (sub === 'get') {
    const id = need(c.args[1], 'the document id');
    const client = c.client();
    if (c.flags.pdf) {
      const pdf = await client.seap.getUpoPdf(id);
      const file = writeOut(c, need(c.flags.out, '--out FILE (with --pdf)'), pdf);
      return c.print(`UPO PDF written to ${file}`, { file });
    }
    const upo = await client.seap.getUpo(id);
    if (c.flags.out) {
      const file = writeOut(c, c.flags.out, `${JSON.stringify(upo, null, 2)}\n`);
      return c.print(`UPO ${upo.id} saved to ${file}`, { ...upo, file });
    }
    return c.io.stdout.write(`${JSON.stringify(upo, null, 2)}\n`);
  }
  if (sub === 'verify') {
    const file = resolvePath(c, need(c.args[1], 'the UPO file'));
    const jwksSource = need(c.flags.jwks ?? c.env['PUESC_UPO_JWKS'], '--jwks <url|file>');
    const jwks = await loadJwks(/^https?:/i.test(jwksSource) ? jwksSource : resolvePath(c, jwksSource), c.io.fetch);
    const document = c.flags.document ? fs.readFileSync(resolvePath(c, c.flags.document)) : undefined;
    const r = await verifyUpo(fs.readFileSync(file, 'utf8'), { jwks, ...(document ? { document } : {}) });
    if (r.valid) {
      const u = r.upo;
      c.print(
        [
          `VALID: UPO ${u.upoId} is signed by the platform (key ${r.kid})`,
          `document  ${u.document.id} (${u.document.form}) SHA-256 ${u.document.sha256}`,
          r.document
            ? `          matches ${c.flags.document} (${r.document.size} bytes)`
            : '          (no --document given: the document bytes were not checked)',
          `received  ${u.receivedAtWarsaw} by ${u.authority.name}`,
          `submitter ${u.submitter.name ?? u.submitter.accountId}${u.onBehalfOf ? ` on behalf of ${u.onBehalfOf.name ?? u.onBehalfOf.companyId} (${u.onBehalfOf.eori ?? 'no EORI'})` : ''}`,
          `signature ${u.signature.method}, signed ${u.signature.signedAt}`,
        ].join('\n'),
        r,
      );
      return;
    }
    c.print(`INVALID (${r.reason}): ${r.detail}`, r);
    throw new VerificationFailed();
  }
  throw new UsageError('upo get <document-id> | upo verify <upo.json> --jwks <url|file> [--document FILE]');
}

class VerificationFailed extends Error {}

async function cmdJwks(c: Ctx) {
  const jwks = await c.client().seap.upoJwks();
  if (c.flags.out) {
    const file = writeOut(c, c.flags.out, `${JSON.stringify(jwks, null, 2)}\n`);
    c.print(`UPO JWKS (${jwks.keys.length} key(s)) saved to ${file}`, { file, ...jwks });
  } else c.io.stdout.write(`${JSON.stringify(jwks, null, 2)}\n`);
}

async function cmdCheck(c: Ctx) {
  const r = await c.client().registry.publicCheck(need(c.args[0], 'an EORI or NIP'));
  const line = r.problem
    ? `${r.query}: not a valid number (${r.problem.rule}: ${r.problem.reason})`
    : r.registered
      ? `${r.query}: registered, EORI ${r.eori} ${r.valid ? 'valid' : 'NOT valid'}${r.validTo ? ` (until ${r.validTo})` : ''}${r.name ? `, ${r.name}` : ''}`
      : `${r.query}: not registered`;
  c.print(line, r);
  // Scripts tell "not registered" apart without parsing the text (`check --exit-code`).
  if (c.flags['exit-code'] && !r.problem && !r.registered) throw new NotRegistered();
}

class NotRegistered extends Error {}

/** The lines of HELP about one command: its usage line(s) and their continuations. */
export function commandHelp(command: string): string | undefined {
  const lines = HELP.split('\n');
  const out: string[] = [];
  let inCommand = false;
  for (const line of lines) {
    if (/^ {2}\S/.test(line)) inCommand = line.slice(2).split(/\s/)[0] === command;
    else if (!/^ {3,}\S/.test(line)) inCommand = false;
    if (inCommand) out.push(line);
  }
  return out.length
    ? `Usage: puesc [global options] ${out.join('\n').trimStart()}\n\n(all commands, environment and exit codes: puesc --help)\n`
    : undefined;
}

/**
 * A session from an access token alone (`--token`, `PUESC_TOKEN`): scope, person and roles read
 * from its claims; it is never refreshed (no refresh token) nor saved, and the platform decides
 * whether it is still good (401 → exit 5).
 */
export function tokenSession(token: string): Session {
  let claims: Record<string, unknown> = {};
  try {
    claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    throw new UsageError('--token / PUESC_TOKEN is not a JWT');
  }
  const scope = String(claims['scope'] ?? '')
    .split(' ')
    .includes('extended')
    ? 'extended'
    : 'basic';
  return {
    accessToken: token,
    accessExpiresAt: Number.MAX_SAFE_INTEGER,
    refreshToken: '',
    refreshExpiresAt: '',
    scope,
    personId: typeof claims['pid'] === 'string' ? claims['pid'] : null,
    roles: (Array.isArray(claims['roles']) ? claims['roles'] : []) as Session['roles'],
  };
}

const COMMANDS: Record<string, (c: Ctx) => Promise<unknown>> = {
  register: cmdRegister,
  'verify-email': cmdVerifyEmail,
  login: cmdLogin,
  refresh: cmdRefresh,
  logout: cmdLogout,
  whoami: cmdWhoami,
  person: cmdPerson,
  scope: cmdScope,
  keygen: cmdKeygen,
  csr: cmdCsr,
  certificate: cmdCertificate,
  forms: cmdForms,
  drafts: cmdDrafts,
  documents: cmdDocuments,
  sign: cmdSign,
  send: cmdSend,
  upo: cmdUpo,
  jwks: cmdJwks,
  check: cmdCheck,
};

/** `--version`, `--help`, `<command> --help`, `help [command]`: the exit code, or undefined to run a command. */
function helpOrVersion(flags: Flags, command: string | undefined, args: string[], io: CliIo): number | undefined {
  if (flags.version) {
    io.stdout.write(`puesc ${VERSION}\n`);
    return EXIT.ok;
  }
  const about = command === 'help' ? args[0] : flags.help ? command : undefined;
  if (about && COMMANDS[about]) {
    io.stdout.write(commandHelp(about) ?? HELP);
    return EXIT.ok;
  }
  if (flags.help || command === 'help' || !command) {
    io.stdout.write(HELP);
    return command || flags.help ? EXIT.ok : EXIT.usage;
  }
  return undefined;
}

/** Runs one command; resolves to the exit code (never exits the process itself). */
export async function main(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
): Promise<number> {
  const env = io.env ?? process.env;
  const err = (s: string) => io.stderr.write(`puesc: ${s}\n`);
  let parsed: { values: Flags; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }) as unknown as {
      values: Flags;
      positionals: string[];
    };
  } catch (e) {
    err(`${(e as Error).message}\n(see puesc --help)`);
    return EXIT.usage;
  }
  const flags = parsed.values;
  const [command, ...args] = parsed.positionals;
  const early = helpOrVersion(flags, command, args, io);
  if (early !== undefined) return early;
  const run = COMMANDS[command ?? ''];
  if (!run) {
    err(`unknown command "${command}" (see puesc --help)`);
    return EXIT.usage;
  }
  const profile = new Profile(flags.home ? path.resolve(io.cwd ?? process.cwd(), flags.home) : defaultProfileDir(env));
  const baseUrl = flags.url ?? env['PUESC_URL'] ?? profile.loadConfig().baseUrl ?? 'http://localhost:3000';
  let client: PuescClient | undefined;
  const token = flags.token ?? (env['PUESC_TOKEN'] || undefined);
  const ctx: Ctx = {
    flags,
    args,
    io,
    env,
    cwd: io.cwd ?? process.cwd(),
    profile,
    baseUrl,
    client: () =>
      (client ??= new PuescClient({
        baseUrl,
        ...(io.fetch ? { fetch: io.fetch } : {}),
        session: token ? tokenSession(token) : profile.loadSession(),
        // A script's token is its own: never written into the profile.
        onSession: (s) => (token ? undefined : profile.saveSession(s)),
        headers: { 'user-agent': 'puesc-cli/0.1' },
      })),
    print: (human, json) => {
      io.stdout.write(flags.json ? `${JSON.stringify(json ?? { message: human }, null, 2)}\n` : `${human}\n`);
    },
    note: (s) => io.stderr.write(`${s}\n`),
  };
  try {
    await run(ctx);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof VerificationFailed) return EXIT.verificationFailed;
    if (e instanceof NotRegistered) return EXIT.notRegistered;
    if (e instanceof UsageError) {
      err(`${e.message} (see puesc --help)`);
      return EXIT.usage;
    }
    if (e instanceof ProblemError) {
      const hint =
        e.status === 401 ? ' — run `puesc login`' : e.retryAfter !== undefined ? ` — retry in ${e.retryAfter} s` : '';
      err(`${e.message}${hint}${e.requestId ? ` (request ${e.requestId})` : ''}`);
      if (flags.json) io.stdout.write(`${JSON.stringify({ problem: e.problem }, null, 2)}\n`);
      if (e.status === 401) return EXIT.authentication;
      if (e.status >= 500 || e.status === 429) return EXIT.unavailable;
      return EXIT.refused;
    }
    if (e instanceof TransportError) {
      err(`cannot reach the platform: ${e.message}`);
      return EXIT.unavailable;
    }
    if (e instanceof ProfileError) {
      err(e.message);
      return EXIT.localState;
    }
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      err((e as Error).message);
      return EXIT.usage;
    }
    if (e instanceof SyntaxError) {
      err(`not valid JSON: ${e.message}`);
      return EXIT.usage;
    }
    err(`unexpected error: ${(e as Error)?.stack ?? String(e)}`);
    return EXIT.internal;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`puesc: ${(e as Error)?.stack ?? e}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
