import { v7 } from 'uuid';

/** Time-ordered unique id (UUIDv7): sortable, safe across replicas. */
export const newId = (): string => v7();
