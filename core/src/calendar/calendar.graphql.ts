import { z } from 'zod';
import { builder } from '../builder.ts';
import type { CalendarDay } from './calendar-rule.ts';

const CalendarDayKindEnum = builder.enumType('CalendarDayKind', { values: ['HOLIDAY', 'WORKING_DAY'] as const });
const CalendarSourceEnum = builder.enumType('CalendarDaySource', {
  description: 'DEFAULT: computed from the Labor Code rules; OPERATOR: entered by DoIC.',
  values: ['DEFAULT', 'OPERATOR'] as const,
});

const CalendarDayType = builder.objectRef<CalendarDay>('CalendarDay').implement({
  fields: (t) => ({
    date: t.exposeString('date', { description: 'Local date in Asia/Ho_Chi_Minh, YYYY-MM-DD.' }),
    name: t.exposeString('name'),
    source: t.expose('source', { type: CalendarSourceEnum }),
  }),
});

interface CalendarYear {
  year: number;
  holidays: CalendarDay[];
  workingDays: CalendarDay[];
}

const CalendarYearType = builder.objectRef<CalendarYear>('CalendarYear').implement({
  description: 'The working-time calendar of a year: days off on weekdays, and weekend days worked.',
  fields: (t) => ({
    year: t.exposeInt('year'),
    holidays: t.expose('holidays', { type: [CalendarDayType], description: 'Public holidays and other days off.' }),
    workingDays: t.expose('workingDays', { type: [CalendarDayType], description: 'Make-up working days and cancelled holidays.' }),
    shifts: t.stringList({
      description: 'The daily working shifts, HH:MM-HH:MM.',
      resolve: (_y, _a, ctx) => ctx.calendar.shifts.map((s) => `${hhmm(s.start)}-${hhmm(s.end)}`),
    }),
  }),
});

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const yearSchema = z.number().int().min(2000, 'year must be from 2000 to 2100').max(2100, 'year must be from 2000 to 2100');
const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be written YYYY-MM-DD')
  .refine((d) => {
    const time = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === d;
  }, 'date is not a real day')
  .refine((d) => yearSchema.safeParse(Number(d.slice(0, 4))).success, 'date must be in the years 2000 to 2100');

const SetCalendarDayInput = builder.inputType('SetCalendarDayInput', {
  fields: (t) => ({
    date: t.string({ description: 'YYYY-MM-DD, local date.' }),
    kind: t.field({ type: CalendarDayKindEnum }),
    name: t.string({ description: 'Why, e.g. "Nghỉ bù Quốc khánh" or "Làm bù ngày 2/1".' }),
  }),
  validate: z.object({
    date: dateSchema,
    kind: z.enum(['HOLIDAY', 'WORKING_DAY']),
    name: z.string().trim().min(1, 'name must not be empty').max(200, 'name is too long'),
  }),
});

const yearOf = (year: number, ctx: { calendar: { year: (y: number) => Omit<CalendarYear, 'year'> } }): CalendarYear => ({
  year,
  ...ctx.calendar.year(year),
});

builder.queryField('calendar', (t) =>
  t.field({
    description: 'The working-time calendar of a year (public).',
    type: CalendarYearType,
    args: { year: t.arg.int({ validate: yearSchema }) },
    resolve: (_root, { year }, ctx) => yearOf(year, ctx),
  }),
);

builder.mutationFields((t) => ({
  setCalendarDay: t.field({
    description: 'DoIC: declares a day a holiday or a working day, over the computed default. Deadlines computed before keep their value.',
    type: CalendarYearType,
    authScopes: { role: 'DOIC_ADMIN' },
    args: { input: t.arg({ type: SetCalendarDayInput }) },
    resolve: async (_root, { input }, ctx) => {
      await ctx.calendar.setDay({ date: input.date, kind: input.kind, name: input.name.trim() }, ctx.viewer!.id);
      return yearOf(Number(input.date.slice(0, 4)), ctx);
    },
  }),
  clearCalendarDay: t.field({
    description: 'DoIC: returns a day to its computed default.',
    type: CalendarYearType,
    authScopes: { role: 'DOIC_ADMIN' },
    args: { date: t.arg.string({ validate: dateSchema }) },
    resolve: async (_root, { date }, ctx) => {
      await ctx.calendar.clearDay(date);
      return yearOf(Number(date.slice(0, 4)), ctx);
    },
  }),
}));
