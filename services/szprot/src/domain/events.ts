/**
 * What the szprot domain reports happened. The shell stores these with the aggregate in one write
 * and the outbox publishes them as CloudEvents `puesc.<type>.v1` on the SZPROT stream.
 * `type` follows `<service>.<entity>.<fact>` (CONVENTIONS.md).
 */
import type { Instant } from './calendar';

export interface DomainEvent {
  type: `szprot.${string}.${string}`;
  at: Instant;
  caseId?: string;
  permitNumber?: string;
  data: Record<string, unknown>;
}
