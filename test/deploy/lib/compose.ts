/**
 * docker-compose.yml validation without Docker: the file is loaded the way Compose loads it
 * (YAML with anchors and merge keys, then `${VAR}` interpolation from the environment) and
 * validated against the official Compose JSON Schema (vendored in ../schemas, draft 2020-12)
 * with ajv, then checked for what a schema cannot express (references between services).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import YAML from 'yaml';

export const schemaPath = path.join(__dirname, '../schemas/compose-spec.json');
/** sha256 of JSON.stringify(JSON.parse(schema)) for compose-go v2.13.0 (see ../schemas/README.md). */
export const schemaDigest = '7aa341e4ee63c0058e7ff424581b56aacc7a0a6e5791060b74c70cc6ecc5046b';

export function canonicalSchemaDigest(): string {
  const json = JSON.stringify(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  return crypto.createHash('sha256').update(json).digest('hex');
}

let validator: ReturnType<Ajv2020['compile']> | undefined;
function compiled() {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    // compose-go registers a "duration" format (Go's time.ParseDuration).
    ajv.addFormat('duration', /^[-+]?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
    validator = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  }
  return validator;
}

/** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR?err}, $VAR, $$. */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    /\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (all, dollar, name, op, arg, bare) => {
      if (dollar === '$') return '$';
      const n = name ?? bare;
      const v = env[n];
      const unsetOrEmpty = v === undefined || v === '';
      switch (op) {
        case ':-':
          return unsetOrEmpty ? interpolate(arg ?? '', env) : v!;
        case '-':
          return v === undefined ? interpolate(arg ?? '', env) : v;
        case ':?':
          if (unsetOrEmpty) throw new Error(`required variable ${n} is missing: ${arg}`);
          return v!;
        case '?':
          if (v === undefined) throw new Error(`required variable ${n} is missing: ${arg}`);
          return v;
        case ':+':
          return unsetOrEmpty ? '' : interpolate(arg ?? '', env);
        case '+':
          return v === undefined ? '' : interpolate(arg ?? '', env);
        default:
          void all;
          return v ?? '';
      }
    },
  );
}

function interpolateAll(node: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((n) => interpolateAll(n, env));
  if (node && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, env)]));
  return node;
}

export type ComposeFile = { services: Record<string, any>; volumes?: Record<string, any>; [k: string]: any };

/** Loads a compose file as Compose does: YAML 1.2 + merge keys, then interpolation. */
export function loadCompose(text: string, env: Record<string, string | undefined> = {}): ComposeFile {
  const doc = YAML.parseDocument(text, { merge: true, uniqueKeys: true });
  if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join('\n'));
  return interpolateAll(doc.toJS({ maxAliasCount: 1000 }), env) as ComposeFile;
}

export function schemaErrors(model: unknown): string[] {
  const validate = compiled();
  if (validate(model)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
  );
}

/** What the schema cannot say: references between services, volumes and secrets resolve. */
export function referenceErrors(model: ComposeFile): string[] {
  const errs: string[] = [];
  const names = new Set(Object.keys(model.services ?? {}));
  const volumes = new Set(Object.keys(model.volumes ?? {}));
  for (const [name, s] of Object.entries(model.services ?? {})) {
    const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
    for (const d of deps) if (!names.has(d)) errs.push(`${name}: depends_on unknown service ${d}`);
    for (const [d, c] of Object.entries<any>(Array.isArray(s.depends_on) ? {} : (s.depends_on ?? {}))) {
      const target = model.services[d];
      if (c?.condition === 'service_healthy' && target && !target.healthcheck && !target.build)
        errs.push(`${name}: waits for ${d} to be healthy but ${d} has no healthcheck`);
    }
    for (const v of s.volumes ?? []) {
      const src = typeof v === 'string' ? v.split(':')[0] : v.source;
      const type = typeof v === 'string' ? (/^[./~]/.test(src) ? 'bind' : 'volume') : v.type;
      if (type === 'volume' && src && !volumes.has(src)) errs.push(`${name}: volume ${src} is not declared`);
    }
    if (!s.image && !s.build) errs.push(`${name}: neither image nor build`);
  }
  return errs;
}
