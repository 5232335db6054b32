/**
 * @puesc/contracts: the words the services and the client kit share. Nothing here does I/O or
 * depends on another package: a service, the gateway, the client kit and the portal can all
 * import it.
 */
export * from './access';
export * from './caller';
export * from './mail';
export * from './forms';
export * as schemas from './schemas';
export * from './upo';
export * from './publicCheck';
export * from './documents';
export * from './company';
export * from './persons';
export * from './signatures';
export * from './peers';
export * from './events';
export * from './events/pki';
export * from './events/audit';
export * from './events/status';
