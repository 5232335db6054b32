/**
 * What the clients saw over HTTP during the fault test: every answer's status, whether each 503
 * carried Retry-After, every 5xx other than 503 (with its problem document), transport failures.
 */
import type { FetchLike } from '@puesc/client';

export interface Unexpected {
  at: string;
  method: string;
  path: string;
  status: number;
  body: string;
}

export class HttpStats {
  readonly byStatus = new Map<number, number>();
  requests = 0;
  transportErrors = 0;
  s503 = 0;
  s503WithRetryAfter = 0;
  /** 5xx other than 503: each one is a failure of the test. */
  readonly unexpected5xx: Unexpected[] = [];
  /** 503s by the route that answered them (which service was missing). */
  readonly s503ByPath = new Map<string, number>();
  /** 4xx answers by status and route (refusals the clients had to handle). */
  readonly s4xxByPath = new Map<string, number>();

  /** A fetch that counts what passes through it. */
  fetch(): FetchLike {
    return async (input, init) => {
      this.requests++;
      let res: Response;
      try {
        res = await fetch(input, init);
      } catch (e) {
        this.transportErrors++;
        throw e;
      }
      const status = res.status;
      this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
      const method = init?.method ?? 'GET';
      const url = new URL(input);
      const route = `${method} ${url.pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/g, ':id')}`;
      if (status === 503) {
        this.s503++;
        if (res.headers.get('retry-after')) this.s503WithRetryAfter++;
        this.s503ByPath.set(route, (this.s503ByPath.get(route) ?? 0) + 1);
      } else if (status >= 400 && status < 500) {
        const k = `${status} ${route}`;
        this.s4xxByPath.set(k, (this.s4xxByPath.get(k) ?? 0) + 1);
      } else if (status >= 500) {
        const body = await res.clone().text();
        this.unexpected5xx.push({
          at: new Date().toISOString(),
          method,
          path: url.pathname,
          status,
          body: body.slice(0, 600),
        });
      }
      return res;
    };
  }

  summary(): Record<string, unknown> {
    return {
      requests: this.requests,
      byStatus: Object.fromEntries([...this.byStatus].sort((a, b) => a[0] - b[0])),
      transportErrors: this.transportErrors,
      s503: this.s503,
      s503WithRetryAfter: this.s503WithRetryAfter,
      s503ByRoute: Object.fromEntries(this.s503ByPath),
      s4xxByRoute: Object.fromEntries(this.s4xxByPath),
      unexpected5xx: this.unexpected5xx.length,
    };
  }
}
