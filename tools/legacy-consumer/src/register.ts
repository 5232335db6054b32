import fs from 'node:fs';
import path from 'node:path';

/**
 * The legacy system's own copy of the register, kept in one JSON file. It knows nothing of the
 * platform's code: only the published event contract (CloudEvents, docs/asyncapi — the company
 * record at a revision in `data.company`).
 */

/** A company as the registry publishes it (`data.company` of every registry event). */
export interface CompanyRecord {
  id: string;
  revision: number;
  status: string;
  eori?: string;
  validFrom?: string;
  validTo?: string;
  data: Record<string, unknown> & { name?: string; nip?: string };
  [more: string]: unknown;
}

/** The CloudEvent fields this consumer reads. */
export interface RegistryEvent {
  id: string;
  type: string;
  subject?: string;
  time: string;
  data: { companyId?: string; revision?: number; company?: CompanyRecord };
  [extension: string]: unknown;
}

export type ApplyResult = 'applied' | 'stale' | 'duplicate' | 'ignored';

interface FileState {
  format: 1;
  /** Company id → the newest record seen. */
  companies: Record<string, CompanyRecord>;
  /** Every processed event id → the stream sequence it came with: the deduplication memory. */
  processed: Record<string, number>;
  /** Highest stream sequence processed (information only; the durable consumer is the cursor). */
  lastSeq: number;
}

export interface RegisterStats {
  applied: number;
  stale: number;
  duplicates: number;
  ignored: number;
}

/**
 * Applying is idempotent twice over: an event id seen before is skipped (LEG-02), and a record
 * older than the one held never replaces it (redeliveries may come out of order).
 */
export class LocalRegister {
  private state: FileState;
  readonly stats: RegisterStats = { applied: 0, stale: 0, duplicates: 0, ignored: 0 };

  private constructor(
    private readonly file: string,
    state: FileState,
  ) {
    this.state = state;
  }

  /** Opens (or creates) the register file. */
  static open(file: string): LocalRegister {
    let state: FileState = { format: 1, companies: {}, processed: {}, lastSeq: 0 };
    if (fs.existsSync(file)) {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as FileState;
      if (parsed.format !== 1) throw new Error(`${file}: unknown register format ${String(parsed.format)}`);
      state = parsed;
    }
    return new LocalRegister(file, state);
  }

  has(eventId: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.state.processed, eventId);
  }

  /** Applies one event in memory; `save()` makes it durable. */
  apply(event: RegistryEvent, seq: number): ApplyResult {
    if (this.has(event.id)) {
      this.stats.duplicates++;
      return 'duplicate';
    }
    this.state.processed[event.id] = seq;
    this.state.lastSeq = Math.max(this.state.lastSeq, seq);
    const company = event.data?.company;
    if (!company || typeof company.id !== 'string' || typeof company.revision !== 'number') {
      this.stats.ignored++;
      return 'ignored';
    }
    const held = this.state.companies[company.id];
    if (held && held.revision >= company.revision) {
      this.stats.stale++;
      return 'stale';
    }
    this.state.companies[company.id] = company;
    this.stats.applied++;
    return 'applied';
  }

  /** Writes the whole register atomically: a crash leaves the old file or the new one, never half. */
  save(): void {
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(this.state));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
  }

  companies(): CompanyRecord[] {
    return Object.values(this.state.companies).sort((a, b) => a.id.localeCompare(b.id));
  }

  get(id: string): CompanyRecord | undefined {
    return this.state.companies[id];
  }

  byEori(eori: string): CompanyRecord | undefined {
    return Object.values(this.state.companies).find((c) => c.eori === eori);
  }

  processedCount(): number {
    return Object.keys(this.state.processed).length;
  }

  get lastSeq(): number {
    return this.state.lastSeq;
  }
}
