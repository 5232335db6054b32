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
/** What one `save()` adds: the records and event ids applied since the previous one. */
interface JournalEntry {
  companies: Record<string, CompanyRecord>;
  processed: Record<string, number>;
  lastSeq: number;
}

/**
 * Saves between two snapshots: each save appends one line to the journal (the cost of a batch, not
 * of the whole register), and the register is written whole again after this many.
 */
const SNAPSHOT_EVERY = 64;

export class LocalRegister {
  private state: FileState;
  readonly stats: RegisterStats = { applied: 0, stale: 0, duplicates: 0, ignored: 0 };
  /** Applied since the last save. */
  private pending: JournalEntry = { companies: {}, processed: {}, lastSeq: 0 };
  private journalLines = 0;

  private constructor(
    private readonly file: string,
    state: FileState,
    journalLines: number,
  ) {
    this.state = state;
    this.journalLines = journalLines;
  }

  /** Opens (or creates) the register: the snapshot file, then the journal's saves after it. */
  static open(file: string): LocalRegister {
    let state: FileState = { format: 1, companies: {}, processed: {}, lastSeq: 0 };
    if (fs.existsSync(file)) {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as FileState;
      if (parsed.format !== 1) throw new Error(`${file}: unknown register format ${String(parsed.format)}`);
      state = parsed;
    }
    let lines = 0;
    let torn = false;
    const journal = journalOf(file);
    if (fs.existsSync(journal)) {
      for (const line of fs.readFileSync(journal, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        let entry: JournalEntry;
        try {
          entry = JSON.parse(line) as JournalEntry;
        } catch {
          // A save torn by a crash: its messages were never acknowledged and come again.
          torn = true;
          break;
        }
        Object.assign(state.companies, entry.companies);
        Object.assign(state.processed, entry.processed);
        state.lastSeq = Math.max(state.lastSeq, entry.lastSeq);
        lines++;
      }
    }
    const r = new LocalRegister(file, state, lines);
    // Never append after a torn line (the next save would be unreadable): start a clean journal.
    if (torn) r.snapshot();
    return r;
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
    this.pending.processed[event.id] = seq;
    this.state.lastSeq = Math.max(this.state.lastSeq, seq);
    this.pending.lastSeq = this.state.lastSeq;
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
    this.pending.companies[company.id] = company;
    this.stats.applied++;
    return 'applied';
  }

  /**
   * Makes what was applied durable: one line appended to the journal and synced (a crash leaves the
   * line whole or torn, and a torn one is ignored on open: those messages were not acknowledged).
   * Every SNAPSHOT_EVERY saves the whole register is written atomically and the journal emptied, so
   * a long replay costs each batch its own size, not the register's (issue 14).
   */
  save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    if (this.journalLines + 1 >= SNAPSHOT_EVERY) {
      this.snapshot();
    } else {
      const fd = fs.openSync(journalOf(this.file), 'a');
      try {
        fs.writeSync(fd, `${JSON.stringify(this.pending)}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      this.journalLines++;
    }
    this.pending = { companies: {}, processed: {}, lastSeq: this.state.lastSeq };
  }

  /** Writes the whole register atomically (the old file or the new one, never half), then empties the journal. */
  private snapshot(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(this.state));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    // After the rename: a crash between the two replays journal lines already in the snapshot,
    // which changes nothing (the same records, the same ids).
    fs.rmSync(journalOf(this.file), { force: true });
    this.journalLines = 0;
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

const journalOf = (file: string): string => `${file}.journal`;
