export * from './register';
export * from './consumer';
