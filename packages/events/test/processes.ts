import { spawn } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');

export interface Fixture {
  /** Resolves with the first output line matching `re` (already printed or still to come). */
  waitFor(re: RegExp): Promise<RegExpMatchArray>;
  lines(): string[];
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Runs a TypeScript fixture in its own Node process (tsx; the repo root's tsconfig maps @puesc/*). */
export function runFixture(script: string, env: Record<string, string>): Fixture {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', script)], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let err = '';
  const waiters = new Set<() => void>();
  let buffer = '';
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    out.push(...parts);
    for (const w of waiters) w();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (c) => {
      code = c;
      for (const w of waiters) w();
      resolve(c);
    }),
  );
  return {
    exited,
    lines: () => [...out],
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const check = () => {
          for (const l of out) {
            const m = l.match(re);
            if (m) return (waiters.delete(check), resolve(m));
          }
          if (code !== undefined) {
            waiters.delete(check);
            reject(new Error(`${script} exited (${code}) before printing ${re}:\n${out.join('\n')}\n${err}`));
          }
        };
        waiters.add(check);
        check();
      }),
    stop: async () => {
      if (code === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
}
