import { z } from 'zod';
import { builder } from '../builder.ts';
import { integrationRequests, pendingOn } from './integration-lifecycle.ts';
import { appendixII, recommendations, type CheckResult, type SandboxReport } from './report.ts';

/** The request a field acts on or reads: its `requestId` (or `id`) argument. */
const byRequestId = (args: { requestId: string | number }) => String(args.requestId);
const byId = (args: { id: string | number }) => String(args.id);

const IntegrationKindEnum = builder.enumType('IntegrationKind', {
  description: 'Appendix I: a new service (R6.1), an update (R7), a cancellation (R8.2b).',
  values: ['NEW', 'UPDATE', 'CANCEL'] as const,
});

const IntegrationStatusEnum = builder.enumType('IntegrationStatus', {
  description:
    'FILED → CHECKING → CHECK_FAILED | CHECK_PASSED → INSTALLED → ACCEPTED → ANNOUNCED; CANCEL: FILED → RETIRED; an installed version can be ROLLED_BACK.',
  values: ['FILED', 'CHECKING', 'CHECK_FAILED', 'CHECK_PASSED', 'INSTALLED', 'ACCEPTED', 'ANNOUNCED', 'RETIRED', 'ROLLED_BACK'] as const,
});

const PartyEnum = builder.enumType('PipelineParty', {
  description: 'Who the current step of a request waits for.',
  values: ['DOIC', 'AGENCY'] as const,
});

export const LanguageEnum = builder.enumType('Language', { values: ['VI', 'EN'] as const });

const CheckSeverityEnum = builder.enumType('CheckSeverity', { values: ['error', 'warning', 'info'] as const });

const SandboxCheckType = builder.objectRef<CheckResult>('SandboxCheck').implement({
  description: 'One sandbox check: a stable ID, its severity, and what it found.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Stable, e.g. CAP.FS, SCHEMA.DIFF, TRIAL.RUN.' }),
    title: t.exposeString('title'),
    severity: t.expose('severity', { type: CheckSeverityEnum }),
    passed: t.exposeBoolean('passed'),
    details: t.exposeStringList('details'),
  }),
});

const StepResultType = builder.objectRef<{ passed: boolean | null; recommendation: string }>('CheckStepResult').implement({
  fields: (t) => ({
    passed: t.exposeBoolean('passed', { nullable: true, description: 'Null when nothing of this part has run yet.' }),
    recommendation: t.exposeString('recommendation', { description: 'Đề nghị.' }),
  }),
});

/** The report with the request's facts the notice names, selected with the request (one query). */
type ReportParent = {
  report: SandboxReport;
  request: {
    serviceCode: string;
    version: string | null;
    filedAt: Date;
    installedAt: Date | null;
    agency: { name: string };
    checker: { fullName: string } | null;
    signedOffBy: { fullName: string } | null;
  };
};

const IntegrationReportType = builder.objectRef<ReportParent>('IntegrationReport').implement({
  description:
    'The Appendix II notice of R6.2: technical and security result, installation result, checker and DoIC sign-off, with every check.',
  fields: (t) => ({
    verdict: t.string({ resolve: (p) => p.report.verdict }),
    digest: t.string({ description: 'SHA-256 over the package files checked.', resolve: (p) => p.report.digest }),
    technical: t.field({
      type: StepResultType,
      description: 'Kết quả kiểm tra về kỹ thuật và an toàn thông tin, with the recommendation.',
      args: { language: t.arg({ type: LanguageEnum, defaultValue: 'VI' }) },
      resolve: (p, { language }) => recommendations(p.report, language === 'EN' ? 'en' : 'vi').technical,
    }),
    installation: t.field({
      type: StepResultType,
      description: 'Kết quả cài đặt (the trial installation and run), with the recommendation.',
      args: { language: t.arg({ type: LanguageEnum, defaultValue: 'VI' }) },
      resolve: (p, { language }) => recommendations(p.report, language === 'EN' ? 'en' : 'vi').installation,
    }),
    checker: t.string({ nullable: true, description: 'Người kiểm tra.', resolve: (p) => p.request.checker?.fullName ?? null }),
    signedOffBy: t.string({
      nullable: true,
      description: 'Lãnh đạo Sở TT&TT: who promoted (signed off); null until then.',
      resolve: (p) => p.request.signedOffBy?.fullName ?? null,
    }),
    checks: t.field({ type: [SandboxCheckType], resolve: (p) => p.report.checks }),
    text: t.string({
      description: 'The Appendix II notice as text, in Vietnamese (authoritative) or English.',
      args: { language: t.arg({ type: LanguageEnum, defaultValue: 'VI' }) },
      resolve: (p, { language }) => {
        const r = p.request;
        return appendixII(
          p.report,
          {
            serviceCode: r.serviceCode,
            serviceTitle: p.report.title ?? r.serviceCode,
            version: r.version ?? '',
            agencyName: r.agency.name,
            requestedAt: r.filedAt,
            checkerName: r.checker?.fullName ?? null,
            signedOffBy: r.signedOffBy?.fullName ?? null,
            signedOffAt: r.installedAt,
            installedAt: r.installedAt,
            installationNote: null,
          },
          language === 'EN' ? 'en' : 'vi',
        );
      },
    }),
  }),
});

builder.prismaObject('IntegrationEvent', {
  description: 'One step of an integration request, or one finished sandbox check (type CHECK).',
  fields: (t) => ({
    requestId: t.exposeID('requestId'),
    seq: t.exposeInt('seq'),
    type: t.exposeString('type', {
      description:
        'FILED, CHECK_STARTED, CHECK, CHECK_PASSED, CHECK_FAILED, INSTALLED, ACCEPTED, ANNOUNCED, RETIRED, ROLLED_BACK, OVERDUE.',
    }),
    status: t.expose('status', { type: IntegrationStatusEnum, description: 'The request’s status after the event.' }),
    at: t.expose('at', { type: 'DateTime' }),
    actor: t.string({ nullable: true, select: { actor: { select: { fullName: true } } }, resolve: (e) => e.actor?.fullName ?? null }),
    note: t.exposeString('note', { nullable: true }),
    check: t.field({
      type: SandboxCheckType,
      nullable: true,
      select: { data: true },
      resolve: (e) => (e.data ? (JSON.parse(e.data) as CheckResult) : null),
    }),
    request: t.relation('request'),
  }),
});

const PluginInfoType = builder
  .objectRef<{
    serviceCode: string;
    packageName: string | null;
    sourcePath: string | null;
    packageDigest: string | null;
    tarballSha256: string | null;
  }>('PluginPackage')
  .implement({
    description: 'The plugin package a request is about.',
    fields: (t) => ({
      serviceCode: t.exposeString('serviceCode'),
      packageName: t.exposeString('packageName', { nullable: true }),
      path: t.exposeString('sourcePath', { nullable: true, description: 'Relative to the plugin root.' }),
      digest: t.exposeString('packageDigest', { nullable: true, description: 'SHA-256 over the package files, as filed.' }),
      tarballSha256: t.exposeString('tarballSha256', { nullable: true }),
    }),
  });

export const IntegrationRequestType = builder.prismaObject('IntegrationRequest', {
  description: 'An integration request (Appendix I) and where it is in the pipeline of Art. 6-8.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: IntegrationKindEnum }),
    status: t.expose('status', { type: IntegrationStatusEnum }),
    agency: t.relation('agency'),
    serviceCode: t.exposeString('serviceCode'),
    plugin: t.field({ type: PluginInfoType, resolve: (r) => r }),
    version: t.exposeString('version', { nullable: true }),
    level: t.exposeInt('level', { nullable: true, description: 'The level asked for.' }),
    reason: t.exposeString('reason', { nullable: true }),
    invalidSince: t.expose('invalidSince', {
      type: 'DateTime',
      nullable: true,
      description: 'CANCEL: when the procedure stopped being valid.',
    }),
    filedLate: t.exposeBoolean('filedLate', {
      description: 'CANCEL filed more than 7 working days after the procedure stopped being valid (R8.2b).',
    }),
    filedAt: t.expose('filedAt', { type: 'DateTime' }),
    filedBy: t.string({ select: { filedBy: { select: { fullName: true } } }, resolve: (r) => r.filedBy.fullName }),
    dueAt: t.expose('dueAt', {
      type: 'DateTime',
      nullable: true,
      description: 'The working-day deadline of the current step (5 / 7 / 7, 3 for a removal).',
    }),
    pendingOn: t.field({ type: PartyEnum, nullable: true, resolve: (r) => pendingOn(r.status) }),
    overdue: t.boolean({ resolve: (r) => r.overdueAt !== null }),
    overdueAt: t.expose('overdueAt', { type: 'DateTime', nullable: true }),
    checkStartedAt: t.expose('checkStartedAt', { type: 'DateTime', nullable: true }),
    checkedAt: t.expose('checkedAt', { type: 'DateTime', nullable: true }),
    installedAt: t.expose('installedAt', { type: 'DateTime', nullable: true }),
    acceptedAt: t.expose('acceptedAt', { type: 'DateTime', nullable: true }),
    acceptanceNote: t.exposeString('acceptanceNote', { nullable: true }),
    announcedAt: t.expose('announcedAt', { type: 'DateTime', nullable: true }),
    announcementNote: t.exposeString('announcementNote', { nullable: true }),
    report: t.field({
      type: IntegrationReportType,
      nullable: true,
      description: 'The Appendix II report, once the check has finished.',
      select: {
        report: true,
        serviceCode: true,
        version: true,
        filedAt: true,
        installedAt: true,
        agency: { select: { name: true } },
        checker: { select: { fullName: true } },
        signedOffBy: { select: { fullName: true } },
      },
      resolve: (r) => (r.report ? { report: JSON.parse(r.report) as SandboxReport, request: r } : null),
    }),
    history: t.relation('events', { query: { orderBy: { seq: 'asc' } } }),
  }),
});

const IntegrationRequestPayload = builder.objectRef<{ id: string }>('IntegrationRequestPayload').implement({
  fields: (t) => ({
    request: t.prismaField({
      type: 'IntegrationRequest',
      resolve: (query, p, _a, ctx) => ctx.prisma.integrationRequest.findUniqueOrThrow({ ...query, where: { id: p.id } }),
    }),
  }),
});

const IntegrationRequestInput = builder.inputType('IntegrationRequestInput', {
  description: 'Appendix I. NEW and UPDATE name a package: a folder under the plugin root, or an uploaded `npm pack` tarball.',
  fields: (t) => ({
    kind: t.field({ type: IntegrationKindEnum }),
    serviceCode: t.string({ description: 'The procedure code.' }),
    agencyCode: t.string({ required: false, description: 'Only for an admin of several agencies.' }),
    level: t.int({ required: false, description: 'NEW/UPDATE: the level asked for (R5).' }),
    packagePath: t.string({ required: false, description: 'A package folder, relative to the plugin root.' }),
    package: t.field({ type: 'File', required: false, description: 'An `npm pack` tarball (.tgz, at most 20 MB).' }),
    reason: t.string({ required: false, description: 'CANCEL: why the service is no longer valid (R8.2b). Otherwise a note.' }),
    invalidSince: t.field({
      type: 'DateTime',
      required: false,
      description: 'CANCEL: when the procedure was abolished or changed; R8.2b allows 7 working days to file.',
    }),
  }),
  validate: z
    .object({
      serviceCode: z.string().trim().min(1, 'serviceCode must not be empty').max(40, 'serviceCode is too long'),
      agencyCode: z.string().max(16).nullish(),
      packagePath: z.string().max(500, 'packagePath is too long').nullish(),
      reason: z.string().max(4000, 'reason must have at most 4000 characters').nullish(),
    })
    .passthrough(),
});

const note = z.string().trim().min(1, 'note must not be empty').max(4000, 'note must have at most 4000 characters');

builder.queryFields((t) => ({
  integrationRequest: t.prismaField({
    type: 'IntegrationRequest',
    nullable: true,
    description: 'A request you may see: DoIC admins, and the requesting agency’s admins. NOT_FOUND otherwise.',
    authScopes: integrationRequests.authScopes([], byId),
    args: { id: t.arg.id() },
    resolve: async (query, _root, { id }, ctx) => {
      const request = await integrationRequests.visible(ctx, String(id));
      return ctx.prisma.integrationRequest.findUnique({ ...query, where: { id: request.id } });
    },
  }),
  integrationRequests: t.prismaConnection({
    type: 'IntegrationRequest',
    cursor: 'id',
    description: 'DoIC: every request; agency admins: their agencies’ requests. Newest first.',
    authScopes: integrationRequests.listScopes(),
    args: {
      status: t.arg({ type: [IntegrationStatusEnum], required: false }),
      serviceCode: t.arg.string({ required: false }),
      overdue: t.arg.boolean({ required: false }),
    },
    resolve: (query, _root, args, ctx) => {
      return ctx.prisma.integrationRequest.findMany({
        ...query,
        where: {
          ...integrationRequests.visibleWhere(ctx.viewer!),
          ...(args.status?.length ? { status: { in: args.status } } : {}),
          ...(args.serviceCode ? { serviceCode: args.serviceCode.trim().toUpperCase() } : {}),
          ...(args.overdue === true ? { overdueAt: { not: null } } : args.overdue === false ? { overdueAt: null } : {}),
        },
        orderBy: [{ filedAt: 'desc' }, { id: 'desc' }],
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  fileIntegrationRequest: t.field({
    type: IntegrationRequestPayload,
    description: 'R6.1, R7, R8.2b: an agency admin files an integration request for a service of their agency.',
    // For the agency the input names, or (when it names none) the caller's only one: the
    // integration lifecycle's `created` declaration.
    ...integrationRequests.creating(
      () => 'file',
      (args: { input: { agencyCode?: string | null } }) => args.input.agencyCode,
    ),
    args: { input: t.arg({ type: IntegrationRequestInput }) },
    resolve: async (_root, { input }, ctx) => {
      const request = await ctx.pipelineActions.fileIntegrationRequest(ctx, {
        kind: input.kind,
        serviceCode: input.serviceCode,
        agencyCode: input.agencyCode ?? null,
        level: input.level ?? null,
        reason: input.reason ?? null,
        invalidSince: input.invalidSince ?? null,
        source: { path: input.packagePath ?? null, upload: input.package ?? null },
      });
      return { id: request.id };
    },
  }),
  checkIntegrationRequest: t.field({
    type: IntegrationRequestPayload,
    description: 'R6.2: DoIC starts the sandbox check (technical, security, trial run); follow it with integrationRequestUpdated.',
    authScopes: integrationRequests.authScopes('startCheck', byRequestId),
    args: { requestId: t.arg.id() },
    resolve: async (_root, args, ctx) => ({ id: (await ctx.pipelineActions.startIntegrationCheck(ctx, String(args.requestId))).id }),
  }),
  promotePlugin: t.field({
    type: IntegrationRequestPayload,
    description: 'R6.2: DoIC integrates a version that passed its check. The catalog and the schema change at once, no restart.',
    authScopes: integrationRequests.authScopes('promote', byRequestId),
    args: { requestId: t.arg.id() },
    resolve: async (_root, args, ctx) => ({ id: (await ctx.pipelineActions.promotePlugin(ctx, String(args.requestId))).id }),
  }),
  rollbackPlugin: t.field({
    type: IntegrationRequestPayload,
    description: 'DoIC takes an installed version back; the version live before it serves again (none for a NEW service).',
    authScopes: integrationRequests.authScopes('rollback', byRequestId),
    args: { requestId: t.arg.id(), reason: t.arg.string({ validate: note }) },
    resolve: async (_root, args, ctx) => ({
      id: (await ctx.pipelineActions.rollbackPlugin(ctx, String(args.requestId), args.reason.trim())).id,
    }),
  }),
  acceptIntegration: t.field({
    type: IntegrationRequestPayload,
    description: 'R6.3 (Appendix III): the agency tested the integrated service and accepts it.',
    authScopes: integrationRequests.authScopes('accept', byRequestId),
    args: { requestId: t.arg.id(), note: t.arg.string({ validate: note }) },
    resolve: async (_root, args, ctx) => ({
      id: (await ctx.pipelineActions.acceptIntegration(ctx, String(args.requestId), args.note.trim())).id,
    }),
  }),
  announceService: t.field({
    type: IntegrationRequestPayload,
    description: 'R6.4: the agency announced the service to the public, the city portal and the Information Centre.',
    authScopes: integrationRequests.authScopes('announce', byRequestId),
    args: { requestId: t.arg.id(), note: t.arg.string({ validate: note }) },
    resolve: async (_root, args, ctx) => ({
      id: (await ctx.pipelineActions.announceService(ctx, String(args.requestId), args.note.trim())).id,
    }),
  }),
  retireService: t.field({
    type: IntegrationRequestPayload,
    description: 'R8.2b: DoIC removes the service of a CANCEL request from the catalog; its dossiers stay readable.',
    authScopes: integrationRequests.authScopes('retire', byRequestId),
    args: { requestId: t.arg.id() },
    resolve: async (_root, args, ctx) => ({ id: (await ctx.pipelineActions.retireService(ctx, String(args.requestId))).id }),
  }),
}));

builder.subscriptionField('integrationRequestUpdated', (t) =>
  t.prismaField({
    type: 'IntegrationEvent',
    description:
      'The request’s latest event at once, then every new one (each finished check, each step). DoIC admins and the requesting agency’s admins only.',
    authScopes: integrationRequests.authScopes([], byId),
    args: { id: t.arg.id() },
    subscribe: (_root, { id }, ctx) => integrationRequests.watch(ctx, String(id)),
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.integrationEvent.findUniqueOrThrow({ ...query, where: { id: (event as { id: string }).id } }),
  }),
);
