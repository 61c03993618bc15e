// The Vietnamese lunisolar calendar, computed astronomically for UTC+7 (the method published
// by Hồ Ngọc Đức, after Meeus' "Astronomical Algorithms"): new moons and the sun's longitude
// decide where each lunar month starts and which month is the leap one. Used only to place
// Tết and Hùng Kings' day among the default public holidays.

const TIME_ZONE = 7;
const { floor, sin, PI } = Math;
const rad = PI / 180;

/** Julian day number of a Gregorian (or, before 1582, Julian) calendar date. */
export function julianDay(day: number, month: number, year: number): number {
  const a = floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  const jd = day + floor((153 * m + 2) / 5) + 365 * y + floor(y / 4) - floor(y / 100) + floor(y / 400) - 32045;
  return jd < 2299161 ? day + floor((153 * m + 2) / 5) + 365 * y + floor(y / 4) - 32083 : jd;
}

/** The calendar date of a Julian day number. */
export function fromJulianDay(jd: number): { day: number; month: number; year: number } {
  let b = 0;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = floor((4 * a + 3) / 146097);
    c = a - floor((b * 146097) / 4);
  } else {
    c = jd + 32082;
  }
  const d = floor((4 * c + 3) / 1461);
  const e = c - floor((1461 * d) / 4);
  const m = floor((5 * e + 2) / 153);
  return { day: e - floor((153 * m + 2) / 5) + 1, month: m + 3 - 12 * floor(m / 10), year: b * 100 + d - 4800 + floor(m / 10) };
}

/** Julian date (fractional, UT) of the k-th new moon after 1 January 1900. */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd += 0.00033 * sin((166.56 + 132.87 * T - 0.009173 * T2) * rad);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c = (0.1734 - 0.000393 * T) * sin(M * rad) + 0.0021 * sin(2 * rad * M);
  c += -0.4068 * sin(Mpr * rad) + 0.0161 * sin(rad * 2 * Mpr) - 0.0004 * sin(rad * 3 * Mpr);
  c += 0.0104 * sin(rad * 2 * F) - 0.0051 * sin(rad * (M + Mpr)) - 0.0074 * sin(rad * (M - Mpr));
  c += 0.0004 * sin(rad * (2 * F + M)) - 0.0004 * sin(rad * (2 * F - M)) - 0.0006 * sin(rad * (2 * F + Mpr));
  c += 0.001 * sin(rad * (2 * F - Mpr)) + 0.0005 * sin(rad * (2 * Mpr + M));
  const deltaT =
    T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3 : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd + c - deltaT;
}

/** Local day number (UTC+7) of the k-th new moon. */
const newMoonDay = (k: number) => floor(newMoon(k) + 0.5 + TIME_ZONE / 24);

/** Which of the 12 thirty-degree sectors the sun's longitude is in at the start of a local day. */
function sunSector(dayNumber: number): number {
  const T = (dayNumber - 0.5 - TIME_ZONE / 24 - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let dl = (1.9146 - 0.004817 * T - 0.000014 * T2) * sin(rad * M);
  dl += (0.019993 - 0.000101 * T) * sin(rad * 2 * M) + 0.00029 * sin(rad * 3 * M);
  let l = (L0 + dl) * rad;
  l -= PI * 2 * floor(l / (PI * 2));
  return floor((l / PI) * 6);
}

/** Day number of the start of the 11th lunar month (the one holding the winter solstice) of `year`. */
function lunarMonth11(year: number): number {
  const k = floor((julianDay(31, 12, year) - 2415021) / 29.530588853);
  const start = newMoonDay(k);
  return sunSector(start) >= 9 ? newMoonDay(k - 1) : start;
}

/** Which month after month 11 is the leap one, in a year of 13 months. */
function leapMonthOffset(month11: number): number {
  const k = floor((month11 - 2415021.076998695) / 29.530588853 + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

/**
 * The Gregorian date of a lunar date (`leap`: the day is in the leap month of that number).
 * Throws for a leap month the year does not have.
 */
export function lunarToSolar(day: number, month: number, year: number, leap = false): { day: number; month: number; year: number } {
  const [a11, b11] = month < 11 ? [lunarMonth11(year - 1), lunarMonth11(year)] : [lunarMonth11(year), lunarMonth11(year + 1)];
  const k = floor(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let offset = month - 11;
  if (offset < 0) offset += 12;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11);
    let leapMonth = leapOffset - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) throw new Error(`lunar year ${year} has no leap month ${month}`);
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    throw new Error(`lunar year ${year} has no leap month`);
  }
  return fromJulianDay(newMoonDay(k + offset) + day - 1);
}
