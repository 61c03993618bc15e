import { z } from 'zod';
import { builder } from '../builder.ts';
import { foldVietnamese } from '../catalog/vietnamese.ts';
import { badInput } from '../errors.ts';
import { IMPORT_LIMITS, procedureSchema } from './procedure-file.ts';
import { importProcedureFile, saveProcedure, withdrawProcedure } from './procedure-register.ts';

// R4.3: the registry of the city-approved administrative procedures. Public to read, like the
// catalog; DoIC keeps it (one by one, or by importing a file).

builder.prismaObject('Procedure', {
  description:
    'An administrative procedure of the city-approved set (R4.3) and the agency that owns it: only that agency builds a service for it.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'The procedure code; a service for it has this code.' }),
    name: t.exposeString('name', { description: 'Tên thủ tục.' }),
    agency: t.relation('agency', { description: 'The owning agency.' }),
    field: t.exposeString('field', { description: 'Lĩnh vực.' }),
    decisionNumber: t.exposeString('decisionNumber', {
      nullable: true,
      description: 'The decision that approved the procedure, e.g. 1234/QĐ-UBND.',
    }),
    decidedOn: t.expose('decidedOn', { type: 'DateTime', nullable: true }),
    inForce: t.boolean({ description: 'False once the procedure was withdrawn (abolished).', resolve: (p) => p.withdrawnAt === null }),
    withdrawnAt: t.expose('withdrawnAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the procedure stopped being valid (R8.2b).',
    }),
    withdrawalReason: t.exposeString('withdrawalReason', { nullable: true }),
  }),
});

const ProcedureFilter = builder.inputType('ProcedureFilter', {
  fields: (t) => ({
    search: t.string({ required: false, description: 'Words to find in the code, name, field or agency; diacritics optional.' }),
    agencyCode: t.string({ required: false }),
    field: t.string({ required: false, description: 'Lĩnh vực, matched whole; diacritics optional.' }),
    includeWithdrawn: t.boolean({ required: false, description: 'Also list withdrawn procedures (not by default).' }),
  }),
  validate: z
    .object({
      search: z.string().max(200, 'search must have at most 200 characters').nullish(),
      agencyCode: z.string().max(16).nullish(),
      field: z.string().max(200).nullish(),
    })
    .passthrough(),
});

type Filter = { search?: string | null; agencyCode?: string | null; field?: string | null; includeWithdrawn?: boolean | null };

function whereProcedures(filter: Filter | null | undefined) {
  const words = filter?.search ? foldVietnamese(filter.search).split(' ').filter(Boolean) : [];
  return {
    ...(filter?.includeWithdrawn ? {} : { withdrawnAt: null }),
    ...(filter?.agencyCode ? { agency: { code: filter.agencyCode.trim().toUpperCase() } } : {}),
    ...(filter?.field ? { fieldKey: foldVietnamese(filter.field) } : {}),
    ...(words.length ? { AND: words.map((w) => ({ searchText: { contains: w } })) } : {}),
  };
}

const ProcedureInput = builder.inputType('ProcedureInput', {
  description: 'One procedure as DoIC registers it; an import file has the same columns.',
  fields: (t) => ({
    code: t.string({ description: 'The procedure code, in the format of a manifest’s code, e.g. DNG-STP-LLTP-01.' }),
    name: t.string({ description: 'Tên thủ tục, in Vietnamese.' }),
    agencyCode: t.string({ description: 'The owning agency.' }),
    field: t.string({ description: 'Lĩnh vực.' }),
    decisionNumber: t.string({ required: false }),
    decidedOn: t.field({ type: 'DateTime', required: false }),
  }),
  validate: procedureSchema,
});

const ImportResult = builder.objectRef<{ created: number; updated: number; unchanged: number }>('ProcedureImport').implement({
  description: 'What an import did. Procedures the file does not list are left as they are.',
  fields: (t) => ({
    created: t.exposeInt('created'),
    updated: t.exposeInt('updated'),
    unchanged: t.exposeInt('unchanged'),
  }),
});

builder.queryFields((t) => ({
  procedures: t.prismaConnection(
    {
      type: 'Procedure',
      cursor: 'code',
      description: 'The city-approved procedures, by code (public). Withdrawn ones only with filter.includeWithdrawn.',
      args: { filter: t.arg({ type: ProcedureFilter, required: false }) },
      resolve: (query, _root, { filter }, ctx) =>
        ctx.prisma.procedure.findMany({ ...query, where: whereProcedures(filter), orderBy: { code: 'asc' } }),
      totalCount: (_parent, { filter }, ctx) => ctx.prisma.procedure.count({ where: whereProcedures(filter) }),
    },
    { name: 'ProcedureConnection' },
    { name: 'ProcedureEdge' },
  ),
  procedure: t.prismaField({
    type: 'Procedure',
    nullable: true,
    description: 'A procedure by code, withdrawn ones too (public); null when the registry does not have it.',
    args: { code: t.arg.string() },
    resolve: (query, _root, { code }, ctx) => ctx.prisma.procedure.findUnique({ ...query, where: { code: code.trim().toUpperCase() } }),
  }),
}));

const reason = z.string().trim().min(1, 'must not be empty').max(4000, 'must have at most 4000 characters');

builder.mutationFields((t) => ({
  importProcedures: t.field({
    type: ImportResult,
    description: `R4.3: DoIC imports procedures from a file: CSV (UTF-8, a header row naming the columns code, name, agencyCode, field, decisionNumber, decidedOn) or JSON (an array of objects with those keys); at most ${IMPORT_LIMITS.maxRows} rows and ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MiB. New codes are added, listed ones changed; all rows or none. BAD_USER_INPUT lists each problem with its row and field.`,
    authScopes: { role: 'DOIC_ADMIN' },
    args: { file: t.arg({ type: 'File' }) },
    resolve: async (_root, { file }, ctx) => {
      // Refused before it is read into memory (the request limit allows far bigger uploads).
      if (file.size > IMPORT_LIMITS.maxBytes)
        throw badInput(`The file has ${file.size} bytes; an import takes at most ${IMPORT_LIMITS.maxBytes}`, [
          { field: 'file', message: `is larger than ${IMPORT_LIMITS.maxBytes} bytes` },
        ]);
      return importProcedureFile(ctx.prisma, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, ctx.clock());
    },
  }),
  addProcedure: t.prismaField({
    type: 'Procedure',
    description: 'R4.3: DoIC registers a procedure. CONFLICT when its code is registered already.',
    authScopes: { role: 'DOIC_ADMIN' },
    args: { input: t.arg({ type: ProcedureInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const saved = await saveProcedure(ctx.prisma, procedureSchema.parse(input), 'add', ctx.clock());
      return ctx.prisma.procedure.findUniqueOrThrow({ ...query, where: { id: saved.id } });
    },
  }),
  changeProcedure: t.prismaField({
    type: 'Procedure',
    description:
      'R4.3: DoIC changes a registered procedure (name, field, decision, owner). A new owner is refused with CONFLICT while the procedure has a live service or an open integration request of its current owner.',
    authScopes: { role: 'DOIC_ADMIN' },
    args: { input: t.arg({ type: ProcedureInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const saved = await saveProcedure(ctx.prisma, procedureSchema.parse(input), 'change', ctx.clock());
      return ctx.prisma.procedure.findUniqueOrThrow({ ...query, where: { id: saved.id } });
    },
  }),
  withdrawProcedure: t.prismaField({
    type: 'Procedure',
    description:
      'DoIC records that a procedure was abolished (from withdrawnOn, default now). It stays for history; its agency cancels the service for it (R8.2b).',
    authScopes: { role: 'DOIC_ADMIN' },
    args: {
      code: t.arg.string(),
      reason: t.arg.string({ validate: reason, description: 'e.g. the decision that abolished it.' }),
      withdrawnOn: t.arg({ type: 'DateTime', required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const withdrawn = await withdrawProcedure(
        ctx.prisma,
        args.code.trim().toUpperCase(),
        { at: args.withdrawnOn ?? null, reason: args.reason.trim() },
        ctx.clock(),
      );
      return ctx.prisma.procedure.findUniqueOrThrow({ ...query, where: { id: withdrawn.id } });
    },
  }),
}));
