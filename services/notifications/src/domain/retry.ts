/**
 * The send retry policy: exponential backoff between attempts, a fixed number of attempts, then a
 * recorded failure. Pure.
 */
export interface RetryPolicy {
  /** Attempts in all (the first included). */
  maxAttempts: number;
  /** Wait after the first failed attempt, ms; doubled after each further one. */
  baseMs: number;
  /** Upper bound of one wait, ms. */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 60_000, maxMs: 3_600_000 };

/** Wait after failed attempt number `attempt` (1-based): base · 2^(attempt−1), capped. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const n = Math.max(1, Math.floor(attempt));
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 30));
}

export type AfterFailure = { next: 'retry'; at: Date } | { next: 'fail' };

/** What follows a failed attempt `attempt` at `now`: another attempt later, or the recorded failure. */
export function afterFailure(policy: RetryPolicy, attempt: number, now: Date, permanent = false): AfterFailure {
  if (permanent || attempt >= policy.maxAttempts) return { next: 'fail' };
  return { next: 'retry', at: new Date(now.getTime() + backoffMs(policy, attempt)) };
}

/** The parts of a send error worth keeping in the delivery log (never the message body). */
export interface SendError {
  message: string;
  /** nodemailer's code: ECONNECTION, ETIMEDOUT, EENVELOPE, EMESSAGE, EAUTH, ... */
  code?: string;
  /** SMTP reply code, e.g. 451 or 550. */
  responseCode?: number;
}

export function sendErrorOf(e: unknown): SendError {
  const err = (e ?? {}) as { message?: unknown; code?: unknown; responseCode?: unknown; response?: unknown };
  const raw = typeof err.response === 'string' && err.response ? err.response : String(err.message ?? e);
  const message =
    raw
      .replace(/[\r\n]+/g, ' ')
      .trim()
      .slice(0, 500) || 'unknown error';
  return {
    message,
    ...(typeof err.code === 'string' ? { code: err.code } : {}),
    ...(typeof err.responseCode === 'number' ? { responseCode: err.responseCode } : {}),
  };
}

export const describeSendError = (e: SendError): string =>
  [e.responseCode, e.code, e.message].filter((x) => x !== undefined && x !== '').join(' ');
