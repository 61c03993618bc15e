import { z } from 'zod';
import { builder } from '../builder.ts';
import { registerSchema } from './accounts.ts';
import { roles } from './roles.ts';
import { loadViewer } from './viewer.ts';
import type { Context } from '../context.ts';

export const RoleEnum = builder.enumType('Role', { values: roles });
const AccountKindEnum = builder.enumType('AccountKind', { values: ['CITIZEN', 'ORGANIZATION', 'AGENT', 'STAFF'] as const });
const RegisterKindEnum = builder.enumType('RegisterKind', {
  description: 'The kinds of account anyone may open; agents and staff are created by the city.',
  values: ['CITIZEN', 'ORGANIZATION'] as const,
});

export const RoleGrantType = builder.prismaObject('RoleGrant', {
  description: 'A role an account holds; staff roles name the agency they act for.',
  fields: (t) => ({
    role: t.expose('role', { type: RoleEnum }),
    agency: t.relation('agency', { nullable: true }),
    account: t.relation('account'),
  }),
});

export const AccountType = builder.prismaObject('Account', {
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    fullName: t.exposeString('fullName'),
    kind: t.expose('kind', { type: AccountKindEnum }),
    // Personal identifiers: the holder, DoIC, and the staff of an agency the holder has a
    // dossier with (reception checks them, R11.1).
    nationalId: t.exposeString('nationalId', {
      nullable: true,
      authScopes: (a) => ({ self: a.id, role: 'DOIC_ADMIN', staffOfApplicant: a.id }),
    }),
    taxCode: t.exposeString('taxCode', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true, authScopes: (a) => ({ self: a.id, role: 'DOIC_ADMIN', staffOfApplicant: a.id }) }),
    identityVerified: t.boolean({
      description: 'R11.1: a reception officer has checked the identity documents of this account.',
      select: { identityVerifiedAt: true },
      resolve: (a) => a.identityVerifiedAt !== null,
    }),
    roles: t.relation('roleGrants'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

interface AuthResult {
  token: string;
  expiresAt: Date;
  accountId: string;
}

const AuthPayload = builder.objectRef<AuthResult>('AuthPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send as `Authorization: Bearer <token>`.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    account: t.prismaField({
      type: 'Account',
      resolve: (query, payload, _args, ctx) => ctx.prisma.account.findUniqueOrThrow({ ...query, where: { id: payload.accountId } }),
    }),
  }),
});

const RegisterInput = builder.inputType('RegisterInput', {
  fields: (t) => ({
    kind: t.field({ type: RegisterKindEnum }),
    fullName: t.string({ description: 'Full name of the citizen, or the registered name of the organization.' }),
    nationalId: t.string({ required: false, description: 'Citizens: the 12-digit CCCD number.' }),
    taxCode: t.string({ required: false, description: 'Organizations: the enterprise/tax code (mã số thuế).' }),
    email: t.string({ description: 'The login name.' }),
    phone: t.string(),
    password: t.string({ description: 'At least 10 characters mixing three of: lower, upper, digits, symbols.' }),
  }),
  validate: registerSchema,
});

const LoginInput = builder.inputType('LoginInput', {
  fields: (t) => ({
    login: t.string({ description: 'The e-mail address.' }),
    password: t.string(),
  }),
  // Bounded before anything is counted or hashed: no account has a longer e-mail or password.
  validate: z
    .object({
      login: z.string().max(254, 'login must have at most 254 characters'),
      password: z.string().max(200, 'password must have at most 200 characters'),
    })
    .passthrough(),
});

/** The rest of the response is read as the account that just signed in (it may see its own ID). */
async function signedIn(ctx: Context, result: AuthResult): Promise<AuthResult> {
  ctx.viewer = await loadViewer(ctx.prisma, result.accountId);
  return result;
}

builder.mutationFields((t) => ({
  register: t.field({
    description: 'Opens a citizen or organization account (anyone may call it) and signs it in.',
    type: AuthPayload,
    args: { input: t.arg({ type: RegisterInput }) },
    extensions: { rateLimit: 'register' },
    resolve: async (_root, { input }, ctx) => signedIn(ctx, await ctx.accounts.register(ctx.prisma, input)),
  }),
  login: t.field({
    description: 'Exchanges an e-mail and password for a token (anyone may call it).',
    type: AuthPayload,
    args: { input: t.arg({ type: LoginInput }) },
    extensions: { rateLimit: 'signIn' },
    resolve: async (_root, { input }, ctx) =>
      signedIn(ctx, await ctx.accounts.login(ctx.prisma, input.login, input.password, ctx.client.address)),
  }),
}));

builder.queryField('me', (t) =>
  t.prismaField({
    description: 'The signed-in account; UNAUTHENTICATED without a valid token.',
    type: 'Account',
    nullable: true,
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, ctx) => ctx.prisma.account.findUnique({ ...query, where: { id: ctx.viewer?.id ?? '' } }),
  }),
);
