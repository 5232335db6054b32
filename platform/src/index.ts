export { serviceModules } from './modules';
export { main } from './main';
export * as demo from './demo';
