export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** HTTP exposure of an action, read by the gateway from the service registry. */
export interface RestMeta {
  /** Absolute route, e.g. `POST /api/v1/companies/:id/approve`. Path params merge into params. */
  rest?: `${HttpMethod} /${string}`;
  /** `user` (default): a valid access token is required; `public`: none; `optional`: used if sent. */
  auth?: 'public' | 'user' | 'optional';
  openapi?: {
    summary: string;
    description?: string;
    tags?: string[];
    /** Success status, 200 by default (201 for creations). */
    status?: number;
    /** JSON Schema of the success body. */
    response?: object;
    /** Content type of a non-JSON success body. */
    produces?: string;
    examples?: Record<string, unknown>;
  };
  /**
   * A stricter per-client limit for this route (e.g. public login or registration), applied by
   * the gateway on top of its global limit: at most `max` requests per `timeWindow` (ms, or
   * a string such as `'1 minute'`) per client address.
   */
  rateLimit?: { max: number; timeWindow?: number | string };
  /**
   * `false`: the gateway never stores or replays this route's answers under an Idempotency-Key
   * (#18 item 8: answers holding secrets, such as tokens, and calls whose repetition must be seen,
   * such as a refresh token presented twice). Routes under /api/v1/auth/ never are, whatever they say.
   */
  idempotency?: false;
}

/**
 * An action may answer with this envelope to set status, headers or a binary body
 * (base64 so it crosses the JSON serializer intact).
 */
export interface HttpReply {
  $http: {
    status?: number;
    headers?: Record<string, string>;
    contentType?: string;
    base64?: string;
    body?: unknown;
  };
}

export const reply = (r: HttpReply['$http']): HttpReply => ({ $http: r });
