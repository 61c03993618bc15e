import type { Dossier, DossierStatus, Prisma } from '@egov/schema/client';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { formatLocalTime } from '../calendar/working-time.ts';
import { city, Lifecycle, platform, relation, staff, type ActionRule, type Tx } from '../lifecycle/lifecycle.ts';

export type { DossierStatus };

const reception = staff('RECEPTION_OFFICER');
const specialist = staff('SPECIALIST');
const agencyAdmin = staff('AGENCY_ADMIN');
const applicant = relation('applicant');
const filingAgent = relation('filingAgent');
const citizen = city('CITIZEN');
const organization = city('ORGANIZATION');
const agent = city('AGENT');

/** Statuses nothing more happens to. */
export const finalStatuses = ['DELIVERED', 'REJECTED', 'WITHDRAWN'] as const satisfies readonly DossierStatus[];
const open = ['SUBMITTED', 'SUPPLEMENT_REQUESTED', 'RECEIVED', 'IN_PROCESSING', 'RESULT_READY'] as const satisfies readonly DossierStatus[];

/**
 * Everything that happens to a dossier (Art. 9-11): the statuses each action starts from, where
 * it leads, the event it writes and who may take it. The one place that decides; anything
 * else is INVALID_TRANSITION or FORBIDDEN.
 */
const actions = {
  /** R9.2: reception asks the applicant to complete the dossier. */
  requestSupplement: {
    from: ['SUBMITTED'],
    to: 'SUPPLEMENT_REQUESTED',
    event: 'SUPPLEMENT_REQUESTED',
    by: [reception],
    title: 'ask for a supplement to a dossier',
  },
  /** The applicant sends the missing parts; the dossier goes back to reception. */
  submitSupplement: {
    from: ['SUPPLEMENT_REQUESTED'],
    to: 'SUBMITTED',
    event: 'SUPPLEMENTED',
    by: [applicant, filingAgent],
    title: 'supplement a dossier',
  },
  /** R9.1: reception accepts the dossier and routes it to a department. */
  receive: { from: ['SUBMITTED'], to: 'RECEIVED', event: 'RECEIVED', by: [reception], title: 'receive a dossier' },
  /** A specialist takes the dossier up (it becomes theirs). */
  startProcessing: {
    from: ['RECEIVED'],
    to: 'IN_PROCESSING',
    event: 'PROCESSING_STARTED',
    by: [specialist],
    title: 'start processing a dossier',
  },
  /** R10.1: the agency's admin or a specialist gives a received dossier to a specialist; processing starts. */
  assign: {
    from: ['RECEIVED'],
    to: 'IN_PROCESSING',
    event: 'PROCESSING_STARTED',
    by: [agencyAdmin, specialist],
    title: 'assign a dossier',
  },
  /** R10.1: ... or gives a dossier in processing to another specialist. */
  reassign: { from: ['IN_PROCESSING'], event: 'ASSIGNED', by: [agencyAdmin, specialist], title: 'assign a dossier' },
  /** R10.1: to another department of the agency; the processing deadline is unchanged. */
  transfer: { from: ['RECEIVED', 'IN_PROCESSING'], event: 'TRANSFERRED', by: [reception, specialist], title: 'transfer a dossier' },
  /** R10: the specialist department produces the result. */
  completeProcessing: {
    from: ['IN_PROCESSING'],
    to: 'RESULT_READY',
    event: 'RESULT_READY',
    by: [specialist],
    title: 'complete processing of a dossier',
  },
  /** R11.3: the applicant (or filing agent) receives a level-4 result online. Final. */
  deliverOnline: {
    from: ['RESULT_READY'],
    to: 'DELIVERED',
    event: 'DELIVERED',
    by: [applicant, filingAgent],
    title: 'receive a result online',
  },
  /** R11.2/R11.3: reception hands the result over at the desk (level 3) or posts it (level 4). Final. */
  handOverResult: { from: ['RESULT_READY'], to: 'DELIVERED', event: 'DELIVERED', by: [reception], title: 'hand over or post a result' },
  /** The agency refuses the dossier, with a reason. Final. */
  reject: {
    from: ['SUBMITTED', 'SUPPLEMENT_REQUESTED', 'RECEIVED', 'IN_PROCESSING'],
    to: 'REJECTED',
    event: 'REJECTED',
    by: [reception, specialist],
    title: 'reject a dossier',
  },
  /** The applicant takes the dossier back before reception accepts it. Final. */
  withdraw: {
    from: ['SUBMITTED', 'SUPPLEMENT_REQUESTED'],
    to: 'WITHDRAWN',
    event: 'WITHDRAWN',
    by: [applicant, filingAgent],
    title: 'withdraw a dossier',
  },
  /** R11.1 at the desk: reception records that the applicant's identity documents were checked. */
  verifyIdentity: { from: open, event: 'IDENTITY_VERIFIED', by: [reception], title: 'verify the applicant of a dossier' },
  /** R9.0 / R10.2: the deadline of the current stage passed (flagged once by the platform). */
  flagOverdue: { from: ['SUBMITTED', 'RECEIVED', 'IN_PROCESSING'], event: 'OVERDUE', by: [platform], title: 'flag a dossier overdue' },
} as const satisfies Record<string, ActionRule<DossierStatus, Dossier>>;

export type DossierAction = keyof typeof actions;

/** Working days an apology gives the agency to deliver after missing a processing deadline. */
export const APOLOGY_EXTRA_WORKING_DAYS = 2;

/** A notice on the platform to the applicant, and to the agent who filed for them. */
async function notify(tx: Tx, dossier: Pick<Dossier, 'id' | 'applicantId' | 'submittedById'>, message: string, now: Date) {
  const recipients = [...new Set([dossier.applicantId, dossier.submittedById])];
  await tx.notification.createMany({
    data: recipients.map((accountId) => ({ accountId, dossierId: dossier.id, message, createdAt: now })),
  });
}

export const dossiers = new Lifecycle<
  Dossier,
  DossierStatus,
  DossierAction,
  Omit<Prisma.DossierUncheckedUpdateManyInput, 'status'>,
  'dossier',
  { calendar: WorkingCalendar },
  'submit' | 'submitOnBehalf'
>({
  topic: 'dossier',
  noun: 'dossier',
  actions,
  /** Its applicant, the agent who filed it, and its agency's staff. */
  visibleTo: [applicant, filingAgent, staff()],
  // R9.1: a dossier is filed (and the reception clock starts).
  created: {
    status: 'SUBMITTED',
    event: 'SUBMITTED',
    ways: {
      // An agent always files for someone (the service asks for onBehalfOf).
      submit: { by: [citizen, organization, agent], title: 'file a dossier' },
      // Art. 3.5: only a public service agent files on behalf of a citizen or organization.
      submitOnBehalf: { by: [agent], title: 'file a dossier on behalf of someone (Art. 3.5)' },
    },
  },
  relations: {
    applicant: {
      label: 'the applicant',
      holds: (viewer, d) => viewer.id === d.applicantId,
      where: (viewer) => ({ applicantId: viewer.id }),
    },
    filingAgent: {
      label: 'the agent who filed it',
      holds: (viewer, d) => viewer.id === d.submittedById,
      where: (viewer) => ({ submittedById: viewer.id }),
    },
  },
  keyOf: (d) => d.code,
  store: {
    find: (db, code) => db.dossier.findUnique({ where: { code: code.trim().toUpperCase() } }),
    guardedUpdate: async (tx, d, data) =>
      (await tx.dossier.updateMany({ where: { id: d.id, status: d.status, eventCount: d.eventCount }, data })).count,
    reload: (tx, d) => tx.dossier.findUniqueOrThrow({ where: { id: d.id } }),
    appendEvent: (tx, d, { payload: _payload, ...event }) => tx.dossierEvent.create({ data: { ...event, dossierId: d.id } }),
    latestEvent: (db, d) => db.dossierEvent.findFirstOrThrow({ where: { dossierId: d.id }, orderBy: { seq: 'desc' } }),
    findMany: (db, where, take) => db.dossier.findMany({ where: where as Prisma.DossierWhereInput, orderBy: { submittedAt: 'asc' }, take }),
  },
  notify,
  // R9.0: reception within 4 working hours; R10.2: processing within the procedure's working days.
  deadlines: { SUBMITTED: 'receptionDueAt', RECEIVED: 'processingDueAt', IN_PROCESSING: 'processingDueAt' },
  overdue: {
    action: 'flagOverdue',
    // A processing delay brings an apology to the applicant with a new appointment date (the
    // practice later national rules require).
    change: (d, now, { calendar }) => {
      if (d.status === 'SUBMITTED') return { note: `Quá hạn tiếp nhận (hạn ${formatLocalTime(d.receptionDueAt)})` };
      const appointment = calendar.time.addWorkingDays(now, APOLOGY_EXTRA_WORKING_DAYS);
      return {
        data: { appointmentAt: appointment },
        note: `Quá hạn giải quyết (hạn ${formatLocalTime(d.processingDueAt!)}); hẹn lại ngày trả kết quả ${formatLocalTime(appointment)}`,
        notice: `Xin lỗi: hồ sơ ${d.code} chưa được giải quyết đúng hạn ${formatLocalTime(d.processingDueAt!)}. Cơ quan hẹn trả kết quả vào ${formatLocalTime(appointment)}.`,
      };
    },
  },
});
