// Days of the Europe/Warsaw calendar are @puesc/calendar's, under the names identity's rules read.
export { localDateOf as warsawDate, isLocalDate as isCalendarDate, addYears as anniversary } from '@puesc/calendar';
export * from './policy';
export * from './refusals';
export * from './passwords';
export * from './passwordPolicy';
export * from './throttle';
export * from './oneTimeCode';
export * from './accessTokens';
export * from './refreshTokens';
export * from './sessions';
export * from './versions';
export * from './idSisc';
export * from './accounts';
export * from './persons';
export * from './scope';
export * from './representations';
export * from './authorize';
export * from './legacy';
