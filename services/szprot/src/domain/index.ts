/** The pure domain of the szprot service (end-use authorisations): no I/O, time always passed in. */
export * from './rules';
export * from './actor';
export * from './calendar';
export * from './deadline';
export * from './delivery';
export * from './events';
export * from './conditions';
export * from './representation';
export * from './guarantee';
export * from './permit';
export * from './toro';
export * from './caseMachine';
export * from './workQueue';
export * from './prefill';
export * from './canonicalJson';
export * from './records';
export * from './closure';
