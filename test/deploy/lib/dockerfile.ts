/**
 * A small Dockerfile reader (instructions with line continuations, JSON or shell form) and the
 * .dockerignore matcher of the Docker CLI (patterns anchored at the context root, `**`, `!`
 * exceptions, the last matching pattern wins, a matched directory excludes all below it).
 * Enough to check the Dockerfile's structure and to assemble the exact build context in tests.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Instruction {
  line: number;
  cmd: string;
  /** Raw arguments after the instruction name, continuations joined. */
  raw: string;
  /** Flags such as --from=build, --chown=..., --mount=... */
  flags: Record<string, string>;
  /** JSON form when the arguments are a JSON array. */
  json?: string[];
}

export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (/^\s*(#|$)/.test(line)) continue;
    const start = i + 1;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      line = line.replace(/\\\s*$/, ' ');
      i++;
      const next = lines[i]!;
      if (/^\s*#/.test(next)) continue;
      line += next;
    }
    const m = /^\s*([A-Za-z]+)\s+([\s\S]*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile line ${start}: cannot parse "${line.trim()}"`);
    let rest = m[2]!.trim();
    const flags: Record<string, string> = {};
    let f: RegExpExecArray | null;
    while ((f = /^--([a-z-]+)(?:=(\S+))?\s+/.exec(rest))) {
      flags[f[1]!] = f[2] ?? 'true';
      rest = rest.slice(f[0].length);
    }
    let json: string[] | undefined;
    if (rest.startsWith('[')) {
      try {
        json = JSON.parse(rest) as string[];
      } catch {
        json = undefined;
      }
    }
    out.push({ line: start, cmd: m[1]!.toUpperCase(), raw: rest, flags, ...(json ? { json } : {}) });
  }
  return out;
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

export function stagesOf(instrs: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const ins of instrs) {
    if (ins.cmd === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.raw);
      stages.push({ from: m?.[1] ?? ins.raw, name: m?.[2] ?? String(stages.length), instructions: [] });
    } else stages.at(-1)?.instructions.push(ins);
  }
  return stages;
}

// --------------------------------------------------------------------------------------------
// .dockerignore

interface Rule {
  re: RegExp;
  negate: boolean;
}

function toRegExp(pattern: string): RegExp {
  let p = path.posix.normalize(pattern.replace(/^\/+/, '')).replace(/\/+$/, '');
  if (p === '.') p = '';
  let re = '';
  const segs = p.split('/');
  segs.forEach((seg, i) => {
    const last = i === segs.length - 1;
    if (seg === '**') {
      re += last ? '.*' : '(?:.*/)?';
      return;
    }
    re +=
      seg
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]') + (last ? '' : '/');
  });
  return new RegExp(`^${re}$`);
}

export function dockerignore(text: string): ((rel: string) => boolean) & { hasExceptions: boolean } {
  const rules: Rule[] = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) =>
      l.startsWith('!') ? { re: toRegExp(l.slice(1).trim()), negate: true } : { re: toRegExp(l), negate: false },
    );
  /**
   * true = excluded from the build context. Like the Docker CLI: each pattern is tried against the
   * path and each of its parent directories; the last pattern that matches decides.
   */
  const fn = (rel: string) => {
    const parts = rel.split('/');
    const prefixes = parts.map((_, n) => parts.slice(0, n + 1).join('/'));
    let excluded = false;
    for (const r of rules) if (prefixes.some((p) => r.re.test(p))) excluded = !r.negate;
    return excluded;
  };
  fn.hasExceptions = rules.some((r) => r.negate);
  return fn;
}

/** Copies `root` into `dst` as `docker build` would send it (files not excluded by .dockerignore). */
export function copyBuildContext(root: string, dst: string): string[] {
  const excluded = dockerignore(
    fs.existsSync(path.join(root, '.dockerignore')) ? fs.readFileSync(path.join(root, '.dockerignore'), 'utf8') : '',
  );
  const copied: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        // an excluded directory is skipped unless a "!" exception may re-include something below
        if (!excluded(r) || excluded.hasExceptions) walk(r);
        continue;
      }
      if (excluded(r) || !e.isFile()) continue;
      fs.mkdirSync(path.dirname(path.join(dst, r)), { recursive: true });
      fs.copyFileSync(path.join(root, r), path.join(dst, r));
      copied.push(r);
    }
  };
  walk('');
  return copied;
}
