/**
 * What szprot takes from seap's stream: received documents addressed to szprot (WDEUS01, DDS0001,
 * WDWCO001) and deliveries of the documents szprot sent (DOC-07). Payloads are read tolerantly;
 * a malformed one is logged and skipped, never retried forever.
 */
import { compileSchema } from '@puesc/kernel';
import { subjectOf, type CloudEvent } from '@puesc/events';
import { deliveredReader, receivedReader, type DeliveredData, type ReceivedData } from '../contracts';
import type { SzprotDeps } from './deps';
import { recordDelivered } from './delivered';
import { intakeApplication } from './intake';
import { intakeAppeal, intakeCaseDocument } from './submissions';

export const SEAP_SUBJECTS = ['seap.document.received', 'seap.document.delivered'];

const checkReceived = compileSchema(receivedReader);
const checkDelivered = compileSchema(deliveredReader);

function onReceived(d: SzprotDeps, event: CloudEvent): Promise<void> | void {
  if (!checkReceived(event.data)) {
    d.logger.warn(
      { eventId: event.id, errors: checkReceived.errors },
      'szprot: malformed seap.document.received skipped',
    );
    return;
  }
  const data = event.data as unknown as ReceivedData;
  const route = data.routeTo ?? data.target;
  if (route && route !== 'szprot') return;
  if (data.form === 'WDEUS01') return intakeApplication(d, data);
  if (data.form === 'DDS0001') return intakeCaseDocument(d, data);
  if (data.form === 'WDWCO001') return intakeAppeal(d, data);
}

/** Handles one event of seap's stream. */
export async function onSeapEvent(d: SzprotDeps, event: CloudEvent): Promise<void> {
  const subject = subjectOf(event);
  if (subject === 'seap.document.received') return onReceived(d, event);
  if (subject === 'seap.document.delivered') {
    if (!checkDelivered(event.data)) {
      d.logger.warn({ eventId: event.id }, 'szprot: malformed seap.document.delivered skipped');
      return;
    }
    return recordDelivered(d, event.data as unknown as DeliveredData);
  }
}
