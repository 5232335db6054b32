export * from './caller';
export * from './rest';
export * from './module';
