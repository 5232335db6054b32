/**
 * The distributed platform as it is deployed: every service its own `node dist/main.js` process
 * (`SERVICES=<name>`), the gateway too, over one NATS and one MongoDB. Each process can be killed
 * (SIGKILL: no drain at all; SIGTERM: the drain of main.ts) and started again on the same port.
 */
import fs from 'node:fs';
import path from 'node:path';
import { freePort, runMain, type RunningProcess } from '@puesc/testkit';

export interface ProcessInfo {
  name: string;
  port: number;
  run: RunningProcess | null;
  starts: number;
  /** Exit code or signal of every earlier run. */
  exits: string[];
}

export interface PlatformOptions {
  names: string[];
  natsUrl: string;
  mongoUrl: string;
  namespace: string;
  /** Environment common to every process (service settings). */
  env: Record<string, string>;
  /** Where each process's output is kept (`<name>.log`, every run appended). */
  logDir: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Platform {
  readonly procs = new Map<string, ProcessInfo>();

  constructor(readonly o: PlatformOptions) {}

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.procs.get('gateway')!.port}`;
  }

  async start(): Promise<void> {
    for (const name of this.o.names) {
      this.procs.set(name, { name, port: await freePort(), run: null, starts: 0, exits: [] });
    }
    // Services first, the gateway last (it would only answer 503 meanwhile, which is fine too).
    for (const name of this.o.names) this.spawn(name);
    await Promise.all(this.o.names.map((n) => this.waitReady(n, 60_000)));
  }

  private spawn(name: string): void {
    const p = this.procs.get(name)!;
    const run = runMain({
      ...this.o.env,
      SERVICES: name,
      NATS_URL: this.o.natsUrl,
      MONGO_URL: this.o.mongoUrl,
      NAMESPACE: this.o.namespace,
      MONGO_DB_PREFIX: `${this.o.namespace}-`,
      NODE_ID: `${this.o.namespace}-${name}-${p.starts + 1}`,
      PORT: String(p.port),
      HOST: '127.0.0.1',
    });
    p.run = run;
    p.starts++;
    const start = p.starts;
    void run.exited.then((code) => {
      const sig = run.child.signalCode;
      p.exits.push(sig ?? String(code));
      fs.appendFileSync(
        path.join(this.o.logDir, `${name}.log`),
        `---- run ${start} (exit ${sig ?? code})\n${run.output()}\n`,
      );
    });
  }

  /** Polls the process's /health/ready until 200. */
  async waitReady(name: string, timeoutMs = 30_000): Promise<void> {
    const p = this.procs.get(name)!;
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const run = p.run;
      if (run && (run.child.exitCode !== null || run.child.signalCode !== null))
        throw new Error(
          `${name} exited (${run.child.exitCode ?? run.child.signalCode}) while starting:\n${run.output().slice(-3000)}`,
        );
      try {
        const res = await fetch(`http://127.0.0.1:${p.port}/health/ready`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        /* not listening yet */
      }
      await sleep(100);
    }
    throw new Error(`${name} not ready after ${timeoutMs} ms:\n${p.run?.output().slice(-3000) ?? ''}`);
  }

  /** Sends `signal` and waits for the exit; returns the exit code (null when killed by a signal). */
  async kill(name: string, signal: NodeJS.Signals): Promise<number | null> {
    const p = this.procs.get(name)!;
    const run = p.run;
    if (!run) return null;
    p.run = null;
    if (run.child.exitCode !== null || run.child.signalCode !== null) return run.child.exitCode;
    run.child.kill(signal);
    const t = setTimeout(() => run.child.kill('SIGKILL'), 20_000);
    const code = await run.exited;
    clearTimeout(t);
    return code;
  }

  async restart(name: string): Promise<void> {
    this.spawn(name);
    await this.waitReady(name);
  }

  /** Every process must still be running (none crashed on its own). */
  crashed(): string[] {
    return [...this.procs.values()]
      .filter((p) => p.run && (p.run.child.exitCode !== null || p.run.child.signalCode !== null))
      .map((p) => `${p.name} (${p.run!.child.exitCode ?? p.run!.child.signalCode})`);
  }

  async stop(): Promise<void> {
    // The gateway first, then the services; SIGTERM drains.
    const order = ['gateway', ...this.o.names.filter((n) => n !== 'gateway')];
    for (const n of order) if (this.procs.has(n)) await this.kill(n, 'SIGTERM');
  }
}
