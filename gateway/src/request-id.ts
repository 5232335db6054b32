import { newId } from '@puesc/kernel';

/** A sane client-chosen request id: 8..128 characters, letters, digits and `-_.:`. */
const SANE = /^[A-Za-z0-9._:-]{8,128}$/;

/** Honours a sane incoming `X-Request-Id`, otherwise makes a new one (UUIDv7). */
export function requestIdFrom(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v && SANE.test(v) ? v : newId();
}
