export * from './config';
export * from './host';
export * from './trackedStore';
export { startHealthServer } from './healthServer';
export { clockService } from './clockService';
