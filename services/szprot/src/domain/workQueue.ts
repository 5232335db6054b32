/**
 * The officer's work queue: the open cases of the officer's office, nearest legal deadline first,
 * with the time left. Officers of other offices see none of them (ID-10).
 */
import { sameOffice, type Actor } from './actor';
import { isOpenCase, type CaseStatus, type PermitCase } from './caseMachine';
import { effectiveDueAt, timeLeft, type Deadline, type TimeLeft } from './deadline';

export interface QueueItem {
  caseId: string;
  status: CaseStatus;
  applicant: PermitCase['applicant'];
  kind: PermitCase['kind'];
  /** The nearest open deadline, whoever must act on it. */
  next: { id: string; rule: Deadline['rule']; kind: Deadline['kind']; owner: Deadline['owner']; left: TimeLeft } | null;
  /** True when the nearest deadline is the office's own. */
  officeMustAct: boolean;
}

export function workQueue(cases: readonly PermitCase[], officer: Actor, now: Date): QueueItem[] {
  if (officer.kind !== 'officer') return [];
  const items = cases
    .filter((c) => sameOffice(c.office, officer.office) && isOpenCase(c, now))
    .map((c): QueueItem & { due: number } => {
      const open = c.deadlines
        .filter((d) => d.state === 'running' || d.state === 'paused')
        .map((d) => ({ d, due: Date.parse(effectiveDueAt(d, now)) }))
        .sort((a, b) => a.due - b.due);
      const first = open[0];
      return {
        caseId: c.id,
        status: c.status,
        applicant: c.applicant,
        kind: c.kind,
        next: first
          ? {
              id: first.d.id,
              rule: first.d.rule,
              kind: first.d.kind,
              owner: first.d.owner,
              left: timeLeft(first.d, now),
            }
          : null,
        officeMustAct: first?.d.owner === 'office',
        due: first ? first.due : Number.POSITIVE_INFINITY,
      };
    });
  items.sort((a, b) => a.due - b.due || (a.caseId < b.caseId ? -1 : 1));
  return items.map(({ due: _due, ...item }) => item);
}
