import { warsawInstant } from '../src';

/** A Warsaw wall time written as `YYYY-MM-DD[ HH:mm[:ss[.sss]]]`, as an instant. */
export function w(local: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?)?$/.exec(local);
  if (!m) throw new Error(`bad local time ${local}`);
  return warsawInstant(m[1]!, Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0), Number(m[5] ?? 0));
}
