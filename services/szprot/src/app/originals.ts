/** EUP-19: the officer records the paper original of a statement attached as a scan only. */
import { valueOrThrow } from '@puesc/kernel';
import * as D from '../domain';
import type { PaperOriginalParams } from '../contracts';
import { caseView } from '../views';
import { assertOfficeOfCase, type OfficerActor } from './access';
import { loadCase } from './caseFile';
import type { SzprotDeps } from './deps';
import { plain, retrying, updateWithEvents } from './outbox';

export async function recordPaperOriginal(d: SzprotDeps, officer: OfficerActor, p: PaperOriginalParams) {
  const saved = await retrying(async () => {
    const doc = await loadCase(d, p.caseId);
    assertOfficeOfCase(officer, doc);
    const at = d.clock.now();
    const originals = valueOrThrow(
      D.recordPaperOriginal(doc.originals ?? [], p.attachmentId, p.receivedOn, D.actorLabel(officer), at),
    );
    return updateWithEvents(d, d.db.cases, { ...doc, originals: plain(originals), updatedAt: at.toISOString() }, []);
  });
  return caseView(saved, d.clock.now(), 'office');
}
