import { ServiceBroker, type BrokerOptions, type Middleware } from 'moleculer';
import { compileSchema, fieldProblems } from './validation';
import { invalid } from './errors';
import { loggerOptions } from './logger';

export interface BrokerSettings {
  nodeID?: string;
  /** Isolates brokers sharing one NATS (tests use a unique namespace each). */
  namespace?: string;
  natsUrl?: string;
  logLevel?: string;
  requestTimeout?: number;
  /** Extra broker options merged last. */
  options?: Partial<BrokerOptions>;
}

/** Validates every action's params against its JSON Schema, in the service that owns the action. */
export const paramsValidation: Middleware = {
  name: 'ParamsValidation',
  localAction(handler: (ctx: any) => Promise<unknown>, action: any) {
    const schema = action.params;
    if (!schema || typeof schema !== 'object') return handler;
    const check = compileSchema(schema);
    return function validateParams(ctx: any) {
      if (!check(ctx.params ?? {})) return Promise.reject(invalid(fieldProblems(check.errors)));
      return handler(ctx);
    };
  },
} as unknown as Middleware;

export function createBroker(s: BrokerSettings = {}): ServiceBroker {
  const opts = loggerOptions(s.logLevel);
  return new ServiceBroker({
    nodeID: s.nodeID,
    namespace: s.namespace ?? process.env['NAMESPACE'] ?? '',
    transporter: s.natsUrl ? { type: 'NATS', options: { url: s.natsUrl, maxReconnectAttempts: -1 } } : undefined,
    serializer: 'JSON',
    validator: false,
    requestTimeout: s.requestTimeout ?? 15_000,
    retryPolicy: { enabled: false },
    heartbeatInterval: 2,
    heartbeatTimeout: 6,
    logger: {
      type: 'Pino',
      options: { level: opts.level as 'info', pino: { options: { redact: opts.redact } } },
    },
    middlewares: [paramsValidation],
    ...s.options,
  });
}
