/** The message of anything thrown, for a log line or a delivery's last error. */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
