export * from './templates';
export * from './intents';
export * from './reminders';
export * from './retry';
export * from './time';
