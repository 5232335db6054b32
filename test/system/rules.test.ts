/**
 * docs/rules.md: the rules this repository implements (the ids of DOMAIN.md), each with its
 * statement, where the code decides it and which tests prove it, kept in step with the code:
 * every id in the file is named in some test and in some source file, and every id a test names
 * is in the file. Regenerate after adding a rule or its test:
 *   UPDATE_RULES=1 npx jest --selectProjects system --testPathPattern test/system/rules && npx prettier --write docs/rules.md
 * (the statements are read from DOMAIN.md, given as DOMAIN_MD or ../shared/DOMAIN.md).
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.join(ROOT, 'docs/rules.md');
const ID = /\b(?:ID|REG|PKI|DOC|EUP|DL|NOT|LEG)-\d{2}\b/g;
const SKIP = new Set(['node_modules', 'dist', '.git', '.data', 'coverage']);

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

const TREES = ['packages', 'services', 'gateway', 'platform', 'web', 'test', 'tools'].map((t) => path.join(ROOT, t));
const files = TREES.filter((t) => fs.existsSync(t)).flatMap((t) => walk(t));
const isTest = (f: string) => /\.test\.tsx?$/.test(f);

/** Ids named in test titles (it/test/describe strings) by file. */
function idsInTestNames(): Map<string, Set<string>> {
  const by = new Map<string, Set<string>>();
  for (const f of files.filter(isTest)) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\b(?:it|test|describe)(?:\.each\([^)]*\))?\(\s*(['"`])((?:(?!\1).)*)\1/g))
      for (const id of m[2]!.match(ID) ?? []) (by.get(id) ?? by.set(id, new Set()).get(id)!).add(f);
  }
  return by;
}

function idsInSources(): Map<string, Set<string>> {
  const by = new Map<string, Set<string>>();
  for (const f of files.filter((x) => !isTest(x) && !x.includes(`${path.sep}test${path.sep}`))) {
    for (const id of fs.readFileSync(f, 'utf8').match(ID) ?? []) (by.get(id) ?? by.set(id, new Set()).get(id)!).add(f);
  }
  return by;
}

/** `ID-01` → its one-line statement in DOMAIN.md (the first sentence). */
function statements(domain: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of domain.split('\n')) {
    const m = /^- ((?:ID|REG|PKI|DOC|EUP|DL|NOT|LEG)-\d{2}) (.+)$/.exec(line.trim());
    if (!m) continue;
    const first = m[2]!.replace(/\*\*/g, '').replace(/\|/g, '/');
    const sentence = /^(.*?\.)(\s|$)/.exec(first)?.[1] ?? first;
    out.set(m[1]!, sentence.length > 220 ? `${sentence.slice(0, 217)}...` : sentence);
  }
  return out;
}

const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');
const where = (set: Set<string> | undefined, max = 3) => {
  const list = [...(set ?? [])].map(rel).sort();
  return list.length
    ? list
        .slice(0, max)
        .map((f) => `\`${f}\``)
        .join(', ') + (list.length > max ? ` (+${list.length - max})` : '')
    : '—';
};

function generate(domain: string): string {
  const tests = idsInTestNames();
  const code = idsInSources();
  const rows = [...statements(domain)].map(
    ([id, s]) => `| ${id} | ${s} | ${where(code.get(id))} | ${where(tests.get(id))} |`,
  );
  return [
    '# The rules this repository implements',
    '',
    'Every rule id of the platform\'s domain (the ids tests, problems and comments name, e.g. `rule: "REG-03"`),',
    'with its statement, the source files that name it (where it is decided) and the tests whose names carry it',
    '(the proof). Generated and kept in step by `test/system/rules.test.ts`: a rule without a test fails it,',
    'and so does a test naming an id this file lacks. Legal sources are named in the statements (UCC, DA, IA).',
    '',
    '| Rule | Statement | Implemented in | Tested by |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

const listed = (text: string) =>
  [...text.matchAll(/^\| ((?:ID|REG|PKI|DOC|EUP|DL|NOT|LEG)-\d{2}) \|/gm)].map((m) => m[1]!);

describe('docs/rules.md', () => {
  if (process.env['UPDATE_RULES']) {
    const domain = process.env['DOMAIN_MD'] ?? path.join(ROOT, '../shared/DOMAIN.md');
    fs.writeFileSync(FILE, generate(fs.readFileSync(domain, 'utf8')));
  }
  const text = fs.readFileSync(FILE, 'utf8');
  const ids = listed(text);
  const tests = idsInTestNames();

  it('lists rules, each once, with a statement', () => {
    expect(ids.length).toBeGreaterThan(50);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of text.split('\n').filter((l) => /^\| [A-Z]+-\d{2} \|/.test(l)))
      expect(row.split('|')[2]!.trim().length).toBeGreaterThan(10);
  });

  it('every rule in docs/rules.md is named in the title of some test', () => {
    expect(ids.filter((id) => !tests.has(id))).toEqual([]);
  });

  it('every rule id a test names is in docs/rules.md', () => {
    expect([...tests.keys()].filter((id) => !ids.includes(id)).sort()).toEqual([]);
  });
});
