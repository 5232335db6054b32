export * from './config';
export * from './host';
export * from './trackedStore';
export { startHealthServer } from './healthServer';
export { clockService, type ClockServiceOptions } from './clockService';
export { startConsumer, backoffMs, type RunningConsumer } from './consumers';
export { createSweep, type RunningSweep } from './sweeps';
export { createAuditTrail, type AuditTrail } from './audit';
export { auditRecordOf, looksLikePesel } from './auditRecord';
