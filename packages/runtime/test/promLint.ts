/**
 * A reader of the Prometheus text format and the naming checks of `promtool check metrics`
 * (prometheus/util/promlint), for tests on machines without promtool.
 */
export interface Family {
  name: string;
  type: string;
  help?: string;
  labels: Set<string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function labelsOf(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (text ?? '').matchAll(LABEL)) out[m[1]!] = m[2]!;
  return out;
}

/** Families by name, with their type, help and the label names of their samples. */
export function familiesOf(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: 'untyped', labels: new Set() }));
    return f;
  };
  for (const line of text.split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') family(meta[2]!).type = meta[3]!;
      else family(meta[2]!).help = meta[3]!;
      continue;
    }
    const s = SAMPLE.exec(line);
    if (!s) continue;
    const base = [...families.keys()].find(
      (n) => s[1] === n || (/_(bucket|count|sum)$/.test(s[1]!) && s[1]!.replace(/_(bucket|count|sum)$/, '') === n),
    );
    for (const l of Object.keys(labelsOf(s[2]))) family(base ?? s[1]!).labels.add(l);
  }
  return families;
}

/** The value of the one sample of `name` whose labels are exactly `labels`. */
export function sampleOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  const values = text
    .split('\n')
    .map((l) => SAMPLE.exec(l))
    .filter((m): m is RegExpExecArray => !!m && m[1] === name)
    .filter((m) => JSON.stringify(Object.entries(labelsOf(m[2])).sort()) === want)
    .map((m) => Number(m[3]));
  if (values.length > 1) throw new Error(`${name} ${want}: ${values.length} samples`);
  return values[0];
}

const BASE_UNITS = ['amperes', 'bytes', 'celsius', 'grams', 'joules', 'kelvin', 'meters', 'metres', 'seconds', 'volts'];
const PREFIXES = [
  'pico',
  'nano',
  'micro',
  'milli',
  'centi',
  'deci',
  'deca',
  'hecto',
  'kilo',
  'mega',
  'giga',
  'tera',
  'peta',
];
const ABBREVIATIONS = ['s', 'ms', 'us', 'ns', 'sec', 'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'm', 'h', 'd'];
const TYPES = ['counter', 'gauge', 'histogram', 'summary'];
const CAMEL = /[a-z][A-Z]/;

/** What `promtool check metrics` would say, as `<name>: <problem>`. */
export function promtoolFindings(text: string): string[] {
  const out: string[] = [];
  for (const f of familiesOf(text).values()) {
    const say = (p: string) => out.push(`${f.name}: ${p}`);
    const tokens = f.name.split('_');
    if (!f.help) say('no help text');
    if (f.type === 'counter' && !f.name.endsWith('_total')) say('counter metrics should have "_total" suffix');
    if (f.type !== 'counter' && f.name.endsWith('_total')) say('non-counter metrics should not have "_total" suffix');
    if (!['histogram', 'summary'].includes(f.type))
      for (const r of ['_bucket', '_count', '_sum'])
        if (f.name.endsWith(r)) say(`non-histogram and non-summary metrics should not have "${r}" suffix`);
    for (const t of tokens) {
      for (const u of BASE_UNITS)
        for (const p of PREFIXES) if (t === p + u) say(`use base unit "${u}" instead of "${t}"`);
      if (ABBREVIATIONS.includes(t)) say('metric names should not contain abbreviated units');
      if (TYPES.includes(t)) say(`metric name should not include type '${t}'`);
    }
    if (f.name.includes(':')) say("metric names should not contain ':'");
    if (CAMEL.test(f.name)) say("metric names should be written in 'snake_case' not 'camelCase'");
    for (const l of f.labels) if (CAMEL.test(l)) say("label names should be written in 'snake_case' not 'camelCase'");
  }
  return out;
}
