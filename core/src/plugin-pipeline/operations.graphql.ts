import { z } from 'zod';
import { builder, normalCode, refusal } from '../builder.ts';
import { partyOf, partyRows, partyScopes } from '../lifecycle/lifecycle.ts';
import { operators } from './integration-lifecycle.ts';
import { localDate, localYear } from '../calendar/working-time.ts';
import type { Context } from '../context.ts';
import { ApiError, badInput, forbidden, notFound } from '../errors.ts';
import { ownedProcedure, procedureInForce } from '../procedures/procedure-register.ts';
import { eligibility, planDeadline } from './eligibility.ts';

// Operating the services (Art. 5, Art. 8): dossier statistics and city approvals behind the
// eligibility rules, annual deployment plans, incident reports and DoIC's suspension switch.

// Who may call each field is its authScopes (roles, and the agency scope loaders of builder.ts
// that take the field's arguments); the resolvers only load what the arguments name.

/** The agency with this code; NOT_FOUND when there is none. */
async function agencyByCode(ctx: Context, code: string) {
  const agency = await ctx.prisma.agency.findUnique({ where: { code: normalCode(code) } });
  if (!agency) throw notFound(`No agency ${code}`);
  return agency;
}

/** DoIC for any agency, or an admin of the agency the input names. */
const doicOrAdminOfInputAgency = (_root: unknown, args: { input: { agencyCode: string } }) => ({
  $any: { role: 'DOIC_ADMIN' as const, adminOfAgency: args.input.agencyCode },
});

builder.prismaObject('ProcedureStatistic', {
  description: 'A procedure’s dossiers in one year (R5.1, R5.2).',
  fields: (t) => ({
    procedureCode: t.exposeString('procedureCode'),
    year: t.exposeInt('year'),
    inPerson: t.exposeInt('inPerson'),
    onlineLevel3: t.exposeInt('onlineLevel3'),
    total: t.exposeInt('total'),
    agency: t.relation('agency'),
  }),
});

builder.prismaObject('CityApproval', {
  description: 'R5.3: the city People’s Committee’s approval of a level for a procedure.',
  fields: (t) => ({
    procedureCode: t.exposeString('procedureCode'),
    level: t.exposeInt('level'),
    decisionNumber: t.exposeString('decisionNumber'),
    decidedOn: t.expose('decidedOn', { type: 'DateTime' }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const PlanItem = builder
  .objectRef<{ procedureCode: string; title: string; level: number; quarter: number }>('DeploymentPlanItem')
  .implement({
    fields: (t) => ({
      procedureCode: t.exposeString('procedureCode'),
      title: t.exposeString('title'),
      level: t.exposeInt('level'),
      quarter: t.exposeInt('quarter', { description: 'The quarter of the year the service should go live.' }),
    }),
  });

builder.prismaObject('DeploymentPlan', {
  description: 'R5.4: an agency’s plan of online services for a year, due before 30 September of the year before.',
  fields: (t) => ({
    year: t.exposeInt('year'),
    agency: t.relation('agency'),
    filedAt: t.expose('filedAt', { type: 'DateTime' }),
    late: t.exposeBoolean('late', { description: 'Filed on or after 30 September of the year before (R5.4: before that day).' }),
    deadline: t.field({ type: 'DateTime', resolve: (p) => planDeadline(p.year) }),
    items: t.field({ type: [PlanItem], resolve: (p) => JSON.parse(p.items) as never }),
  }),
});

builder.prismaObject('Incident', {
  description: 'R8.2a (Appendix IV): a failure of a service reported by its agency.',
  fields: (t) => ({
    id: t.exposeID('id'),
    serviceCode: t.string({ select: { plugin: { select: { code: true } } }, resolve: (i) => i.plugin.code }),
    agency: t.relation('agency'),
    reportedBy: t.string({ select: { reportedBy: { select: { fullName: true } } }, resolve: (i) => i.reportedBy.fullName }),
    observedAt: t.expose('observedAt', { type: 'DateTime' }),
    reportedAt: t.expose('reportedAt', { type: 'DateTime' }),
    late: t.exposeBoolean('late', { description: 'Reported on a later day than the failure was seen (R8.2a asks for the same day).' }),
    description: t.exposeString('description'),
    impact: t.exposeString('impact', { nullable: true }),
    actionsTaken: t.exposeString('actionsTaken', { nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    resolution: t.exposeString('resolution', { nullable: true }),
  }),
});

const Eligibility = builder
  .objectRef<{ rule: string | null; eligible: boolean; why: string; approval: string | null }>('Eligibility')
  .implement({
    description: 'Whether a procedure may be built or upgraded to a level (Art. 5).',
    fields: (t) => ({
      rule: t.exposeString('rule', {
        nullable: true,
        description: 'R5.1 (new level-3/4 service) or R5.2 (3 → 4); null when neither applies.',
      }),
      eligible: t.exposeBoolean('eligible'),
      why: t.exposeString('why'),
      approval: t.exposeString('approval', { nullable: true, description: 'The city decision that allows it (R5.3), if one is recorded.' }),
    }),
  });

const count = z.number().int().min(0, 'must not be negative').max(10_000_000);

const StatisticInput = builder.inputType('ProcedureStatisticInput', {
  fields: (t) => ({
    agencyCode: t.string(),
    procedureCode: t.string(),
    year: t.int(),
    inPerson: t.int(),
    onlineLevel3: t.int(),
    total: t.int(),
  }),
  validate: z
    .object({
      procedureCode: z.string().trim().min(1).max(40),
      year: z.number().int().min(2000).max(2100),
      inPerson: count,
      onlineLevel3: count,
      total: count,
    })
    .passthrough()
    .refine((s) => s.inPerson + s.onlineLevel3 <= s.total, { message: 'inPerson + onlineLevel3 cannot exceed total', path: ['total'] }),
});

const ApprovalInput = builder.inputType('CityApprovalInput', {
  fields: (t) => ({
    procedureCode: t.string(),
    level: t.int(),
    decisionNumber: t.string({ description: 'e.g. 1234/QĐ-UBND' }),
    decidedOn: t.field({ type: 'DateTime' }),
    note: t.string({ required: false }),
  }),
  validate: z
    .object({
      procedureCode: z.string().trim().min(1).max(40),
      level: z.number().int().min(3, 'level must be 3 or 4').max(4, 'level must be 3 or 4'),
      decisionNumber: z.string().trim().min(1).max(100),
    })
    .passthrough(),
});

const PlanItemInput = builder.inputType('DeploymentPlanItemInput', {
  fields: (t) => ({ procedureCode: t.string(), title: t.string(), level: t.int(), quarter: t.int() }),
});

const PlanInput = builder.inputType('DeploymentPlanInput', {
  fields: (t) => ({ agencyCode: t.string(), year: t.int(), items: t.field({ type: [PlanItemInput] }) }),
  validate: z
    .object({
      year: z.number().int().min(2000).max(2100),
      items: z
        .array(
          z.object({
            procedureCode: z.string().trim().min(1).max(40),
            title: z.string().trim().min(1).max(500),
            level: z.number().int().min(3, 'level must be 3 or 4').max(4, 'level must be 3 or 4'),
            quarter: z.number().int().min(1, 'quarter must be 1 to 4').max(4, 'quarter must be 1 to 4'),
          }),
        )
        .min(1, 'a plan needs at least one service')
        .max(500),
    })
    .passthrough(),
});

const IncidentInput = builder.inputType('IncidentInput', {
  description: 'Appendix IV.',
  fields: (t) => ({
    serviceCode: t.string(),
    observedAt: t.field({ type: 'DateTime', description: 'When the failure was first seen.' }),
    description: t.string(),
    impact: t.string({ required: false }),
    actionsTaken: t.string({ required: false }),
  }),
  validate: z
    .object({
      description: z.string().trim().min(1, 'description must not be empty').max(4000),
      impact: z.string().max(4000).nullish(),
      actionsTaken: z.string().max(4000).nullish(),
    })
    .passthrough(),
});

/** Suspends a live service (with a reason) or lifts its suspension (null); answers its live version. */
async function setSuspension(ctx: Context, query: { select?: object; include?: object }, serviceCode: string, reason: string | null) {
  const code = serviceCode.trim().toUpperCase();
  const live = await ctx.prisma.pluginVersion.findFirst({ where: { code, status: 'LIVE' }, select: { id: true } });
  if (!live) throw notFound(`No live service ${code}`);
  const { count } = await ctx.prisma.servicePlugin.updateMany({
    where: { code, suspendedAt: reason === null ? { not: null } : null },
    data: reason === null ? { suspendedAt: null, suspendedReason: null } : { suspendedAt: ctx.clock(), suspendedReason: reason },
  });
  if (count === 0) throw new ApiError('INVALID_TRANSITION', reason === null ? `${code} is not suspended` : `${code} is already suspended`);
  return ctx.prisma.pluginVersion.findUniqueOrThrow({ ...query, where: { id: live.id } });
}

const text = z.string().trim().min(1, 'must not be empty').max(4000);

builder.queryFields((t) => ({
  eligibility: t.field({
    type: Eligibility,
    description: 'Whether a procedure may go to a level now (R5.1-R5.3), from last year’s statistics and city approvals.',
    // R4.3: a procedure's numbers are for its owner (in the registry) and DoIC only.
    authScopes: (_root, args) => ({ $any: { role: 'DOIC_ADMIN', adminOfProcedure: args.procedureCode } }),
    unauthorizedError: refusal((args: { procedureCode: string }) => `${normalCode(args.procedureCode)} belongs to another agency`),
    args: { procedureCode: t.arg.string(), level: t.arg.int() },
    resolve: async (_root, args, ctx) => {
      const code = normalCode(args.procedureCode);
      const procedure = await ctx.prisma.procedure.findUnique({ where: { code }, select: { agencyId: true } });
      if (!procedure) throw new ApiError('NOT_FOUND', `No procedure ${code} in the city’s registry (R4.3)`, { field: 'procedureCode' });
      const live = await ctx.prisma.pluginVersion.findFirst({ where: { code, status: 'LIVE' }, select: { level: true } });
      const answer = await eligibility(ctx, { procedureCode: code, level: args.level, liveLevel: live?.level ?? null, at: ctx.clock() });
      if (!answer) return { rule: null, eligible: true, why: 'no Art. 5 rule applies to this change of level', approval: null };
      return { rule: answer.rule, eligible: answer.met || !!answer.approval, why: answer.why, approval: answer.approval };
    },
  }),
  deploymentPlans: t.prismaField({
    type: ['DeploymentPlan'],
    description: 'R5.4: the plans for a year. DoIC sees every agency’s (to aggregate for the city); an agency admin their own.',
    authScopes: partyScopes(operators),
    args: { year: t.arg.int() },
    resolve: (query, _root, { year }, ctx) =>
      ctx.prisma.deploymentPlan.findMany({ ...query, where: { year, ...partyRows(operators, ctx.viewer!) }, orderBy: { filedAt: 'asc' } }),
  }),
  incidents: t.prismaField({
    type: ['Incident'],
    description: 'R8.2a: incident reports, newest first. DoIC sees all; an agency admin their agency’s.',
    authScopes: partyScopes(operators),
    args: { open: t.arg.boolean({ required: false, description: 'Only unresolved ones.' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.incident.findMany({
        ...query,
        where: { ...partyRows(operators, ctx.viewer!), ...(args.open ? { resolvedAt: null } : {}) },
        orderBy: { reportedAt: 'desc' },
        take: 200,
      }),
  }),
}));

builder.mutationFields((t) => ({
  recordProcedureStatistics: t.prismaField({
    type: 'ProcedureStatistic',
    description:
      'R5.1/R5.2: records (or corrects) a procedure’s dossier numbers for a year, for the agency that owns it in the registry (R4.3). That agency’s admin, or DoIC.',
    authScopes: doicOrAdminOfInputAgency,
    args: { input: t.arg({ type: StatisticInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const agency = await agencyByCode(ctx, input.agencyCode);
      const procedureCode = input.procedureCode.trim().toUpperCase();
      // Withdrawn procedures keep their history: their numbers may still be corrected.
      await ownedProcedure(ctx.prisma, procedureCode, agency, { inForce: false, field: 'input.procedureCode' });
      // Numbers another agency recorded for a procedure are corrected by DoIC, not overwritten.
      const recorded = await ctx.prisma.procedureStatistic.findUnique({
        where: { procedureCode_year: { procedureCode, year: input.year } },
        select: { agencyId: true },
      });
      if (recorded && recorded.agencyId !== agency.id && !partyOf(operators, ctx.viewer!, recorded.agencyId))
        throw forbidden(`${procedureCode} ${input.year} was recorded by another agency`);
      const values = {
        inPerson: input.inPerson,
        onlineLevel3: input.onlineLevel3,
        total: input.total,
        agencyId: agency.id,
        recordedById: ctx.viewer!.id,
      };
      return ctx.prisma.procedureStatistic.upsert({
        ...query,
        where: { procedureCode_year: { procedureCode, year: input.year } },
        create: { procedureCode, year: input.year, ...values },
        update: values,
      });
    },
  }),
  recordCityApproval: t.prismaField({
    type: 'CityApproval',
    description:
      'R5.3: DoIC records the city People’s Committee’s decision allowing a level without the R5.1/R5.2 numbers, for a procedure in force in the registry (R4.3).',
    authScopes: { role: 'DOIC_ADMIN' },
    args: { input: t.arg({ type: ApprovalInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const procedureCode = input.procedureCode.trim().toUpperCase();
      await procedureInForce(ctx.prisma, procedureCode, 'input.procedureCode');
      const values = {
        decisionNumber: input.decisionNumber.trim(),
        decidedOn: input.decidedOn,
        note: input.note ?? null,
        recordedById: ctx.viewer!.id,
      };
      return ctx.prisma.cityApproval.upsert({
        ...query,
        where: { procedureCode_level: { procedureCode, level: input.level } },
        create: { procedureCode, level: input.level, ...values },
        update: values,
      });
    },
  }),
  fileDeploymentPlan: t.prismaField({
    type: 'DeploymentPlan',
    description:
      'R5.4: an agency files (or replaces) its plan for a year. Accepted from 30 September of the year before, but flagged late.',
    authScopes: (_root, args) => ({ adminOfAgency: args.input.agencyCode }),
    unauthorizedError: refusal(
      (args: { input: { agencyCode: string } }) => `Only an AGENCY_ADMIN of ${normalCode(args.input.agencyCode)} files its plan`,
    ),
    args: { input: t.arg({ type: PlanInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const agency = await agencyByCode(ctx, input.agencyCode);
      const now = ctx.clock();
      if (input.year < localYear(now)) throw badInput('A plan is for a coming year', [{ field: 'input.year', message: 'is in the past' }]);
      const items = JSON.stringify(
        input.items.map((i) => ({ ...i, procedureCode: i.procedureCode.trim().toUpperCase(), title: i.title.trim() })),
      );
      const values = { items, filedById: ctx.viewer!.id, filedAt: now, late: now >= planDeadline(input.year) };
      return ctx.prisma.deploymentPlan.upsert({
        ...query,
        where: { agencyId_year: { agencyId: agency.id, year: input.year } },
        create: { agencyId: agency.id, year: input.year, ...values },
        update: values,
      });
    },
  }),
  reportIncident: t.prismaField({
    type: 'Incident',
    description:
      'R8.2a (Appendix IV): the service’s agency reports a failure to DoIC, the same day it was seen (later reports are flagged late).',
    authScopes: (_root, args) => ({ adminOfService: args.input.serviceCode }),
    unauthorizedError: refusal(() => 'Only an AGENCY_ADMIN of the service’s agency may report its incidents'),
    args: { input: t.arg({ type: IncidentInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const plugin = await ctx.prisma.servicePlugin.findUniqueOrThrow({ where: { code: normalCode(input.serviceCode) } });
      const now = ctx.clock();
      if (input.observedAt > now)
        throw badInput('The failure cannot have been seen in the future', [{ field: 'input.observedAt', message: 'is in the future' }]);
      return ctx.prisma.incident.create({
        ...query,
        data: {
          pluginId: plugin.id,
          agencyId: plugin.agencyId,
          reportedById: ctx.viewer!.id,
          observedAt: input.observedAt,
          reportedAt: now,
          late: localDate(now) > localDate(input.observedAt),
          description: input.description.trim(),
          impact: input.impact?.trim() || null,
          actionsTaken: input.actionsTaken?.trim() || null,
        },
      });
    },
  }),
  resolveIncident: t.prismaField({
    type: 'Incident',
    description: 'DoIC (R8.1 operator) records how an incident was resolved.',
    authScopes: { role: 'DOIC_ADMIN' },
    args: { id: t.arg.id(), resolution: t.arg.string({ validate: text }) },
    resolve: async (query, _root, args, ctx) => {
      const { count } = await ctx.prisma.incident.updateMany({
        where: { id: String(args.id), resolvedAt: null },
        data: { resolvedAt: ctx.clock(), resolution: args.resolution.trim() },
      });
      if (count === 0) {
        const exists = await ctx.prisma.incident.count({ where: { id: String(args.id) } });
        throw exists ? new ApiError('INVALID_TRANSITION', 'The incident is already resolved') : notFound(`No incident ${args.id}`);
      }
      return ctx.prisma.incident.findUniqueOrThrow({ ...query, where: { id: String(args.id) } });
    },
  }),
  suspendService: t.prismaField({
    type: 'PluginVersion',
    description:
      'R8.1: DoIC suspends a live service (e.g. during an incident). It stays listed, marked suspended; new dossiers are refused with SERVICE_SUSPENDED; dossiers in flight go on.',
    authScopes: { role: 'DOIC_ADMIN' },
    args: { code: t.arg.string(), reason: t.arg.string({ validate: text }) },
    resolve: (query, _root, args, ctx) => setSuspension(ctx, query, args.code, args.reason.trim()),
  }),
  resumeService: t.prismaField({
    type: 'PluginVersion',
    description: 'DoIC lifts a suspension; the service takes dossiers again.',
    authScopes: { role: 'DOIC_ADMIN' },
    args: { code: t.arg.string() },
    resolve: (query, _root, args, ctx) => setSuspension(ctx, query, args.code, null),
  }),
}));
