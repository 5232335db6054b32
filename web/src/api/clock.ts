import { api } from './http';
import type { Clock } from './types';

/** The platform's clock (demo mode can move it): signing times and "today" come from it. */
export const platformClock = (): Promise<Clock> =>
  api.get<'/api/v1/system/clock', Clock>('/api/v1/system/clock', { anonymous: true });

/** Seconds since the epoch by the platform's clock (the `iat` of a signature). */
export const platformSeconds = async (): Promise<number> => Math.floor(Date.parse((await platformClock()).now) / 1000);
