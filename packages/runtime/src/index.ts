export * from './config';
export * from './host';
export * from './trackedStore';
export { serviceModules } from './modules';
