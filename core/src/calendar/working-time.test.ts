import { describe, expect, it } from 'vitest';
import { HolidayCalendar } from './calendar-rule.ts';
import { defaultHolidays } from './holidays.ts';
import { DEFAULT_SHIFTS, parseShifts, WorkingTime } from './working-time.ts';

const at = (local: string) => new Date(`${local}+07:00`);
const local = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const calendar = new WorkingTime(parseShifts(DEFAULT_SHIFTS), new HolidayCalendar([]).isWorkingDay);

describe('adding working hours (R9.0)', () => {
  it.each([
    ['Monday 10:00 + 4h ends Monday 16:00', '2026-11-30T10:00', 4, '2026-11-30 16:00'],
    ['Friday 15:00 + 4h ends Monday 09:30', '2026-12-04T15:00', 4, '2026-12-07 09:30'],
    ['from the lunch break, the afternoon shift counts', '2026-11-30T12:00', 1, '2026-11-30 14:30'],
    ['from before opening, the morning shift counts', '2026-11-30T06:00', 1, '2026-11-30 08:30'],
    ['from Saturday, Monday morning counts', '2026-12-05T10:00', 1, '2026-12-07 08:30'],
    ['from after closing, the next morning counts', '2026-11-30T18:00', 4, '2026-12-01 11:30'],
    ['ending exactly at noon closing gives 11:30, not 13:30', '2026-11-30T07:30', 4, '2026-11-30 11:30'],
    ['ending exactly at the day end gives 17:00', '2026-11-30T13:30', 3.5, '2026-11-30 17:00'],
    [
      'on the eve of 30 April 2027 the holiday, the weekend and the compensation day for 1 May are skipped',
      '2027-04-29T15:00',
      4,
      '2027-05-04 09:30',
    ],
    ['across Tết 2027 (6 February): eve to the 4th day, plus compensation days for the weekend', '2027-02-04T15:00', 4, '2027-02-12 09:30'],
    ['fractions of a minute are kept', '2026-11-30T10:00', 0.5, '2026-11-30 10:30'],
  ])('%s', (_name, from, hours, expected) => {
    expect(local(calendar.addWorkingHours(at(from), hours))).toBe(expected);
  });

  it('adds nothing for zero', () => {
    expect(calendar.addWorkingHours(at('2026-12-05T10:00'), 0)).toEqual(at('2026-12-05T10:00'));
  });

  it('refuses negative time', () => {
    expect(() => calendar.addWorkingHours(at('2026-11-30T10:00'), -1)).toThrow('must not be negative');
  });
});

describe('adding working days (R10.2)', () => {
  it.each([
    ['Monday 10:00 + 3 days is Thursday 10:00', '2026-11-30T10:00', 3, '2026-12-03 10:00'],
    ['Friday 16:00 + 1 day is Monday 16:00', '2026-12-04T16:00', 1, '2026-12-07 16:00'],
    ['10 working days from 28 April 2026 skip 30/4, 1/5 and the weekends', '2026-04-28T09:00', 10, '2026-05-14 09:00'],
    ['15 working days from 1 February 2027 skip Tết (5-11 February)', '2027-02-01T08:00', 15, '2027-03-01 08:00'],
    ['250 working days from 5 January 2026: the 248 left in 2026, then 4 and 5 January 2027', '2026-01-05T08:00', 250, '2027-01-05 08:00'],
  ])('%s', (_name, from, days, expected) => {
    expect(local(calendar.addWorkingDays(at(from), days))).toBe(expected);
  });
});

describe('working time between two instants', () => {
  it('counts only shifts on working days', () => {
    expect(calendar.workingMinutesBetween(at('2026-11-30T10:00'), at('2026-11-30T16:00'))).toBe(240);
    expect(calendar.workingMinutesBetween(at('2026-12-04T15:00'), at('2026-12-07T09:30'))).toBe(240);
    expect(calendar.workingMinutesBetween(at('2026-12-05T00:00'), at('2026-12-06T23:59'))).toBe(0);
    expect(calendar.workingMinutesBetween(at('2026-12-07T09:30'), at('2026-12-04T15:00'))).toBe(-240);
    expect(calendar.workingMinutesBetween(at('2026-11-30T00:00'), at('2026-12-07T00:00'))).toBe(5 * 450);
  });

  it('is the inverse of adding, from any instant of a fortnight with holidays', () => {
    const start = at('2027-04-26T00:00').getTime();
    for (let t = start; t < start + 14 * 86_400_000; t += 37 * 60_000) {
      for (const minutes of [1, 45, 240, 451, 900, 2000]) {
        const from = new Date(t);
        const to = calendar.addWorkingMinutes(from, minutes);
        expect(calendar.workingMinutesBetween(from, to)).toBeCloseTo(minutes, 6);
        expect(to > from).toBe(true);
      }
    }
  });

  it('knows whether an instant is working time', () => {
    expect(calendar.isWorkingTime(at('2026-11-30T07:30'))).toBe(true);
    expect(calendar.isWorkingTime(at('2026-11-30T11:30'))).toBe(false);
    expect(calendar.isWorkingTime(at('2026-12-05T09:00'))).toBe(false);
    expect(calendar.isWorkingTime(at('2027-02-08T09:00'))).toBe(false);
  });
});

describe('default public holidays', () => {
  it('for 2027: Tết from the eve (5 Feb) to the 4th day, with compensation days for Saturday and Sunday', () => {
    expect(defaultHolidays(2027).map((h) => `${h.date} ${h.name}`)).toEqual([
      '2027-01-01 Tết Dương lịch',
      '2027-02-05 Tết Nguyên đán (30 Tết)',
      '2027-02-06 Tết Nguyên đán (mùng 1)',
      '2027-02-07 Tết Nguyên đán (mùng 2)',
      '2027-02-08 Tết Nguyên đán (mùng 3)',
      '2027-02-09 Tết Nguyên đán (mùng 4)',
      '2027-02-10 Nghỉ bù Tết Nguyên đán (mùng 1)',
      '2027-02-11 Nghỉ bù Tết Nguyên đán (mùng 2)',
      '2027-04-16 Giỗ Tổ Hùng Vương (10/3 âm lịch)',
      '2027-04-30 Ngày Chiến thắng (30/4)',
      '2027-05-01 Ngày Quốc tế Lao động (1/5)',
      '2027-05-03 Nghỉ bù Ngày Quốc tế Lao động (1/5)',
      '2027-09-02 Quốc khánh (2/9)',
      '2027-09-03 Quốc khánh (ngày liền kề)',
    ]);
  });

  it('picks the National Day neighbour the government picked in 2024 (3 Sep) and 2025 (1 Sep)', () => {
    expect(
      defaultHolidays(2024)
        .filter((h) => h.date.startsWith('2024-09'))
        .map((h) => h.date),
    ).toEqual(['2024-09-02', '2024-09-03']);
    expect(
      defaultHolidays(2025)
        .filter((h) => h.date.startsWith('2025-09'))
        .map((h) => h.date),
    ).toEqual(['2025-09-01', '2025-09-02']);
  });
});

describe('operator overrides', () => {
  const edited = new HolidayCalendar([
    { date: '2027-02-13', kind: 'WORKING_DAY', name: 'Làm bù' },
    { date: '2027-02-12', kind: 'HOLIDAY', name: 'Nghỉ thêm Tết' },
    { date: '2027-09-03', kind: 'WORKING_DAY', name: 'Chính phủ chọn 1/9' },
    { date: '2027-09-01', kind: 'HOLIDAY', name: 'Quốc khánh (ngày liền kề)' },
  ]);

  it('decide their days over the defaults and the weekend', () => {
    expect(edited.isWorkingDay('2027-02-13')).toBe(true); // a Saturday worked
    expect(edited.isWorkingDay('2027-02-12')).toBe(false);
    expect(edited.isWorkingDay('2027-09-03')).toBe(true);
    expect(edited.isWorkingDay('2027-09-01')).toBe(false);
    const hours = new WorkingTime(parseShifts(DEFAULT_SHIFTS), edited.isWorkingDay);
    expect(local(hours.addWorkingHours(at('2027-02-04T15:00'), 4))).toBe('2027-02-13 09:30');
  });

  it('show in the year listing with their source', () => {
    const year = edited.year(2027);
    expect(year.workingDays.map((d) => d.date)).toEqual(['2027-02-13', '2027-09-03']);
    expect(year.holidays.find((d) => d.date === '2027-02-12')).toEqual({ date: '2027-02-12', name: 'Nghỉ thêm Tết', source: 'OPERATOR' });
    expect(year.holidays.find((d) => d.date === '2027-09-03')).toBeUndefined();
    expect(year.holidays.find((d) => d.date === '2027-01-01')?.source).toBe('DEFAULT');
  });
});

describe('parseShifts', () => {
  it('reads the default shifts', () => {
    expect(parseShifts(DEFAULT_SHIFTS)).toEqual([
      { start: 450, end: 690 },
      { start: 810, end: 1020 },
    ]);
  });
  it.each([
    ['7h30-11h30', 'is not a shift'],
    ['11:30-07:30', 'ends before it starts'],
    ['07:30-12:00,11:00-17:00', 'overlaps'],
    ['25:00-26:00', 'not a time of day'],
    ['13:30-24:59', 'not a time of day'],
  ])('refuses %s', (text, message) => {
    expect(() => parseShifts(text)).toThrow(message);
  });
});
