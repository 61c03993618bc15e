import { z } from 'zod';
import { builder } from '../builder.ts';
import { dossiers } from './dossier-lifecycle.ts';
import { RESULT_FIELD } from './result-delivery.ts';

/** The dossier a field acts on or reads: its `code` argument. */
const byCode = (args: { code: string }) => args.code;

const DossierStatusEnum = builder.enumType('DossierStatus', {
  values: ['SUBMITTED', 'SUPPLEMENT_REQUESTED', 'RECEIVED', 'IN_PROCESSING', 'RESULT_READY', 'DELIVERED', 'REJECTED', 'WITHDRAWN'] as const,
});

builder.prismaObject('DossierEvent', {
  description: 'One step of a dossier, stored before it is published.',
  fields: (t) => ({
    dossierCode: t.string({ select: { dossier: { select: { code: true } } }, resolve: (e) => e.dossier.code }),
    seq: t.exposeInt('seq', { description: '1, 2, 3 … within the dossier.' }),
    type: t.exposeString('type', { description: 'What happened: SUBMITTED, SUPPLEMENT_REQUESTED, SUPPLEMENTED, RECEIVED, WITHDRAWN …' }),
    status: t.expose('status', { type: DossierStatusEnum, description: 'The status after the event.' }),
    at: t.expose('at', { type: 'DateTime' }),
    actor: t.string({
      nullable: true,
      description: 'Who did it (full name); null for the platform itself.',
      select: { actor: { select: { fullName: true } } },
      resolve: (e) => e.actor?.fullName ?? null,
    }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

builder.prismaObject('Attachment', {
  fields: (t) => ({
    field: t.exposeString('field'),
    name: t.exposeString('name'),
    mediaType: t.exposeString('mediaType'),
    size: t.exposeInt('size'),
    sha256: t.exposeString('sha256'),
  }),
});

builder.prismaObject('Department', {
  description: 'A specialist department of an agency (phòng chuyên môn).',
  fields: (t) => ({ code: t.exposeString('code'), name: t.exposeString('name') }),
});

builder.prismaObject('Dossier', {
  description: 'An online dossier (hồ sơ). Visible to its applicant, the agent who filed it and its agency’s staff.',
  fields: (t) => ({
    code: t.exposeString('code'),
    status: t.expose('status', { type: DossierStatusEnum }),
    service: t.relation('pluginVersion', { description: 'The service version the dossier is pinned to.' }),
    applicant: t.relation('applicant'),
    submittedBy: t.relation('submittedBy', { description: 'The applicant, or the agent who filed on their behalf.' }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
    receptionDueAt: t.expose('receptionDueAt', {
      type: 'DateTime',
      description: 'R9.0: submission (or the latest supplement) + 4 working hours.',
    }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime', nullable: true }),
    processingDueAt: t.expose('processingDueAt', {
      type: 'DateTime',
      nullable: true,
      description: 'R10.2: acceptance + the procedure’s working days.',
    }),
    appointmentAt: t.expose('appointmentAt', {
      type: 'DateTime',
      nullable: true,
      description: 'After a missed processing deadline: the new date the agency promised in its apology.',
    }),
    department: t.relation('department', { nullable: true }),
    assignee: t.string({
      nullable: true,
      description: 'The specialist handling the dossier (full name).',
      select: { assignee: { select: { fullName: true } } },
      resolve: (d) => d.assignee?.fullName ?? null,
    }),
    overdue: t.boolean({
      description: 'The deadline of the current stage (reception or processing) has passed.',
      select: { overdueAt: true, status: true, receptionDueAt: true, processingDueAt: true },
      resolve: (d, _a, ctx) => dossiers.isOverdue(d, ctx.clock()),
    }),
    formData: t.field({ type: 'JSON', select: { formData: true }, resolve: (d) => JSON.parse(d.formData) as unknown }),
    attachments: t.relation('attachments', {
      description: 'The files of the dossier (not the result).',
      query: { where: { field: { not: RESULT_FIELD } }, orderBy: { createdAt: 'asc' } },
    }),
    resultReadyAt: t.expose('resultReadyAt', { type: 'DateTime', nullable: true }),
    resultNote: t.exposeString('resultNote', { nullable: true, description: 'The decision or result as recorded by the specialist.' }),
    resultUrl: t.string({
      nullable: true,
      description:
        'R11.3: for the applicant or filing agent of a level-4 dossier whose result is ready, an authorized link to download the result document, valid 15 minutes.',
      resolve: (d, _a, ctx) => ctx.dossierActions.resultUrl(ctx, d),
    }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    history: t.relation('events', { description: 'Every event, oldest first.', query: { orderBy: { seq: 'asc' } } }),
  }),
});

const DossierPayload = builder.objectRef<{ code: string }>('DossierPayload').implement({
  fields: (t) => ({
    dossier: t.prismaField({
      type: 'Dossier',
      resolve: (query, p, _a, ctx) => ctx.prisma.dossier.findUniqueOrThrow({ ...query, where: { code: p.code } }),
    }),
  }),
});

const SubmitDossierPayload = builder.objectRef<{ code: string; created: boolean }>('SubmitDossierPayload').implement({
  fields: (t) => ({
    created: t.exposeBoolean('created', { description: 'False when an earlier submission with the same idempotencyKey was returned.' }),
    dossier: t.prismaField({
      type: 'Dossier',
      resolve: (query, p, _a, ctx) => ctx.prisma.dossier.findUniqueOrThrow({ ...query, where: { code: p.code } }),
    }),
  }),
});

const AttachmentInput = builder.inputType('AttachmentInput', {
  fields: (t) => ({
    field: t.string({ description: 'The key of the attachment field of the e-form.' }),
    file: t.field({ type: 'File' }),
  }),
});

const SubmitDossierInput = builder.inputType('SubmitDossierInput', {
  fields: (t) => ({
    serviceCode: t.string(),
    formData: t.field({ type: 'JSON', description: 'Values keyed by the e-form’s field keys; attachments come as uploads.' }),
    attachments: t.field({ type: [AttachmentInput], required: false }),
    onBehalfOf: t.string({ required: false, description: 'Agents: the applicant’s e-mail, identity number or tax code.' }),
    idempotencyKey: t.string({ required: false, description: 'The same key again returns the same dossier instead of filing twice.' }),
  }),
  validate: z
    .object({
      serviceCode: z.string().trim().min(1, 'serviceCode must not be empty').max(40, 'serviceCode is too long'),
      idempotencyKey: z.string().max(100, 'idempotencyKey must have at most 100 characters').nullish(),
      onBehalfOf: z.string().max(254).nullish(),
      attachments: z.array(z.unknown()).max(20, 'at most 20 attachments').nullish(),
    })
    .passthrough(),
});

builder.queryFields((t) => ({
  dossier: t.prismaField({
    description: 'A dossier you may see (its applicant, the filing agent, its agency’s staff); NOT_FOUND otherwise.',
    type: 'Dossier',
    nullable: true,
    authScopes: dossiers.authScopes([], byCode),
    args: { code: t.arg.string() },
    resolve: async (query, _root, { code }, ctx) => {
      const dossier = await dossiers.visible(ctx, code);
      return ctx.prisma.dossier.findUnique({ ...query, where: { id: dossier.id } });
    },
  }),
  myDossiers: t.prismaConnection(
    {
      description: 'The dossiers you applied for or filed, newest first.',
      type: 'Dossier',
      cursor: 'id',
      authScopes: { authenticated: true },
      resolve: (query, _root, _args, ctx) =>
        ctx.prisma.dossier.findMany({
          ...query,
          where: dossiers.relatedWhere(ctx.viewer!),
          orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
        }),
    },
    { name: 'DossierConnection' },
    { name: 'DossierEdge' },
  ),
}));

const reason = z.string().trim().min(1, 'reason must not be empty').max(2000, 'reason must have at most 2000 characters');

builder.mutationFields((t) => ({
  submitDossier: t.field({
    description:
      'Files a dossier for a live level-3/4 service: citizens and organizations for themselves, agents on behalf of an applicant.',
    type: SubmitDossierPayload,
    // Who may file, and for whom: the dossier lifecycle's `created` declaration.
    ...dossiers.creating((args: { input: { onBehalfOf?: string | null } }) => (args.input.onBehalfOf ? 'submitOnBehalf' : 'submit')),
    args: { input: t.arg({ type: SubmitDossierInput }) },
    extensions: { rateLimit: 'submit' },
    resolve: async (_root, { input }, ctx) => {
      const { dossier, created } = await ctx.dossierActions.submitDossier(ctx, { ...input, attachments: input.attachments ?? [] });
      return { code: dossier.code, created };
    },
  }),
  requestSupplement: t.field({
    description: 'R9.2: reception asks the applicant for what is missing.',
    type: DossierPayload,
    authScopes: dossiers.authScopes('requestSupplement', byCode),
    args: { code: t.arg.string(), reason: t.arg.string({ validate: reason }) },
    resolve: async (_root, args, ctx) => ({ code: (await ctx.dossierActions.requestSupplement(ctx, args.code, args.reason.trim())).code }),
  }),
  submitSupplement: t.field({
    description: 'The applicant (or filing agent) completes the dossier; it returns to reception.',
    type: DossierPayload,
    authScopes: dossiers.authScopes('submitSupplement', byCode),
    args: {
      code: t.arg.string(),
      formData: t.arg({ type: 'JSON' }),
      attachments: t.arg({ type: [AttachmentInput], required: false }),
    },
    extensions: { rateLimit: 'submit' },
    resolve: async (_root, args, ctx) => ({
      code: (await ctx.dossierActions.submitSupplement(ctx, args.code, args.formData, args.attachments ?? [])).code,
    }),
  }),
  receiveDossier: t.field({
    description:
      'R9.1: reception accepts the dossier and routes it; the processing deadline starts (R10.2). R11.1: verify a first-time account here.',
    type: DossierPayload,
    authScopes: dossiers.authScopes('receive', byCode),
    args: {
      code: t.arg.string(),
      departmentCode: t.arg.string({ required: false }),
      identityVerificationNote: t.arg.string({ required: false, validate: z.string().max(2000).nullish() }),
    },
    resolve: async (_root, args, ctx) => ({ code: (await ctx.dossierActions.receiveDossier(ctx, args.code, args)).code }),
  }),
  withdrawDossier: t.field({
    description: 'The applicant (or filing agent) withdraws the dossier before reception accepts it.',
    type: DossierPayload,
    authScopes: dossiers.authScopes('withdraw', byCode),
    args: { code: t.arg.string(), reason: t.arg.string({ required: false, validate: z.string().max(2000).nullish() }) },
    resolve: async (_root, args, ctx) => ({ code: (await ctx.dossierActions.withdrawDossier(ctx, args.code, args.reason)).code }),
  }),
}));

const DeliveryMethodEnum = builder.enumType('DeliveryMethod', {
  description:
    'AT_DESK: level 3, at the reception desk (R11.2). ONLINE: level 4, the applicant downloads it. POST: level 4, sent by post (R11.3).',
  values: ['AT_DESK', 'ONLINE', 'POST'] as const,
});

const ProcessingResultInput = builder.inputType('ProcessingResultInput', {
  fields: (t) => ({
    note: t.string({ description: 'The decision or result as the applicant will read it.' }),
    document: t.field({ type: 'File', required: false, description: 'The result document (PDF, JPEG or PNG, at most 20 MB).' }),
  }),
  validate: z.object({ note: reason }).passthrough(),
});

builder.mutationFields((t) => ({
  startProcessing: t.field({
    description: 'A specialist of the dossier’s agency takes up a received dossier.',
    type: DossierPayload,
    authScopes: dossiers.authScopes('startProcessing', byCode),
    args: { code: t.arg.string() },
    resolve: async (_root, args, ctx) => ({ code: (await ctx.dossierActions.startProcessing(ctx, args.code)).code }),
  }),
  assignDossier: t.field({
    description:
      'R10.1: the agency’s admin or a specialist gives the dossier to a specialist of the agency; from RECEIVED this starts processing.',
    type: DossierPayload,
    authScopes: dossiers.authScopes(['assign', 'reassign'], byCode),
    args: { code: t.arg.string(), specialistEmail: t.arg.string() },
    resolve: async (_root, args, ctx) => ({ code: (await ctx.dossierActions.assignDossier(ctx, args.code, args.specialistEmail)).code }),
  }),
  transferDossier: t.field({
    description: 'R10.1: moves a dossier to another department of its agency (reception or specialist).',
    type: DossierPayload,
    authScopes: dossiers.authScopes('transfer', byCode),
    args: {
      code: t.arg.string(),
      departmentCode: t.arg.string(),
      note: t.arg.string({ required: false, validate: z.string().max(2000).nullish() }),
    },
    resolve: async (_root, args, ctx) => ({
      code: (await ctx.dossierActions.transferDossier(ctx, args.code, args.departmentCode, args.note)).code,
    }),
  }),
  completeProcessing: t.field({
    description: 'R10: the specialist records the result; the dossier becomes RESULT_READY.',
    type: DossierPayload,
    authScopes: dossiers.authScopes('completeProcessing', byCode),
    args: { code: t.arg.string(), input: t.arg({ type: ProcessingResultInput }) },
    resolve: async (_root, { code, input }, ctx) => ({
      code: (await ctx.dossierActions.completeProcessing(ctx, code, { note: input.note.trim(), document: input.document ?? null })).code,
    }),
  }),
  deliverResult: t.field({
    description: 'R11.2/R11.3: the result reaches the applicant. Default method: AT_DESK for level 3, ONLINE for level 4.',
    type: DossierPayload,
    authScopes: dossiers.authScopes(['deliverOnline', 'handOverResult'], byCode),
    args: {
      code: t.arg.string(),
      method: t.arg({ type: DeliveryMethodEnum, required: false }),
      note: t.arg.string({ required: false, description: 'POST: the tracking note.', validate: z.string().max(2000).nullish() }),
    },
    resolve: async (_root, args, ctx) => ({ code: (await ctx.dossierActions.deliverResult(ctx, args.code, args.method, args.note)).code }),
  }),
  verifyApplicantIdentity: t.field({
    description: 'R11.1: reception records that the applicant’s identity documents were checked (also possible within receiveDossier).',
    type: DossierPayload,
    authScopes: dossiers.authScopes('verifyIdentity', byCode),
    args: { code: t.arg.string(), note: t.arg.string({ validate: reason }) },
    resolve: async (_root, args, ctx) => ({
      code: (await ctx.dossierActions.verifyApplicantIdentity(ctx, args.code, args.note.trim())).code,
    }),
  }),
  rejectDossier: t.field({
    description: 'Reception or a specialist of the dossier’s agency refuses it, with the reason.',
    type: DossierPayload,
    authScopes: dossiers.authScopes('reject', byCode),
    args: { code: t.arg.string(), reason: t.arg.string({ validate: reason }) },
    resolve: async (_root, args, ctx) => ({ code: (await ctx.dossierActions.rejectDossier(ctx, args.code, args.reason.trim())).code }),
  }),
}));

builder.subscriptionField('dossierStatusChanged', (t) =>
  t.prismaField({
    description: 'The dossier’s latest event at once, then every new event, in order. For those who may see the dossier.',
    type: 'DossierEvent',
    authScopes: dossiers.authScopes([], byCode),
    args: { code: t.arg.string() },
    subscribe: (_root, { code }, ctx) => dossiers.watch(ctx, code),
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.dossierEvent.findUniqueOrThrow({ ...query, where: { id: (event as { id: string }).id } }),
  }),
);

const InboxFilter = builder.inputType('InboxFilter', {
  fields: (t) => ({
    status: t.field({
      type: [DossierStatusEnum],
      required: false,
      description: 'Default: every status that needs the agency (SUBMITTED, RECEIVED, IN_PROCESSING, RESULT_READY).',
    }),
    overdue: t.boolean({ required: false, description: 'Only dossiers flagged overdue.' }),
    departmentCode: t.string({ required: false }),
  }),
});

builder.queryField('inbox', (t) =>
  t.prismaConnection(
    {
      description:
        'Staff: the dossiers of your agencies, the most urgent first: by processing deadline when only dossiers past reception are asked for, else by reception deadline.',
      type: 'Dossier',
      cursor: 'id',
      authScopes: dossiers.listScopes(),
      args: { filter: t.arg({ type: InboxFilter, required: false }) },
      resolve: (query, _root, { filter }, ctx) => {
        const statuses = filter?.status?.length ? filter.status : (['SUBMITTED', 'RECEIVED', 'IN_PROCESSING', 'RESULT_READY'] as const);
        // Dossiers past reception are due by their processing deadline; the others by reception's.
        const processingStage = statuses.every((s) => s === 'RECEIVED' || s === 'IN_PROCESSING' || s === 'RESULT_READY');
        return ctx.prisma.dossier.findMany({
          ...query,
          where: {
            ...dossiers.visibleWhere(ctx.viewer!),
            status: { in: [...statuses] },
            ...(filter?.overdue ? { overdueAt: { not: null } } : {}),
            ...(filter?.departmentCode ? { department: { code: filter.departmentCode.trim().toUpperCase() } } : {}),
          },
          orderBy: processingStage
            ? [{ processingDueAt: 'asc' }, { receptionDueAt: 'asc' }, { id: 'asc' }]
            : [{ receptionDueAt: 'asc' }, { processingDueAt: 'asc' }, { id: 'asc' }],
        });
      },
    },
    { name: 'InboxConnection' },
    { name: 'InboxEdge' },
  ),
);

builder.prismaObject('Notification', {
  description: 'A message to you on the platform (R9.1 deadlines, R9.2 supplements, results, apologies).',
  fields: (t) => ({
    id: t.exposeID('id'),
    message: t.exposeString('message'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    read: t.boolean({ select: { readAt: true }, resolve: (n) => n.readAt !== null }),
    dossier: t.relation('dossier', { nullable: true }),
  }),
});

builder.queryField('notifications', (t) =>
  t.prismaConnection(
    {
      description: 'Your notifications, newest first.',
      type: 'Notification',
      cursor: 'id',
      authScopes: { authenticated: true },
      args: { unreadOnly: t.arg.boolean({ required: false }) },
      resolve: (query, _root, { unreadOnly }, ctx) =>
        ctx.prisma.notification.findMany({
          ...query,
          where: { accountId: ctx.viewer!.id, ...(unreadOnly ? { readAt: null } : {}) },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        }),
    },
    { name: 'NotificationConnection' },
    { name: 'NotificationEdge' },
  ),
);

builder.mutationField('markNotificationsRead', (t) =>
  t.int({
    description: 'Marks your notifications read (all of them without ids); returns how many changed.',
    authScopes: { authenticated: true },
    args: { ids: t.arg.idList({ required: false, validate: z.array(z.string()).max(500).nullish() }) },
    resolve: async (_root, { ids }, ctx) => {
      const { count } = await ctx.prisma.notification.updateMany({
        where: { accountId: ctx.viewer!.id, readAt: null, ...(ids ? { id: { in: ids.map(String) } } : {}) },
        data: { readAt: ctx.clock() },
      });
      return count;
    },
  }),
);
