import { lunarToSolar } from './lunar.ts';

/** A calendar day in the city's time zone, written YYYY-MM-DD. */
export type LocalDate = string;

export interface Holiday {
  date: LocalDate;
  name: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** The local date with these parts, `YYYY-MM-DD`. */
export const dateOf = (year: number, month: number, day: number): LocalDate => `${year}-${pad(month)}-${pad(day)}`;

/** Day of the week of a local date: 0 Sunday … 6 Saturday. */
export const weekday = (date: LocalDate) => new Date(`${date}T00:00:00Z`).getUTCDay();
export const isWeekend = (date: LocalDate) => weekday(date) === 0 || weekday(date) === 6;

export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * National Day takes one adjacent day (Labor Code 2019, Art. 112): the government picks 1 or 3
 * September each year. The default picks the one that joins the holiday to a weekend, else
 * 1 September; the operator corrects it when the year's decision differs.
 */
function nationalDayNeighbour(year: number): LocalDate {
  const before = dateOf(year, 9, 1);
  const after = dateOf(year, 9, 3);
  if (isWeekend(before)) return after;
  if (isWeekend(after)) return before;
  if (isWeekend(addDays(after, 1))) return after;
  return before;
}

/**
 * The public holidays of a year by default (Labor Code 2019, Art. 112): New Year's Day, Tết
 * from lunar New Year's Eve to the 4th day, Hùng Kings' day (10th day of the 3rd lunar month),
 * 30 April, 1 May, and 2 September with one adjacent day. A holiday on a weekend gives the
 * next working day off (Art. 111(3)). The operator edits a year when the government decides
 * otherwise; make-up working days exist only as such edits.
 */
export function defaultHolidays(year: number): Holiday[] {
  const tet = lunarToSolar(1, 1, year);
  const tetDay = dateOf(tet.year, tet.month, tet.day);
  const hung = lunarToSolar(10, 3, year);
  const holidays: Holiday[] = [
    { date: dateOf(year, 1, 1), name: 'Tết Dương lịch' },
    { date: addDays(tetDay, -1), name: 'Tết Nguyên đán (30 Tết)' },
    ...[1, 2, 3, 4].map((d) => ({ date: addDays(tetDay, d - 1), name: `Tết Nguyên đán (mùng ${d})` })),
    { date: dateOf(hung.year, hung.month, hung.day), name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
    { date: dateOf(year, 4, 30), name: 'Ngày Chiến thắng (30/4)' },
    { date: dateOf(year, 5, 1), name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: dateOf(year, 9, 2), name: 'Quốc khánh (2/9)' },
    { date: nationalDayNeighbour(year), name: 'Quốc khánh (ngày liền kề)' },
  ].sort((a, b) => a.date.localeCompare(b.date));

  const taken = new Set(holidays.map((h) => h.date));
  const compensation: Holiday[] = [];
  for (const holiday of holidays) {
    if (!isWeekend(holiday.date)) continue;
    let day = addDays(holiday.date, 1);
    while (isWeekend(day) || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
    compensation.push({ date: day, name: `Nghỉ bù ${holiday.name}` });
  }
  return [...holidays, ...compensation].sort((a, b) => a.date.localeCompare(b.date));
}
