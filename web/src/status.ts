/**
 * The platform's service status (DOC-10) as the portal shows it: the status page and the banner
 * every page carries while a service is down or maintenance is announced. Read once per
 * page load of the layout, without login; a failure to read it shows nothing (the pages
 * themselves show their own errors).
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from './api/http';
import { lang } from './i18n';

export interface StatusReason {
  pl: string;
  en?: string;
}
export interface StatusUnavailable {
  service: string;
  kind: 'maintenance' | 'outage';
  noticeId: string;
  since: string;
  until: string | null;
  retryAfterSeconds: number;
  reason: StatusReason;
}
export interface StatusNotice {
  id: string;
  kind: 'maintenance' | 'outage';
  services: string[];
  from: string;
  until: string | null;
  reason: StatusReason;
  phase: string;
}
export interface StatusAnswer {
  at: string;
  available: boolean;
  unavailable: StatusUnavailable[];
  upcoming: StatusNotice[];
}

export const reasonOf = (r: StatusReason): string => (lang.get() === 'en' && r.en ? r.en : r.pl);

/** The status for the banner; undefined until read or when it cannot be read. */
export function useServiceStatus(): StatusAnswer | undefined {
  const [s, setS] = useState<StatusAnswer>();
  useEffect(() => {
    let live = true;
    api.get<'/api/v1/status', StatusAnswer>('/api/v1/status', { anonymous: true }).then(
      (x) => live && setS(x),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return s;
}
