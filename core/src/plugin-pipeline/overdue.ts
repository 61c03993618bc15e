import { formatLocalTime } from '../calendar/working-time.ts';
import type { PrismaClient } from '../db/client.ts';
import { ApiError } from '../errors.ts';
import type { IntegrationEvents } from './events.ts';
import { writeRequestEvent } from './pipeline-service.ts';
import { pendingOn } from './state-machine.ts';

export interface RequestOverdueDeps {
  prisma: PrismaClient;
  integrationEvents: IntegrationEvents;
  clock: () => Date;
}

const whose = { DOIC: 'Sở TT&TT', AGENCY: 'cơ quan cung cấp dịch vụ' } as const;

/**
 * Flags integration requests whose current step passed its working-day deadline (R6.2: 5,
 * R6.3: 7, R6.4: 7, R8.2b: 3): `overdueAt` and an OVERDUE event, once per step. The flag is
 * cleared by the next step, which brings its own deadline.
 */
export async function sweepOverdueRequests(deps: RequestOverdueDeps): Promise<string[]> {
  const now = deps.clock();
  const late = await deps.prisma.integrationRequest.findMany({
    where: { overdueAt: null, dueAt: { lt: now }, status: { in: ['FILED', 'CHECKING', 'CHECK_PASSED', 'INSTALLED', 'ACCEPTED'] } },
    orderBy: { dueAt: 'asc' },
    take: 500,
  });
  const flagged: string[] = [];
  for (const request of late) {
    try {
      await writeRequestEvent({ ...deps, viewer: null }, request, {
        type: 'OVERDUE',
        status: request.status,
        data: { overdueAt: now },
        note: `Quá hạn bước ${request.status} của ${whose[pendingOn(request.status)!]} (hạn ${formatLocalTime(request.dueAt!)})`,
      });
      flagged.push(request.id);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error; // changed meanwhile: the next sweep looks again
    }
  }
  return flagged;
}
