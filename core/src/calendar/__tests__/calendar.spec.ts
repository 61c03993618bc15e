import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const YEAR = `query ($year: Int!) { calendar(year: $year) { year shifts holidays { date name source } workingDays { date name source } } }`;
const SET = `mutation ($input: SetCalendarDayInput!) { setCalendarDay(input: $input) { holidays { date source } workingDays { date name } } }`;

type Year = {
  calendar: { year: number; shifts: string[]; holidays: { date: string; name: string; source: string }[]; workingDays: { date: string }[] };
};

let app: TestApp;
let doic: string;
beforeAll(async () => {
  app = await createTestApp();
  doic = await app.login('doic@demo.egov.vn');
});
afterAll(() => app.dispose());

describe('the working-time calendar API', () => {
  it('shows anyone a year with its computed holidays and the shifts', async () => {
    const { data } = await app.gql<Year>(YEAR, { year: 2027 });
    expect(data!.calendar.shifts).toEqual(['07:30-11:30', '13:30-17:00']);
    expect(data!.calendar.holidays.slice(0, 3)).toEqual([
      { date: '2027-01-01', name: 'Tết Dương lịch', source: 'DEFAULT' },
      { date: '2027-02-05', name: 'Tết Nguyên đán (30 Tết)', source: 'DEFAULT' },
      { date: '2027-02-06', name: 'Tết Nguyên đán (mùng 1)', source: 'DEFAULT' },
    ]);
    expect(data!.calendar.workingDays).toEqual([]);
  });

  it('lets DoIC declare a make-up working day and an extra holiday, which deadlines then follow', async () => {
    const before = app.calendar.time.addWorkingHours(new Date('2027-02-04T15:00:00+07:00'), 4);
    expect(before.toISOString()).toBe('2027-02-12T02:30:00.000Z'); // Friday 12 Feb, 09:30
    await app.gql(SET, { input: { date: '2027-02-12', kind: 'HOLIDAY', name: 'Nghỉ thêm Tết' } }, doic);
    const { data, errors } = await app.gql<{ setCalendarDay: { workingDays: { date: string; name: string }[] } }>(
      SET,
      { input: { date: '2027-02-13', kind: 'WORKING_DAY', name: 'Làm bù thứ Bảy' } },
      doic,
    );
    expect(errors).toBeUndefined();
    expect(data!.setCalendarDay.workingDays).toEqual([{ date: '2027-02-13', name: 'Làm bù thứ Bảy' }]);
    const after = app.calendar.time.addWorkingHours(new Date('2027-02-04T15:00:00+07:00'), 4);
    expect(after.toISOString()).toBe('2027-02-13T02:30:00.000Z'); // the make-up Saturday, 09:30
  });

  it('lets DoIC return a day to its default', async () => {
    await app.gql('mutation { clearCalendarDay(date: "2027-02-13") { year } }', undefined, doic);
    const { data } = await app.gql<Year>(YEAR, { year: 2027 });
    expect(data!.calendar.workingDays).toEqual([]);
    expect(data!.calendar.holidays.find((h) => h.date === '2027-02-12')?.source).toBe('OPERATOR');
  });

  it('refuses everyone else: UNAUTHENTICATED without a token, FORBIDDEN for other roles', async () => {
    const input = { date: '2027-03-01', kind: 'HOLIDAY', name: 'x' };
    expect((await app.gql(SET, { input })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (const email of ['citizen@demo.egov.vn', 'admin.stp@demo.egov.vn', 'infocenter@demo.egov.vn']) {
      expect((await app.gql(SET, { input }, await app.login(email))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await app.prisma.calendarDay.count({ where: { date: '2027-03-01' } })).toBe(0);
  });

  it.each([
    [{ date: '2027-02-30', kind: 'HOLIDAY', name: 'x' }, 'date is not a real day'],
    [{ date: '27-02-01', kind: 'HOLIDAY', name: 'x' }, 'date must be written YYYY-MM-DD'],
    [{ date: '1999-12-31', kind: 'HOLIDAY', name: 'x' }, 'date must be in the years 2000 to 2100'],
    [{ date: '2027-03-02', kind: 'HOLIDAY', name: '  ' }, 'name must not be empty'],
  ])('refuses bad input %j with BAD_USER_INPUT and stores nothing', async (input, message) => {
    const count = await app.prisma.calendarDay.count();
    const { errors } = await app.gql(SET, { input }, doic);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toContain(message);
    expect(await app.prisma.calendarDay.count()).toBe(count);
  });

  it('refuses a year outside 2000-2100', async () => {
    expect((await app.gql(YEAR, { year: 1900 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps the overrides across a restart', async () => {
    const { WorkingCalendar } = await import('../working-calendar.ts');
    const restarted = new WorkingCalendar(app.prisma, app.calendar.shifts);
    await restarted.reload();
    expect(restarted.time.isWorkingDay('2027-02-12')).toBe(false);
  });
});
