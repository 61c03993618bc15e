import type { PrismaClient } from '../db/client.ts';
import { HolidayCalendar, type DayOverride } from './calendar-rule.ts';
import { WorkingTime, type Shift } from './working-time.ts';

/**
 * The working-time calendar the platform computes deadlines with: the configured shifts, the
 * default holidays and the operator's overrides from the database. Reloaded after every edit;
 * deadlines already computed are kept as they were.
 */
export class WorkingCalendar {
  private holidays = new HolidayCalendar([]);
  private workingTime: WorkingTime;

  constructor(
    private readonly prisma: PrismaClient,
    readonly shifts: readonly Shift[],
  ) {
    this.workingTime = new WorkingTime(shifts, this.holidays.isWorkingDay);
  }

  async reload(): Promise<void> {
    const rows = await this.prisma.calendarDay.findMany({ select: { date: true, kind: true, name: true } });
    this.holidays = new HolidayCalendar(rows as DayOverride[]);
    this.workingTime = new WorkingTime(this.shifts, this.holidays.isWorkingDay);
  }

  /** Deadlines and durations on the current calendar. */
  get time(): WorkingTime {
    return this.workingTime;
  }

  year(year: number) {
    return this.holidays.year(year);
  }

  async setDay(day: DayOverride, accountId: string): Promise<void> {
    await this.prisma.calendarDay.upsert({
      where: { date: day.date },
      create: { ...day, updatedById: accountId },
      update: { kind: day.kind, name: day.name, updatedById: accountId },
    });
    await this.reload();
  }

  /** Returns the day to its default; false when it had no override. */
  async clearDay(date: string): Promise<boolean> {
    const { count } = await this.prisma.calendarDay.deleteMany({ where: { date } });
    await this.reload();
    return count > 0;
  }
}
