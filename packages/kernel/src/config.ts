import fs from 'node:fs';
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
  /**
   * Secret values are never echoed back in error messages, and may be given as `<NAME>_FILE`
   * instead: the path of a file holding the value (a mounted container secret). A spec that
   * declares `<NAME>_FILE` itself reads that file on its own.
   */
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

/** The variable that names a file holding the secret `name`, if the spec leaves it to loadConfig. */
const fileVariable = (name: string, v: EnvVar, spec: EnvSpec): string | undefined =>
  v.secret && !(`${name}_FILE` in spec) ? `${name}_FILE` : undefined;

const given = (raw: string | undefined): raw is string => raw !== undefined && raw !== '';

/**
 * A secret given as `<NAME>_FILE`: the file's content without its trailing line breaks (files
 * written by editors and `echo` end with one). Never both the variable and its file.
 */
function secretFromFile(name: string, fileVar: string, env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  const path = env[fileVar];
  if (!given(path)) return undefined;
  if (given(env[name])) {
    problems.push(`${name} and ${fileVar} are both set; use one`);
    return undefined;
  }
  let content: string;
  try {
    content = fs.readFileSync(path, 'utf8');
  } catch (e) {
    problems.push(`${fileVar}=${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  const value = content.replace(/[\r\n]+$/, '');
  if (value === '') problems.push(`${fileVar}=${path} is empty (it should hold ${name})`);
  return value === '' ? undefined : value;
}

/**
 * Reads and validates configuration from the environment. Every problem names the
 * variable, so a bad deployment stops at start-up with a message an operator can act on.
 */
export function loadConfig<S extends EnvSpec>(spec: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const properties: Record<string, object> = {};
  const required: string[] = [];
  const input: Record<string, unknown> = {};
  const problems: string[] = [];
  const fromFile = new Set<string>();
  for (const [name, v] of Object.entries(spec)) {
    const { description: _d, required: req, secret: _s, ...schema } = v;
    properties[name] = schema;
    if (req) required.push(name);
    const fileVar = fileVariable(name, v, spec);
    const secret = fileVar ? secretFromFile(name, fileVar, env, problems) : undefined;
    if (secret !== undefined) fromFile.add(name);
    const raw = secret ?? env[name];
    if (given(raw)) input[name] = raw;
  }
  const validate = ajv.compile({ type: 'object', properties, required });
  if (validate(input) && !problems.length) return input as ConfigOf<S>;
  for (const e of validate.errors ?? []) {
    const name = e.instancePath ? e.instancePath.slice(1) : String(e.params['missingProperty'] ?? '');
    const v = spec[name];
    const fileVar = v && fileVariable(name, v, spec);
    if (e.keyword === 'required') {
      // a file that could not be read is already reported
      if (!problems.some((p) => fileVar && p.startsWith(fileVar)))
        problems.push(`${name} is required (${v?.description ?? ''})${fileVar ? `; or set ${fileVar}` : ''}`);
      continue;
    }
    const shown = v?.secret ? '(hidden)' : JSON.stringify(env[name]);
    const source = fromFile.has(name) ? ` (from ${fileVar})` : '';
    problems.push(`${name}${source}=${shown} ${e.message ?? 'is invalid'}${v ? ` (${v.description})` : ''}`);
  }
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
