import { builder } from '../builder.ts';

const AgencyKindEnum = builder.enumType('AgencyKind', {
  values: ['DEPARTMENT', 'DISTRICT', 'WARD', 'PUBLIC_SERVICE_UNIT', 'DOIC'] as const,
});

export const AgencyType = builder.prismaObject('Agency', {
  description: 'A service-provider agency (Art. 3.4).',
  fields: (t) => ({
    id: t.exposeID('id'),
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: AgencyKindEnum }),
    address: t.exposeString('address', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    email: t.exposeString('email', { nullable: true }),
    website: t.exposeString('website', { nullable: true }),
    services: t.relation('pluginVersions', {
      description: 'The live online services of this agency.',
      query: { where: { status: 'LIVE' }, orderBy: { code: 'asc' } },
    }),
    members: t.relation('roleGrants', {
      description: "The agency's staff and their roles: the agency's own staff and DoIC only.",
      authScopes: (agency) => ({ staffOf: agency.id, role: 'DOIC_ADMIN' }),
      query: { orderBy: { createdAt: 'asc' } },
    }),
  }),
});

builder.queryFields((t) => ({
  agencies: t.prismaField({
    description: 'Every agency (public).',
    type: ['Agency'],
    resolve: (query, _root, _args, ctx) => ctx.prisma.agency.findMany({ ...query, orderBy: { code: 'asc' } }),
  }),
  agency: t.prismaField({
    description: 'One agency by code (public).',
    type: 'Agency',
    nullable: true,
    args: { code: t.arg.string() },
    resolve: (query, _root, { code }, ctx) => ctx.prisma.agency.findUnique({ ...query, where: { code: code.trim().toUpperCase() } }),
  }),
}));
