import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export type EnvType = 'string' | 'integer' | 'number' | 'boolean';

export interface EnvVar {
  type: EnvType;
  description: string;
  default?: string | number | boolean;
  required?: boolean;
  enum?: readonly (string | number)[];
  format?: 'uri' | 'email' | 'hostname';
  minimum?: number;
  maximum?: number;
  pattern?: string;
  /** Secret values are never echoed back in error messages. */
  secret?: boolean;
}

export type EnvSpec = Record<string, EnvVar>;

type ValueOf<V extends EnvVar> = V['type'] extends 'string' ? string : V['type'] extends 'boolean' ? boolean : number;

export type ConfigOf<S extends EnvSpec> = {
  [K in keyof S]: S[K] extends { required: true } | { default: unknown } ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });
addFormats(ajv);

/**
 * Reads and validates configuration from the environment. Every problem names the
 * variable, so a bad deployment stops at start-up with a message an operator can act on.
 */
export function loadConfig<S extends EnvSpec>(spec: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const properties: Record<string, object> = {};
  const required: string[] = [];
  const input: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(spec)) {
    const { description: _d, required: req, secret: _s, ...schema } = v;
    properties[name] = schema;
    if (req) required.push(name);
    const raw = env[name];
    if (raw !== undefined && raw !== '') input[name] = raw;
  }
  const validate = ajv.compile({ type: 'object', properties, required });
  if (validate(input)) return input as ConfigOf<S>;
  const problems = (validate.errors ?? []).map((e) => {
    const name = e.instancePath ? e.instancePath.slice(1) : String(e.params['missingProperty'] ?? '');
    const v = spec[name];
    if (e.keyword === 'required') return `${name} is required (${v?.description ?? ''})`;
    const shown = v?.secret ? '(hidden)' : JSON.stringify(env[name]);
    return `${name}=${shown} ${e.message ?? 'is invalid'}${v ? ` (${v.description})` : ''}`;
  });
  throw new ConfigError(problems);
}

/** Prints a ConfigError and exits with EX_CONFIG (78); rethrows anything else. */
export function exitOnConfigError(e: unknown): never {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(78);
  }
  throw e;
}
