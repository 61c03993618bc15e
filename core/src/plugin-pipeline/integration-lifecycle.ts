import type { IntegrationKind, IntegrationRequest, IntegrationStatus, Prisma } from '@egov/schema/client';
import { formatLocalTime } from '../calendar/working-time.ts';
import { city, Lifecycle, platform, staff, type ActionRule, type Change } from '../lifecycle/lifecycle.ts';

export type { IntegrationKind, IntegrationStatus };

const doic = city('DOIC_ADMIN');
const agencyAdmin = staff('AGENCY_ADMIN');
/** Who runs the services' operations (integration requests, plans, incidents): DoIC for every agency, an agency's admins for theirs. */
export const operators = [doic, agencyAdmin];

/** Only for requests of these kinds. */
const kinds =
  (...allowed: IntegrationKind[]) =>
  (request: Pick<IntegrationRequest, 'kind'>) =>
    allowed.includes(request.kind) ? null : `it is a ${request.kind} request (only ${allowed.join(' or ')})`;
const newOrUpdate = kinds('NEW', 'UPDATE');

/** Requests that still hold their service: no second request for it may be filed meanwhile. */
export const openStatuses = ['FILED', 'CHECKING', 'CHECK_PASSED'] as const satisfies readonly IntegrationStatus[];

/**
 * The statuses a step waits in, each with whose step it is: its working-day deadline is the
 * row's `dueAt`, flagged OVERDUE once when it passes. (DoIC's check runs in the sandbox, on DoIC's
 * time.)
 */
const steps = {
  FILED: 'DOIC',
  CHECKING: 'DOIC',
  CHECK_PASSED: 'DOIC',
  INSTALLED: 'AGENCY',
  ACCEPTED: 'AGENCY',
} as const satisfies Partial<Record<IntegrationStatus, 'DOIC' | 'AGENCY'>>;
const pending = Object.keys(steps) as (keyof typeof steps)[];

/**
 * Every step of an integration request (Art. 6-8): where it may start from, where it leads, its
 * event and who takes it. The one place that decides; anything else is INVALID_TRANSITION or
 * FORBIDDEN. The check queue acts through it too.
 */
const actions = {
  /**
   * R6.2: DoIC starts the technical and security check in the sandbox; again after a pass
   * when the version in production changed since (promotion insists on the one checked against).
   */
  startCheck: {
    from: ['FILED', 'CHECK_PASSED'],
    to: 'CHECKING',
    event: 'CHECK_STARTED',
    by: [doic],
    title: 'start the check of an integration request',
    unless: newOrUpdate,
  },
  /** One sandbox check finished (its result is the event's payload). */
  recordCheck: { from: ['CHECKING'], event: 'CHECK', by: [platform], title: 'record a check of an integration request' },
  /** Every error-severity check passed. */
  passCheck: {
    from: ['CHECKING'],
    to: 'CHECK_PASSED',
    event: 'CHECK_PASSED',
    by: [platform],
    title: 'pass the check of an integration request',
  },
  /** A check failed (or the check could not finish): the package goes back to the agency, which files a fixed version anew. Final. */
  failCheck: {
    from: ['CHECKING'],
    to: 'CHECK_FAILED',
    event: 'CHECK_FAILED',
    by: [platform],
    title: 'fail the check of an integration request',
  },
  /** R6.2: DoIC integrates (promotes) the checked version; it goes live. */
  promote: {
    from: ['CHECK_PASSED'],
    to: 'INSTALLED',
    event: 'INSTALLED',
    by: [doic],
    title: 'promote an integration request',
    unless: newOrUpdate,
  },
  /** R6.3: the agency has tested the integrated service and accepts it (Appendix III). */
  accept: {
    from: ['INSTALLED'],
    to: 'ACCEPTED',
    event: 'ACCEPTED',
    by: [agencyAdmin],
    title: 'accept an integration',
    unless: newOrUpdate,
  },
  /** R6.4: the agency announced the service to the public. Final. */
  announce: {
    from: ['ACCEPTED'],
    to: 'ANNOUNCED',
    event: 'ANNOUNCED',
    by: [agencyAdmin],
    title: 'announce a service',
    unless: newOrUpdate,
  },
  /** DoIC takes the installed version back; the one live before returns. Final. */
  rollback: {
    from: ['INSTALLED', 'ACCEPTED', 'ANNOUNCED'],
    to: 'ROLLED_BACK',
    event: 'ROLLED_BACK',
    by: [doic],
    title: 'roll back an integration request',
    unless: newOrUpdate,
  },
  /** R8.2b: DoIC removes the cancelled service from the catalog. Final. */
  retire: {
    from: ['FILED'],
    to: 'RETIRED',
    event: 'RETIRED',
    by: [doic],
    title: 'retire the service of an integration request',
    unless: kinds('CANCEL'),
  },
  /** The working-day deadline of the current step passed (flagged once per step; the next step clears it). */
  flagOverdue: { from: pending, event: 'OVERDUE', by: [platform], title: 'flag an integration request overdue' },
} as const satisfies Record<string, ActionRule<IntegrationStatus, IntegrationRequest>>;

export type IntegrationAction = keyof typeof actions;

/**
 * Working days each step gets, counted from the day after it starts and ending with the last
 * shift of the last day (R6.2: 5 to check and install, R6.3: 7, R6.4: 7, R8.2b: 3 to remove;
 * and 7 for the agency to file a cancellation once a procedure is no longer valid).
 */
export const STEP_WORKING_DAYS = { check: 5, accept: 7, announce: 7, remove: 3, cancel: 7 } as const;

/** Who the current step waits for (`steps`). */
export function pendingOn(status: IntegrationStatus): 'DOIC' | 'AGENCY' | null {
  return (steps as Partial<Record<IntegrationStatus, 'DOIC' | 'AGENCY'>>)[status] ?? null;
}

const whose = { DOIC: 'Sở TT&TT', AGENCY: 'cơ quan cung cấp dịch vụ' } as const;

/** What a step writes besides the status. */
export type IntegrationChange = Change<Omit<Prisma.IntegrationRequestUncheckedUpdateManyInput, 'status'>>;

export const integrationRequests = new Lifecycle<
  IntegrationRequest,
  IntegrationStatus,
  IntegrationAction,
  Omit<Prisma.IntegrationRequestUncheckedUpdateManyInput, 'status'>,
  'integrationRequest',
  unknown,
  'file'
>({
  topic: 'integrationRequest',
  noun: 'integration request',
  actions,
  /** R6.1, R8.2b: an agency files a request (Appendix I). */
  created: { status: 'FILED', event: 'FILED', ways: { file: { by: [agencyAdmin], title: 'file an integration request' } } },
  /** DoIC admins and the requesting agency's admins. */
  visibleTo: operators,
  relations: {},
  keyOf: (r) => r.id,
  store: {
    find: (db, id) => db.integrationRequest.findUnique({ where: { id } }),
    guardedUpdate: async (tx, r, data) =>
      (await tx.integrationRequest.updateMany({ where: { id: r.id, status: r.status, eventCount: r.eventCount }, data })).count,
    reload: (tx, r) => tx.integrationRequest.findUniqueOrThrow({ where: { id: r.id } }),
    appendEvent: (tx, r, { payload, ...event }) =>
      tx.integrationEvent.create({ data: { ...event, requestId: r.id, data: payload === undefined ? null : JSON.stringify(payload) } }),
    latestEvent: (db, r) => db.integrationEvent.findFirstOrThrow({ where: { requestId: r.id }, orderBy: { seq: 'desc' } }),
    findMany: (db, where, take) =>
      db.integrationRequest.findMany({ where: where as Prisma.IntegrationRequestWhereInput, orderBy: { dueAt: 'asc' }, take }),
  },
  // A request that leaves the open statuses gives its service's slot back (`openKey` is unique).
  statusData: (status) => ((openStatuses as readonly IntegrationStatus[]).includes(status) ? {} : { openKey: null }),
  // R6.2: 5, R6.3: 7, R6.4: 7, R8.2b: 3 working days.
  deadlines: Object.fromEntries(pending.map((status) => [status, 'dueAt'])),
  overdue: {
    action: 'flagOverdue',
    change: (r) => ({ note: `Quá hạn bước ${r.status} của ${whose[pendingOn(r.status)!]} (hạn ${formatLocalTime(r.dueAt!)})` }),
  },
});
