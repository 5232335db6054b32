import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard), from node:crypto. The stored string carries
 * its own parameters and salt, so parameters can be raised later: a hash made with weaker
 * parameters still verifies and is flagged for rehashing at the next successful login.
 *
 * Format: `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt b64url>$<hash b64url>`
 */
export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  r: number;
  p: number;
  keyLength: number;
  saltLength: number;
}

const PREFIX = '$scrypt$';

function derive(
  password: string,
  salt: Buffer,
  p: Pick<ScryptParams, 'logN' | 'r' | 'p'>,
  keyLength: number,
): Promise<Buffer> {
  const N = 2 ** p.logN;
  // scrypt needs about 128 * N * r bytes; allow it explicitly (node's default cap is 32 MiB).
  const maxmem = 128 * N * p.r * (p.p + 1) + 1024 * 1024;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, { N, r: p.r, p: p.p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(params.saltLength);
  const key = await derive(password, salt, params, params.keyLength);
  return `${PREFIX}ln=${params.logN},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface Parsed {
  logN: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

export function parseHash(stored: string): Parsed | null {
  if (!stored.startsWith(PREFIX)) return null;
  const [params, salt, key] = stored.slice(PREFIX.length).split('$');
  const m = /^ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})$/.exec(params ?? '');
  if (!m || !salt || !key) return null;
  const parsed = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (parsed.logN < 1 || parsed.logN > 22 || parsed.r < 1 || parsed.p < 1) return null;
  return { ...parsed, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

export interface VerifyResult {
  ok: boolean;
  /** The hash used weaker parameters than the current policy: store a new one. */
  needsRehash: boolean;
}

/** Checks a password against a stored hash in constant time (for a given hash length). */
export async function verifyPassword(password: string, stored: string, current?: ScryptParams): Promise<VerifyResult> {
  const h = parseHash(stored);
  if (!h || h.key.length === 0) return { ok: false, needsRehash: false };
  const key = await derive(password, h.salt, h, h.key.length);
  const ok = key.length === h.key.length && timingSafeEqual(key, h.key);
  const needsRehash =
    ok &&
    !!current &&
    (h.logN < current.logN || h.r < current.r || h.p < current.p || h.key.length < current.keyLength);
  return { ok, needsRehash };
}

/**
 * A hash of a random secret with the current parameters. Login runs a verification against it
 * when the account does not exist, so an unknown e-mail costs the same time as a wrong password.
 */
export async function decoyHash(params: ScryptParams): Promise<string> {
  return hashPassword(randomBytes(24).toString('base64url'), params);
}
