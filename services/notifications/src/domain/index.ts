export * from './templates';
export * from './intents';
export { normaliseEmail } from './payload';
export * from './accountMail';
export * from './documentArrived';
export * from './deadlineApproaching';
export * from './decode';
export * from './reminders';
export * from './retry';
export * from './mailDates';
export * from './links';
export * from './maintenance';
/** The transitions of a delivery and of a tracked deadline, read as `delivery.claim`, `deadline.track`. */
export * as delivery from './delivery';
export * as deadline from './deadline';
export { DELIVERY_STATES, type AttemptRecord, type Delivery, type DeliveryState } from './delivery';
export type { ReminderPolicy, ReminderRecord, TrackedDeadline } from './deadline';
export * from './vatStatementExpiring';
