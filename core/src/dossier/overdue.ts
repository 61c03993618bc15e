import type { Dossier } from '@egov/schema/client';
import type { CalendarService } from '../calendar/calendar-service.ts';
import { formatLocalTime } from '../calendar/working-time.ts';
import type { PrismaClient } from '../db/client.ts';
import { ApiError } from '../errors.ts';
import { recordEvent } from './dossier-service.ts';
import type { DossierEvents } from './events.ts';
import type { IntegrationEvents } from '../plugin-pipeline/events.ts';
import { sweepOverdueRequests } from '../plugin-pipeline/overdue.ts';

/** Working days an apology gives the agency to deliver after missing a processing deadline. */
export const APOLOGY_EXTRA_WORKING_DAYS = 2;

export interface OverdueDeps {
  prisma: PrismaClient;
  events: DossierEvents;
  calendar: CalendarService;
  clock: () => Date;
  logger?: Pick<Console, 'warn'>;
  /** With it, integration requests past a step's deadline are flagged too. */
  integrationEvents?: IntegrationEvents;
}

/**
 * Finds dossiers past their reception (R9.0) or processing (R10.2) deadline and flags each
 * once: `overdueAt`, an OVERDUE event, and for a processing delay an apology to the applicant
 * with a new appointment date (the practice later national rules require). Everything it
 * needs is in the database, so a sweep after a restart catches what passed while it was down;
 * several instances sweeping at once flag a dossier once (the event write is conditional).
 */
export async function sweepOverdue(deps: OverdueDeps): Promise<string[]> {
  const now = deps.clock();
  const late = await deps.prisma.dossier.findMany({
    where: {
      overdueAt: null,
      OR: [
        { status: 'SUBMITTED', receptionDueAt: { lt: now } },
        { status: { in: ['RECEIVED', 'IN_PROCESSING'] }, processingDueAt: { lt: now } },
      ],
    },
    orderBy: { submittedAt: 'asc' },
    take: 500,
  });
  const flagged: string[] = [];
  for (const dossier of late) {
    try {
      await flag(deps, dossier, now);
      flagged.push(dossier.code);
    } catch (error) {
      // Another instance, or a person, changed it first: the next sweep looks again.
      if (!(error instanceof ApiError)) throw error;
    }
  }
  return flagged;
}

async function flag(deps: OverdueDeps, dossier: Dossier, now: Date) {
  const ctx = { prisma: deps.prisma, events: deps.events, clock: deps.clock, viewer: null };
  if (dossier.status === 'SUBMITTED') {
    await recordEvent(ctx, dossier, 'OVERDUE', `Quá hạn tiếp nhận (hạn ${formatLocalTime(dossier.receptionDueAt)})`, { data: { overdueAt: now } });
    return;
  }
  const appointment = deps.calendar.time.addWorkingDays(now, APOLOGY_EXTRA_WORKING_DAYS);
  await recordEvent(
    ctx,
    dossier,
    'OVERDUE',
    `Quá hạn giải quyết (hạn ${formatLocalTime(dossier.processingDueAt!)}); hẹn lại ngày trả kết quả ${formatLocalTime(appointment)}`,
    {
      data: { overdueAt: now, appointmentAt: appointment },
      notice: `Xin lỗi: hồ sơ ${dossier.code} chưa được giải quyết đúng hạn ${formatLocalTime(dossier.processingDueAt!)}. Cơ quan hẹn trả kết quả vào ${formatLocalTime(appointment)}.`,
    },
  );
}

/** Sweeps now and then every `intervalMs`, until stopped. */
export function startOverdueScheduler(deps: OverdueDeps, intervalMs: number): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running
      .then(() => sweepOverdue(deps))
      .then(() => (deps.integrationEvents ? sweepOverdueRequests({ ...deps, integrationEvents: deps.integrationEvents }) : []))
      .catch((error: unknown) => deps.logger?.warn(`overdue sweep failed: ${(error as Error).message}`));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
