export * from './errors';
export * from './config';
export * from './logger';
export * from './clock';
export * from './ids';
export * from './validation';
export * from './broker';
