import { tooMany } from '@puesc/kernel';
import { classifyQuery, publicAnswer, type Company, type PublicCheckAnswer } from '../domain';
import type { PublicCheckBatchParams, PublicCheckParams } from '../contracts';
import { companyOf } from '../store';
import type { Requester } from './access';
import type { RegistryDeps } from './deps';

/** REG-06 public check: anyone may ask whether an EORI or NIP is registered and valid. */

export async function checkNumber(d: RegistryDeps, req: Requester, p: PublicCheckParams): Promise<PublicCheckAnswer> {
  throttle(d, req, 1);
  return answer(d, p.number, d.clock.now());
}

export async function checkNumbers(
  d: RegistryDeps,
  req: Requester,
  p: PublicCheckBatchParams,
): Promise<{ results: PublicCheckAnswer[] }> {
  throttle(d, req, p.numbers.length);
  const at = d.clock.now();
  return { results: await Promise.all(p.numbers.map((n) => answer(d, n, at))) };
}

/** Each number checked counts against the client's allowance per minute. */
function throttle(d: RegistryDeps, req: Requester, n: number): void {
  if (!req.ip) return; // internal callers are not throttled; the gateway always sends the client address
  const wait = d.publicChecks.take(req.ip, n);
  if (wait) throw tooMany(`too many public checks from this address; retry in ${wait} s`, wait);
}

async function answer(d: RegistryDeps, query: string, at: Date): Promise<PublicCheckAnswer> {
  const q = classifyQuery(query);
  let c: Company | null = null;
  if (!('ok' in q)) {
    const doc = await d.store.companies.findOne(q.kind === 'eori' ? { eori: q.value } : { nipKey: q.value });
    c = doc ? companyOf(doc) : null;
  }
  return publicAnswer(query, q, c, at);
}
