import { z } from 'zod';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { fieldTypes, type FormDefinition, type FormField, type ServiceManifest } from '@egov/sdk';
import { foldVietnamese } from './vietnamese.ts';

type Manifest = ServiceManifest;
type Form = FormDefinition;
type Section = Form['sections'][number];
type DownloadableForm = Manifest['forms'][number] & { serviceCode: string };

const OnlineModeEnum = builder.enumType('OnlineMode', {
  description: 'Decree 42/2022/NĐ-CP: full-process online (toàn trình) or partial online (một phần).',
  values: ['FULL', 'PARTIAL'] as const,
});

builder.prismaObject('Fee', {
  description: 'A fee or charge in VND. R11.4: the online amount never exceeds the in-person amount.',
  fields: (t) => ({
    name: t.exposeString('name'),
    inPerson: t.exposeInt('inPerson'),
    online: t.exposeInt('online', { nullable: true, description: 'Null when the fee can only be paid at the desk.' }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const DossierDocumentType = builder.objectRef<Manifest['documents'][number]>('DossierDocument').implement({
  description: 'A component of the dossier (thành phần hồ sơ) and the number of copies.',
  fields: (t) => ({
    name: t.exposeString('name'),
    originals: t.exposeInt('originals'),
    copies: t.exposeInt('copies'),
    required: t.exposeBoolean('required'),
    template: t.exposeString('template', { nullable: true, description: 'Code of the downloadable form to fill in.' }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const DownloadableFormType = builder.objectRef<DownloadableForm>('DownloadableForm').implement({
  description: 'A form template (mẫu đơn, tờ khai) to download.',
  fields: (t) => ({
    code: t.exposeString('code'),
    title: t.exposeString('title'),
    url: t.string({
      resolve: (f, _args, ctx) => f.url ?? ctx.catalog.formUrl(f.serviceCode, f.code),
    }),
  }),
});

const ResultType = builder.objectRef<Manifest['result']>('ProcedureResult').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
  }),
});

const FieldTypeEnum = builder.enumType('FormFieldType', { values: fieldTypes });

const FormOptionType = builder.objectRef<{ value: string; label: string }>('FormOption').implement({
  fields: (t) => ({ value: t.exposeString('value'), label: t.exposeString('label') }),
});

const FormFieldType = builder.objectRef<FormField>('FormField').implement({
  description: 'One field of an e-form (R4.5: the same model for every service).',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The key of this field in the submitted form data.' }),
    label: t.exposeString('label'),
    type: t.expose('type', { type: FieldTypeEnum }),
    required: t.exposeBoolean('required'),
    help: t.exposeString('help', { nullable: true }),
    options: t.expose('options', { type: [FormOptionType], nullable: true }),
    minLength: t.exposeInt('minLength', { nullable: true }),
    maxLength: t.exposeInt('maxLength', { nullable: true }),
    min: t.exposeFloat('min', { nullable: true }),
    max: t.exposeFloat('max', { nullable: true }),
    pattern: t.exposeString('pattern', { nullable: true }),
    accept: t.exposeStringList('accept', { nullable: true }),
    maxSizeMb: t.exposeFloat('maxSizeMb', { nullable: true }),
  }),
});

const FormSectionType = builder.objectRef<Section>('FormSection').implement({
  fields: (t) => ({
    key: t.exposeString('key'),
    title: t.exposeString('title'),
    fields: t.expose('fields', { type: [FormFieldType] }),
  }),
});

const EFormType = builder.objectRef<Form>('EForm').implement({
  description: 'The online form of a level-3/4 service.',
  fields: (t) => ({
    title: t.exposeString('title'),
    sections: t.expose('sections', { type: [FormSectionType] }),
    definition: t.field({ type: 'JSON', description: 'The same definition as one JSON value.', resolve: (f) => f }),
  }),
});

// Manifest-derived fields come from the registry's parsed copy, never from the row: the
// manifest column is not even selected.
const manifestOf = (version: { id: string }, ctx: Context) => ctx.catalog.manifest(ctx.prisma, version.id);
const fromManifest =
  <T>(pick: (m: Manifest, version: { id: string; code: string }) => T) =>
  async (version: { id: string; code: string }, _args: object, ctx: Context) =>
    pick(await manifestOf(version, ctx), version);

export const ServiceType = builder.prismaObject('PluginVersion', {
  name: 'Service',
  select: { id: true, code: true },
  description: 'An online public service: the live version of an agency plugin, with its procedure information (R4.4).',
  fields: (t) => ({
    id: t.exposeID('id'),
    code: t.exposeString('code', { description: 'The procedure code (R4.3).' }),
    version: t.exposeString('version'),
    title: t.exposeString('title'),
    level: t.exposeInt('level', { description: 'Art. 3.2 level, 1 to 4.' }),
    onlineMode: t.expose('onlineMode', { type: OnlineModeEnum, nullable: true, description: 'Level 3/4 only.' }),
    agency: t.relation('agency'),
    field: t.exposeString('field', { description: 'Lĩnh vực.' }),
    processingDays: t.exposeInt('processingDays', { description: 'Processing time in working days.' }),
    fees: t.relation('fees', { query: { orderBy: { position: 'asc' } } }),
    url: t.string({
      description: 'The stable public link to this service (R12.1).',
      resolve: (v, _args, ctx) => ctx.catalog.serviceUrl(v.code),
    }),
    liveSince: t.expose('liveSince', { type: 'DateTime', nullable: true }),
    suspended: t.boolean({
      description: 'DoIC suspended the service (R8.1): it takes no new dossiers for now.',
      select: { plugin: { select: { suspendedAt: true } } },
      resolve: (v) => v.plugin.suspendedAt !== null,
    }),
    summary: t.string({ nullable: true, resolve: fromManifest((m) => m.summary ?? null) }),
    steps: t.stringList({ description: 'Sequence of performing (trình tự thực hiện).', resolve: fromManifest((m) => m.steps) }),
    methods: t.stringList({ description: 'Methods of performing (cách thức thực hiện).', resolve: fromManifest((m) => m.methods) }),
    documents: t.field({ type: [DossierDocumentType], resolve: fromManifest((m) => m.documents) }),
    subjects: t.stringList({ description: 'Eligible subjects (đối tượng thực hiện).', resolve: fromManifest((m) => m.subjects) }),
    result: t.field({ type: ResultType, resolve: fromManifest((m) => m.result) }),
    requirements: t.stringList({ description: 'Requirements and conditions.', resolve: fromManifest((m) => m.requirements) }),
    legalBasis: t.stringList({ resolve: fromManifest((m) => m.legalBasis) }),
    forms: t.field({
      type: [DownloadableFormType],
      description: 'Downloadable form templates (level 2 and up).',
      resolve: fromManifest((m, v) => m.forms.map((f) => ({ ...f, serviceCode: v.code }))),
    }),
    form: t.field({
      type: EFormType,
      nullable: true,
      description: 'The e-form to fill in online (level 3/4); null below level 3.',
      resolve: fromManifest((m) => m.form ?? null),
    }),
  }),
});

const ServiceFilter = builder.inputType('ServiceFilter', {
  fields: (t) => ({
    search: t.string({ required: false, description: 'Words to find in the code, title, field or agency; diacritics optional.' }),
    level: t.int({ required: false }),
    agencyCode: t.string({ required: false }),
    field: t.string({ required: false, description: 'Lĩnh vực, matched whole; diacritics optional.' }),
    onlineMode: t.field({ type: OnlineModeEnum, required: false }),
  }),
  validate: z.object({
    search: z.string().max(200, 'search must have at most 200 characters').nullish(),
    level: z.number().int().min(1, 'level must be 1 to 4').max(4, 'level must be 1 to 4').nullish(),
    agencyCode: z.string().max(16).nullish(),
    field: z.string().max(200).nullish(),
    onlineMode: z.enum(['FULL', 'PARTIAL']).nullish(),
  }),
});

type Filter = {
  search?: string | null;
  level?: number | null;
  agencyCode?: string | null;
  field?: string | null;
  onlineMode?: 'FULL' | 'PARTIAL' | null;
};

function whereLive(filter: Filter | null | undefined) {
  const words = filter?.search ? foldVietnamese(filter.search).split(' ').filter(Boolean) : [];
  return {
    status: 'LIVE' as const,
    ...(filter?.level ? { level: filter.level } : {}),
    ...(filter?.onlineMode ? { onlineMode: filter.onlineMode } : {}),
    ...(filter?.field ? { fieldKey: foldVietnamese(filter.field) } : {}),
    ...(filter?.agencyCode ? { agency: { code: filter.agencyCode.toUpperCase() } } : {}),
    ...(words.length ? { AND: words.map((w) => ({ searchText: { contains: w } })) } : {}),
  };
}

builder.queryFields((t) => ({
  services: t.prismaConnection(
    {
      description: 'The live services, by procedure code (public).',
      type: 'PluginVersion',
      cursor: 'id',
      args: { filter: t.arg({ type: ServiceFilter, required: false }) },
      resolve: (query, _root, { filter }, ctx) =>
        ctx.prisma.pluginVersion.findMany({ ...query, where: whereLive(filter), orderBy: [{ code: 'asc' }, { id: 'asc' }] }),
      totalCount: (_parent, { filter }, ctx) => ctx.prisma.pluginVersion.count({ where: whereLive(filter) }),
    },
    { name: 'ServiceConnection' },
    { name: 'ServiceEdge' },
  ),
  service: t.prismaField({
    description: 'The live version of a service by procedure code (public); null when there is none.',
    type: ServiceType,
    nullable: true,
    args: { code: t.arg.string() },
    resolve: (query, _root, { code }, ctx) =>
      ctx.prisma.pluginVersion.findFirst({ ...query, where: { code: code.trim().toUpperCase(), status: 'LIVE' } }),
  }),
}));
