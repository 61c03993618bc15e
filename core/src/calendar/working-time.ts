import { addDays, isWeekend, type LocalDate } from './holidays.ts';

/** Asia/Ho_Chi_Minh: UTC+7 all year (Vietnam keeps no daylight saving time). */
const OFFSET_MS = 7 * 3_600_000;
const MINUTE = 60_000;

/**
 * The date of an instant in Đà Nẵng (Asia/Ho_Chi_Minh), `YYYY-MM-DD`: the one way the platform
 * says "today" (`localDate(clock())`) or the day something happened.
 */
export const localDate = (instant: Date): LocalDate => new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** The year of an instant in Đà Nẵng. */
export const localYear = (instant: Date) => Number(localDate(instant).slice(0, 4));

/** 00:00 of a local date in Đà Nẵng, as an instant. */
export const localMidnight = (date: LocalDate): Date => new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS);

/** An instant as local time in Đà Nẵng, `YYYY-MM-DD HH:MM`, as notices show it. */
export const formatLocalTime = (instant: Date) => new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/** A working shift, in minutes after local midnight. */
export interface Shift {
  start: number;
  end: number;
}

/** Reads shifts written `07:30-11:30,13:30-17:00`; throws on overlap, disorder or bad times. */
export function parseShifts(text: string): Shift[] {
  const shifts = text.split(',').map((part) => {
    const match = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
    if (!match) throw new Error(`"${part}" is not a shift written HH:MM-HH:MM`);
    const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
    if (h1 > 23 || m1 > 59 || m2 > 59 || h2 * 60 + m2 > 24 * 60) throw new Error(`"${part}" is not a time of day`);
    return { start: h1 * 60 + m1, end: h2 * 60 + m2 };
  });
  shifts.forEach((s, i) => {
    if (s.end <= s.start) throw new Error(`shift ${i + 1} ends before it starts`);
    const previous = shifts[i - 1];
    if (previous && s.start < previous.end) throw new Error(`shift ${i + 1} overlaps or precedes shift ${i}`);
  });
  return shifts;
}

export const DEFAULT_SHIFTS = '07:30-11:30,13:30-17:00';

/** Whether a local date is a working day: weekdays, less holidays, plus make-up working days. */
export type DayRule = (date: LocalDate) => boolean;

export const weekdaysOnly: DayRule = (date) => !isWeekend(date);

/**
 * Working time in the city's time zone: shifts on working days. Answers the deadline
 * questions of the regulation (R9.0 four working hours, R10.2 working days) and how much
 * working time lies between two instants. Pure: holidays come in as the `isWorkingDay` rule.
 */
export class WorkingTime {
  readonly minutesPerDay: number;

  constructor(
    readonly shifts: readonly Shift[],
    readonly isWorkingDay: DayRule,
  ) {
    if (shifts.length === 0) throw new Error('at least one shift is needed');
    this.minutesPerDay = shifts.reduce((sum, s) => sum + s.end - s.start, 0);
  }

  private static local(instant: Date): { date: LocalDate; minute: number } {
    const shifted = new Date(instant.getTime() + OFFSET_MS);
    return {
      date: localDate(instant),
      minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() + shifted.getUTCSeconds() / 60 + shifted.getUTCMilliseconds() / 60_000,
    };
  }

  private static instant(date: LocalDate, minute: number): Date {
    return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS + minute * MINUTE);
  }

  /** The next working day from `date` (itself included). Gives up after ten years of holidays. */
  private nextWorkingDay(date: LocalDate): LocalDate {
    let day = date;
    for (let i = 0; i < 3660; i++, day = addDays(day, 1)) if (this.isWorkingDay(day)) return day;
    throw new Error(`no working day within ten years of ${date}`);
  }

  /** `instant` plus `minutes` of working time (fractions allowed). */
  addWorkingMinutes(instant: Date, minutes: number): Date {
    if (!(minutes >= 0)) throw new Error('working time to add must not be negative');
    if (minutes === 0) return instant;
    let { date, minute } = WorkingTime.local(instant);
    let left = minutes;
    for (;;) {
      if (this.isWorkingDay(date)) {
        for (const shift of this.shifts) {
          if (minute >= shift.end) continue;
          const from = Math.max(minute, shift.start);
          const available = shift.end - from;
          if (left <= available) return WorkingTime.instant(date, from + left);
          left -= available;
          minute = shift.end;
        }
      }
      date = this.nextWorkingDay(addDays(date, 1));
      minute = 0;
      // Whole days at once: keeps a 365-day deadline fast.
      while (left > this.minutesPerDay) {
        left -= this.minutesPerDay;
        date = this.nextWorkingDay(addDays(date, 1));
      }
    }
  }

  addWorkingHours(instant: Date, hours: number): Date {
    return this.addWorkingMinutes(instant, hours * 60);
  }

  /** `days` whole working days after `instant`: the same point of a later working day. */
  addWorkingDays(instant: Date, days: number): Date {
    return this.addWorkingMinutes(instant, days * this.minutesPerDay);
  }

  /**
   * The end of the `days`-th working day after the day of `instant` ("trong vòng N ngày làm
   * việc tiếp theo", Art. 6.2 and 8.2b): the day itself does not count, whatever the hour.
   */
  endOfWorkingDaysAfter(instant: Date, days: number): Date {
    if (!(Number.isInteger(days) && days >= 1)) throw new Error('the number of working days must be a positive integer');
    let date = WorkingTime.local(instant).date;
    for (let i = 0; i < days; i++) date = this.nextWorkingDay(addDays(date, 1));
    return WorkingTime.instant(date, this.shifts[this.shifts.length - 1]!.end);
  }

  /** Working minutes from `from` to `to`; negative when `to` is earlier. */
  workingMinutesBetween(from: Date, to: Date): number {
    if (to < from) return -this.workingMinutesBetween(to, from);
    const start = WorkingTime.local(from);
    const end = WorkingTime.local(to);
    let total = 0;
    for (let date = start.date; date <= end.date; date = addDays(date, 1)) {
      if (!this.isWorkingDay(date)) continue;
      const lower = date === start.date ? start.minute : 0;
      const upper = date === end.date ? end.minute : 24 * 60;
      for (const shift of this.shifts) total += Math.max(0, Math.min(shift.end, upper) - Math.max(shift.start, lower));
    }
    return total;
  }

  /** Whether `instant` falls inside a shift of a working day. */
  isWorkingTime(instant: Date): boolean {
    const { date, minute } = WorkingTime.local(instant);
    return this.isWorkingDay(date) && this.shifts.some((s) => minute >= s.start && minute < s.end);
  }
}
