/**
 * ID-11 and issue 18 items 3, 8 and 14 from outside: a client's access token after logout, password
 * change and closure; auth answers sent again with an Idempotency-Key; /metrics on the public port.
 */
import { send, type Answer } from './probe';
import { sleep } from './seed';

/** The same request until `done` says so or 10 s pass; the last answer either way (the caller asserts on it). */
export async function answerOnceSettled(call: () => Promise<Answer>, done: (a: Answer) => boolean): Promise<Answer> {
  const end = Date.now() + 10_000;
  for (;;) {
    const a = await call();
    if (done(a) || Date.now() > end) return a;
    await sleep(100);
  }
}

/** A call from the sessions' own source address. */
export const as = (baseUrl: string, token: string | undefined, method: string, path: string, body?: unknown) =>
  send({ method, url: `${baseUrl}${path}`, body }, token, '127.0.0.30');

/** POST an auth route with an Idempotency-Key. */
export const withKey = (baseUrl: string, path: string, body: unknown, key: string) =>
  send({ method: 'POST', url: `${baseUrl}${path}`, body }, undefined, '127.0.0.31', { 'idempotency-key': key });

/** The next whole second: a login after an end of every session must not share its second (whole-second iat). */
export const nextSecond = () => sleep(1100 - (Date.now() % 1000));
