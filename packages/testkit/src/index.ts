export * from './host';
export * from './infra';
export * from './processes';
