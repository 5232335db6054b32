/**
 * DL-01, DL-02, DL-03: Polish working days and periods in days, Europe/Warsaw. The one calendar of
 * the platform (@puesc/calendar), as the domain reads it.
 */
export * from '@puesc/calendar';
