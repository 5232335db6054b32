/**
 * Assembles the container image's file system without a Docker engine, by following the
 * Dockerfile itself: the build context is cut by .dockerignore, every COPY is replayed, and the
 * RUN steps of the project's own stages (manifests, build, prod-deps: package-manager commands on
 * relative paths) are executed in a scratch folder standing for the stage's WORKDIR. RUN steps of
 * stages based on an outside image (installing pnpm, creating the user, removing npm) touch the
 * base image's system and are not replayed; their effect is checked statically instead.
 * The result is the runtime stage's WORKDIR (/app), ENV, USER, HEALTHCHECK and ENTRYPOINT.
 */
import { execFileSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { copyBuildContext, parseDockerfile, stagesOf, type Instruction } from './dockerfile';

export interface AssembledImage {
  /** Folder standing for the runtime stage's WORKDIR. */
  appDir: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  entrypoint: string[];
  healthcheck?: string[];
  /** Every RUN step that was replayed, with its stage. */
  replayed: { stage: string; run: string }[];
  skipped: { stage: string; run: string }[];
}

interface StageState {
  name: string;
  dir: string;
  workdir: string;
  env: Record<string, string>;
  local: boolean;
}

/** `K=V K2="V 2"` (ENV/LABEL syntax). */
export function parseAssignments(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z_][A-Za-z0-9_.-]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) out[m[1]!] = m[2]!.startsWith('"') ? JSON.parse(m[2]!) : m[2]!;
  return out;
}

const expand = (s: string, vars: Record<string, string>) =>
  s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a, b) => vars[a ?? b] ?? '');

export function assembleImage(opts: {
  repoRoot: string;
  workDir: string;
  /** Host folder standing for the pnpm store cache mount (/pnpm/store). */
  pnpmStore: string;
  log?: (s: string) => void;
}): AssembledImage {
  const { repoRoot, workDir } = opts;
  const instrs = parseDockerfile(fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
  const globalArgs: Record<string, string> = {};
  for (const i of instrs) {
    if (i.cmd === 'FROM') break;
    if (i.cmd === 'ARG') Object.assign(globalArgs, parseAssignments(i.raw));
  }
  const contextDir = path.join(workDir, 'context');
  copyBuildContext(repoRoot, contextDir);

  const stages: StageState[] = [];
  const replayed: AssembledImage['replayed'] = [];
  const skipped: AssembledImage['skipped'] = [];
  let final: (StageState & { user?: string; entrypoint?: string[]; healthcheck?: string[] }) | undefined;

  for (const [n, st] of stagesOf(instrs).entries()) {
    const from = expand(st.from, globalArgs);
    const parent = stages.find((s) => s.name === from);
    const dir = path.join(workDir, `stage-${n}-${st.name}`);
    fs.mkdirSync(dir, { recursive: true });
    if (parent) fs.cpSync(parent.dir, dir, { recursive: true, verbatimSymlinks: true });
    const state: StageState & { user?: string; entrypoint?: string[]; healthcheck?: string[] } = {
      name: st.name,
      dir,
      workdir: parent?.workdir ?? '/',
      env: { ...(parent?.env ?? {}) },
      local: Boolean(parent),
    };
    const args: Record<string, string> = {};
    const local = (p: string, stage: StageState) => {
      // absolute paths inside a stage map to its folder when under its WORKDIR
      const abs = path.posix.resolve(stage.workdir, p);
      const rel = path.posix.relative(stage.workdir, abs);
      if (rel.startsWith('..')) throw new Error(`${stage.name}: path ${p} is outside WORKDIR ${stage.workdir}`);
      return path.join(stage.dir, rel);
    };
    for (const i of st.instructions) {
      const raw = expand(i.raw, { ...globalArgs, ...args, ...state.env });
      switch (i.cmd) {
        case 'ARG':
          for (const name of Object.keys(parseAssignments(i.raw)).concat(i.raw.includes('=') ? [] : [i.raw.trim()]))
            args[name] = globalArgs[name] ?? parseAssignments(i.raw)[name] ?? '';
          break;
        case 'ENV':
          Object.assign(state.env, parseAssignments(raw));
          break;
        case 'WORKDIR':
          state.workdir = path.posix.resolve(state.workdir, raw);
          break;
        case 'COPY': {
          const parts = i.json ?? raw.split(/\s+/);
          const dest = parts.at(-1)!;
          const srcs = parts.slice(0, -1);
          const fromStage = i.flags['from'] ? stages.find((s) => s.name === i.flags['from']) : undefined;
          if (i.flags['from'] && !fromStage) throw new Error(`COPY --from=${i.flags['from']}: no such stage`);
          for (const src of srcs) {
            const srcPath = fromStage ? local(src, fromStage) : path.join(contextDir, src);
            const destPath = local(dest, state);
            if (!fs.existsSync(srcPath)) throw new Error(`line ${i.line}: COPY source ${src} does not exist`);
            if (fs.statSync(srcPath).isDirectory())
              fs.cpSync(srcPath, destPath, { recursive: true, verbatimSymlinks: true });
            else {
              fs.mkdirSync(dest.endsWith('/') ? destPath : path.dirname(destPath), { recursive: true });
              fs.copyFileSync(srcPath, dest.endsWith('/') ? path.join(destPath, path.basename(srcPath)) : destPath);
            }
          }
          break;
        }
        case 'RUN': {
          if (!state.local) {
            skipped.push({ stage: st.name, run: i.raw });
            break;
          }
          // replayed on this machine: only relative paths and the store cache mount are allowed
          const absolute = i.raw.match(/(?<![\w.$"-])\/[\w./-]+/g) ?? [];
          if (absolute.some((p) => !p.startsWith('/pnpm/store')))
            throw new Error(
              `line ${i.line}: refusing to replay a RUN step with absolute paths on this machine: ${absolute.join(' ')}`,
            );
          const env = { ...process.env, ...state.env, PNPM_STORE: opts.pnpmStore };
          const cmd = expand(i.raw, { ...globalArgs, ...args, ...state.env, PNPM_STORE: opts.pnpmStore });
          opts.log?.(`[${st.name}] RUN ${cmd}`);
          try {
            execSync(cmd, { cwd: dir, env, stdio: 'pipe', shell: '/bin/sh', timeout: 600_000, maxBuffer: 64 << 20 });
          } catch (e) {
            const x = e as { stdout?: Buffer; stderr?: Buffer; message: string };
            const out = `${x.stdout?.toString() ?? ''}${x.stderr?.toString() ?? ''}`.split('\n').slice(-40).join('\n');
            throw new Error(`Dockerfile line ${i.line} (stage ${st.name}) failed: RUN ${i.raw}\n${out}`);
          }
          replayed.push({ stage: st.name, run: i.raw });
          break;
        }
        case 'USER':
          state.user = raw;
          break;
        case 'ENTRYPOINT':
          state.entrypoint = i.json;
          break;
        case 'HEALTHCHECK': {
          const m = /CMD\s+(\[.*\])\s*$/.exec(i.raw);
          state.healthcheck = m ? (JSON.parse(m[1]!) as string[]) : undefined;
          break;
        }
        default:
          break;
      }
    }
    stages.push(state);
    final = state;
  }
  if (!final?.entrypoint) throw new Error('the final stage has no ENTRYPOINT in JSON form');
  return {
    appDir: final.dir,
    workdir: final.workdir,
    env: final.env,
    ...(final.user ? { user: final.user } : {}),
    entrypoint: final.entrypoint,
    ...(final.healthcheck ? { healthcheck: final.healthcheck } : {}),
    replayed,
    skipped,
  };
}

/** The pnpm store of this machine (the cache mount stands for it), so the replay works offline. */
export function hostPnpmStore(): string {
  return execFileSync('pnpm', ['store', 'path'], { encoding: 'utf8' }).trim();
}

/** Bare module specifiers the bundle loads at run time (third-party packages left external). */
export function externalRequires(bundle: string): string[] {
  const names = new Set<string>();
  for (const m of bundle.matchAll(/require\("([^"./][^"]*)"\)/g)) {
    const spec = m[1]!;
    if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!)) continue;
    names.add(spec);
  }
  return [...names].sort();
}

export type { Instruction };
