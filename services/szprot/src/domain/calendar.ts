/**
 * DL-01, DL-02, DL-03: Polish working days and periods in days, Europe/Warsaw. The one calendar of
 * the platform (@puesc/calendar), named here as the domain reads it.
 */
export {
  type LocalDate,
  type Instant,
  type Holiday,
  type Period,
  ZONE,
  isLocalDate,
  addDays,
  daysBetween,
  addMonths,
  addYears,
  dayOfWeek,
  isWeekend,
  warsawOffsetMs,
  localDateOf,
  warsawInstant,
  startOfLocalDay,
  endOfLocalDay,
  easterSunday,
  polishHolidays,
  holidayOn,
  isHoliday,
  isWorkingDay,
  nextWorkingDay,
  period,
  periodEnd,
  isInTime,
  describeDeadline,
} from '@puesc/calendar';
