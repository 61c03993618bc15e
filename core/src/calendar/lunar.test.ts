import { describe, expect, it } from 'vitest';
import { fromJulianDay, julianDay, lunarToSolar } from './lunar.ts';

const iso = ({ day, month, year }: { day: number; month: number; year: number }) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

describe('lunarToSolar', () => {
  // Lunar New Year (Tết Nguyên đán) as published by the Vietnamese government.
  it.each([
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
  ])('puts Tết %i on %s', (year, date) => {
    expect(iso(lunarToSolar(1, 1, year))).toBe(date);
  });

  it.each([
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])("puts Hùng Kings' day %i (10th day of the 3rd month) on %s", (year, date) => {
    expect(iso(lunarToSolar(10, 3, year))).toBe(date);
  });

  it('handles leap months: 2023 had a leap 2nd month, 2025 a leap 6th month', () => {
    expect(iso(lunarToSolar(1, 2, 2023, true))).toBe('2023-03-22');
    expect(iso(lunarToSolar(1, 3, 2023))).toBe('2023-04-20');
    expect(iso(lunarToSolar(1, 6, 2025, true))).toBe('2025-07-25');
    expect(() => lunarToSolar(1, 5, 2025, true)).toThrow('no leap month 5');
    expect(() => lunarToSolar(1, 5, 2026, true)).toThrow('has no leap month');
  });
});

describe('julian day numbers', () => {
  it('round-trip through calendar dates', () => {
    expect(julianDay(1, 1, 2000)).toBe(2451545);
    for (const jd of [2299160, 2299161, 2451545, 2461800, 2470000])
      expect(julianDay(...(Object.values(fromJulianDay(jd)) as [number, number, number]))).toBe(jd);
  });
});
