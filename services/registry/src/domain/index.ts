export * from './types';
export * from './validate';
export * from './company';
export * from './publicCheck';
export * from './csv';
export * from './legacyImport';
export * from './time';
