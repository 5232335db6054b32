export { createGateway, DEFAULT_BODY_LIMIT, type GatewayDeps, type GatewayOptions } from './gateway';
export { DEFAULT_OPERATOR_PORT, createOperatorServer } from './operator';
export type { SessionEventSource } from './sessionFeed';
export { localJwks, remoteJwks, actionJwks, type KeySource, type ActionJwksOptions } from './keys';
export { createTokenVerifier, callerFromClaims, PLATFORM_TOKENS, type TokenOptions } from './auth';
export { toProblem, PROBLEM_JSON, type Problem, type ProblemReply } from './problem';
export { buildOpenApi, type OpenApiInfo } from './openapi';
export {
  readRoutes,
  RouteTable,
  parseMultipart,
  DEFAULT_MULTIPART_MAX_FILE_SIZE,
  type RouteDef,
  type MultipartSpec,
} from './routes';
export type { MultipartCallMeta } from './multipart';
export { readiness, type Readiness } from './health';
export { idempotencySpec, IdempotencyKeys, type IdempotencyRecord, type IdempotencyOptions } from './idempotency';
export { requestIdFrom } from './request-id';
