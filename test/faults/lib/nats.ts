/**
 * A NATS server of the fault test's own (JetStream on, file storage in a temp dir), so that it can
 * be restarted without touching the shared one at 127.0.0.1:4222. A restart keeps the port and the
 * storage directory: streams, consumers and the publish dedup state survive, as in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@puesc/testkit';

const BINARIES = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server', '/usr/bin/nats-server'];

export function natsBinary(): string | undefined {
  const fromPath = (process.env['PATH'] ?? '').split(path.delimiter).map((d) => path.join(d, 'nats-server'));
  return [process.env['NATS_SERVER_BIN'], ...BINARIES, ...fromPath].find((c): c is string => {
    if (!c) return false;
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export class OwnNats {
  private child: ChildProcess | null = null;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-faults-nats-'));
  port = 0;
  restarts = 0;

  constructor(private readonly bin: string) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const log = fs.openSync(path.join(this.dir, 'server.log'), 'a');
    const child = spawn(
      this.bin,
      ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', path.join(this.dir, 'store')],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    this.child = child;
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    child.once('exit', () => process.removeListener('exit', kill));
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      if (child.exitCode !== null) throw new Error(`nats-server exited ${child.exitCode}: ${this.logTail()}`);
      if (await jetStreamUp(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`nats-server did not start: ${this.logTail()}`);
  }

  /** Stops the server (SIGTERM: a clean shutdown, as a rolling restart does). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(t);
  }

  async restart(downMs: number): Promise<void> {
    await this.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, downMs));
    await this.start();
    this.restarts++;
  }

  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  logTail(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'server.log'), 'utf8').trim().split('\n').slice(-3).join(' / ');
    } catch {
      return '(no log)';
    }
  }
}

/** True when the server greets with INFO saying JetStream is on. */
function jetStreamUp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let buf = '';
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(1000);
    s.on('data', (d) => {
      buf += d.toString('utf8');
      const i = buf.indexOf('\r\n');
      if (i < 0) return;
      const line = buf.slice(0, i);
      try {
        done(line.startsWith('INFO ') && (JSON.parse(line.slice(5)) as { jetstream?: boolean }).jetstream === true);
      } catch {
        done(false);
      }
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => done(false));
  });
}
