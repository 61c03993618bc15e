import { defaultHolidays, isWeekend, type Holiday, type LocalDate } from './holidays.ts';
import type { DayRule } from './working-time.ts';

/** An operator's decision about one day: a holiday, or a working day (a make-up day, or a default holiday cancelled). */
export interface DayOverride {
  date: LocalDate;
  kind: 'HOLIDAY' | 'WORKING_DAY';
  name: string;
}

export interface CalendarDay {
  date: LocalDate;
  name: string;
  /** DEFAULT: computed by the law's rules; OPERATOR: entered through the API. */
  source: 'DEFAULT' | 'OPERATOR';
}

/**
 * The working-day rule from the computed default holidays and the operator's overrides:
 * an override decides its day; otherwise a default holiday is off, weekdays work.
 */
export class HolidayCalendar {
  private readonly defaults = new Map<number, Map<LocalDate, string>>();
  private readonly overrides: Map<LocalDate, DayOverride>;

  constructor(overrides: readonly DayOverride[]) {
    this.overrides = new Map(overrides.map((o) => [o.date, o]));
  }

  private defaultsOf(year: number): Map<LocalDate, string> {
    let days = this.defaults.get(year);
    if (!days) {
      days = new Map(defaultHolidays(year).map((h: Holiday) => [h.date, h.name]));
      this.defaults.set(year, days);
    }
    return days;
  }

  readonly isWorkingDay: DayRule = (date) => {
    const override = this.overrides.get(date);
    if (override) return override.kind === 'WORKING_DAY';
    return !isWeekend(date) && !this.defaultsOf(Number(date.slice(0, 4))).has(date);
  };

  /** A year's days off that are not weekends (holidays) and its weekend days that are worked. */
  year(year: number): { holidays: CalendarDay[]; workingDays: CalendarDay[] } {
    const prefix = `${year}-`;
    const holidays = new Map<LocalDate, CalendarDay>();
    for (const [date, name] of this.defaultsOf(year)) holidays.set(date, { date, name, source: 'DEFAULT' });
    const workingDays: CalendarDay[] = [];
    for (const o of this.overrides.values()) {
      if (!o.date.startsWith(prefix)) continue;
      if (o.kind === 'HOLIDAY') holidays.set(o.date, { date: o.date, name: o.name, source: 'OPERATOR' });
      else {
        holidays.delete(o.date);
        workingDays.push({ date: o.date, name: o.name, source: 'OPERATOR' });
      }
    }
    const byDate = (a: CalendarDay, b: CalendarDay) => a.date.localeCompare(b.date);
    return { holidays: [...holidays.values()].sort(byDate), workingDays: workingDays.sort(byDate) };
  }
}
