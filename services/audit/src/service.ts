/**
 * The audit service (issue 18): keeps the access audit trail that every host records (an
 * `audit.access.recorded` event per audited call, consumed from the AUDIT stream: index.ts) and
 * lets auditors and companies' managers read it (AUD-01). Records are only appended (AUD-02).
 *
 * This is the Moleculer schema only: actions/ declare the API, app/ holds the workflows,
 * domain/ the rules.
 */
import type { ServiceSchema } from 'moleculer';
import type { ServiceDeps } from '@puesc/service';
import { recordActions } from './actions/records';
import { auditOf } from './app/deps';
import { registerAuditEventSchemas } from './contracts';

export function create(deps: ServiceDeps): ServiceSchema {
  registerAuditEventSchemas();
  const audit = auditOf(deps);
  return {
    name: 'audit',
    actions: { ...recordActions(audit) },
  };
}
