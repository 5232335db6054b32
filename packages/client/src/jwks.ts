import fs from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import type { FetchLike } from './http';

/**
 * A JWKS from a URL (`https://…/.well-known/upo-jwks.json`) or a file saved earlier (offline).
 * Only public keys are accepted: a JWKS holding a private member (`d`) is refused.
 */
export async function loadJwks(
  source: string,
  fetchImpl: FetchLike | undefined = globalThis.fetch as FetchLike | undefined,
): Promise<JSONWebKeySet> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    if (!fetchImpl) throw new Error('no fetch implementation to download the JWKS');
    const res = await fetchImpl(source, { headers: { accept: 'application/jwk-set+json, application/json' } });
    if (!res.ok) throw new Error(`GET ${source}: HTTP ${res.status}`);
    text = await res.text();
  } else {
    text = fs.readFileSync(source.startsWith('file://') ? new URL(source) : source, 'utf8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not JSON`);
  }
  const keys = (parsed as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || !keys.length) throw new Error(`${source} is not a JWKS (no "keys")`);
  if (keys.some((k) => k && typeof k === 'object' && 'd' in k))
    throw new Error(`${source} holds a private key: use the published (public) JWKS`);
  return parsed as JSONWebKeySet;
}
