export * from './result';
export * from './nip';
export * from './regon';
export * from './pesel';
export * from './krs';
export * from './eori';
export * from './countries';
