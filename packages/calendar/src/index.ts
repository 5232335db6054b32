export {
  type LocalDate,
  isLocalDate,
  parseLocalDate,
  formatLocalDate,
  daysInMonth,
  addDays,
  addMonths,
  addYears,
  daysBetween,
  dayOfWeek,
  isWeekend,
} from './localDate';
export {
  type Instant,
  type WallTime,
  ZONE,
  wallTimeOf,
  warsawOffsetMs,
  localDateOf,
  warsawInstant,
  startOfLocalDay,
  endOfLocalDay,
  formatWarsaw,
  parseInstant,
} from './warsaw';
export {
  type Holiday,
  easterSunday,
  polishHolidays,
  holidayOn,
  isHoliday,
  isWorkingDay,
  nextWorkingDay,
} from './holidays';
export { type Period, period, periodAfterDay, periodEnd, extendPeriod, isInTime, describeDeadline } from './periods';
