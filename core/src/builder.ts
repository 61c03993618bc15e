import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import type PrismaTypes from '@egov/schema/pothos-types';
import { getDatamodel } from '@egov/schema/pothos-types';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { Context } from './context.ts';
import { badInput, forbidden, notFound, unauthenticated } from './errors.ts';
import type { Role } from './identity/roles.ts';
import type { ActionScope, CreateScope } from './lifecycle/lifecycle.ts';
import { fileScalar, jsonDepthLimit } from './scalars.ts';

/**
 * The scopes fields declare in `authScopes` (roles and agency scope live here, never in
 * resolvers). `$any` of several scopes passes when one does.
 */
export interface AuthScopes {
  /** Any signed-in account. */
  authenticated: boolean;
  /** Holds the role, city-wide or for any agency. */
  role: Role;
  /** Holds at least one of the roles. */
  anyRole: readonly Role[];
  /** Holds any staff role (reception, specialist, agency admin) for the agency with this id. */
  staffOf: string;
  /** Is this account. */
  self: string;
  /** Is staff of an agency the account (with this id) has a dossier with. */
  staffOfApplicant: string;
  /** Holds AGENCY_ADMIN for the agency with this code (a field's argument). */
  adminOfAgency: string;
  /** Holds AGENCY_ADMIN for the agency that owns the registry procedure with this code (R4.3). */
  adminOfProcedure: string;
  /** Holds AGENCY_ADMIN for the agency of the service (plugin) with this code. */
  adminOfService: string;
  /**
   * May take one of the actions of a lifecycle on the row the field's arguments name (none:
   * may see it). Derived from the lifecycle's table (see `Lifecycle.authScopes`); NOT_FOUND
   * for a row the viewer may not see.
   */
  may: ActionScope;
  /**
   * May create a row of a lifecycle this way, for the agency the field's arguments name (if
   * any). Derived from the lifecycle's `created` declaration (see `Lifecycle.creating`).
   */
  mayCreate: CreateScope;
}

/**
 * A field's `unauthorizedError` that says who may (anonymous callers are still told to sign in).
 * `message` gets the field's arguments.
 */
export const refusal =
  <Args>(message: (args: Args) => string) =>
  (_parent: unknown, args: Args, ctx: Context): Error =>
    ctx.viewer ? forbidden(message(args)) : unauthenticated();

/** Agency, procedure and service codes as stored: trimmed, upper case. */
export const normalCode = (code: string) => code.trim().toUpperCase();

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    File: { Input: File; Output: never };
  };
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, ValidationPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => {
      /**
       * Whether the viewer is AGENCY_ADMIN of the agency of what `code` names (`agencyOf` finds
       * it); NOT_FOUND (`missing`) when it names nothing, as the resolver would say.
       */
      const adminOf = async (
        code: string,
        missing: (code: string) => string,
        agencyOf: (where: { code: string }) => Promise<string | null>,
      ) => {
        if (!ctx.viewer) return false;
        const agencyId = await agencyOf({ code: normalCode(code) });
        if (!agencyId) throw notFound(missing(normalCode(code)));
        return ctx.viewer.holdsFor('AGENCY_ADMIN', agencyId);
      };
      return {
        authenticated: ctx.viewer !== null,
        role: (role) => ctx.viewer?.hasRole(role) ?? false,
        anyRole: (roles) => roles.some((role) => ctx.viewer?.hasRole(role)),
        staffOf: (agencyId) => ctx.viewer?.isStaffOf(agencyId) ?? false,
        self: (accountId) => ctx.viewer?.id === accountId,
        may: (scope) => scope.lifecycle.mayTake(ctx, scope.actions, scope.key),
        mayCreate: async ({ lifecycle, way, agencyCode }) => {
          if (!ctx.viewer) return false;
          if (agencyCode === null) return lifecycle.mayCreate(ctx.viewer, way, null);
          const agency = await ctx.prisma.agency.findUnique({ where: { code: normalCode(agencyCode) }, select: { id: true } });
          if (!agency) throw notFound(`No agency ${normalCode(agencyCode)}`);
          return lifecycle.mayCreate(ctx.viewer, way, agency.id);
        },
        // The agency scopes: NOT_FOUND for a code that names nothing (to a signed-in caller), as the
        // resolver would say.
        adminOfAgency: (code) =>
          adminOf(
            code,
            (c) => `No agency ${c}`,
            (where) => ctx.prisma.agency.findUnique({ where, select: { id: true } }).then((a) => a && a.id),
          ),
        adminOfProcedure: (code) =>
          adminOf(
            code,
            (c) => `No procedure ${c} in the city’s registry (R4.3)`,
            (where) => ctx.prisma.procedure.findUnique({ where, select: { agencyId: true } }).then((p) => p && p.agencyId),
          ),
        adminOfService: (code) =>
          adminOf(
            code,
            (c) => `No service ${c}`,
            (where) => ctx.prisma.servicePlugin.findUnique({ where, select: { agencyId: true } }).then((p) => p && p.agencyId),
          ),
        staffOfApplicant: async (accountId) => {
          const agencies = ctx.viewer?.grants.flatMap((g) => (g.agencyId ? [g.agencyId] : [])) ?? [];
          if (agencies.length === 0) return false;
          return (await ctx.prisma.dossier.count({ where: { applicantId: accountId, agencyId: { in: agencies } } })) > 0;
        },
      };
    },
    // Anonymous callers are told to sign in; signed-in callers without the scope are refused.
    unauthorizedError: (_parent, ctx, info) =>
      ctx.viewer ? forbidden(`Your roles do not allow ${info.parentType.name}.${info.fieldName}`) : unauthenticated(),
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
    maxConnectionSize: 100,
    defaultConnectionSize: 20,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
  validation: {
    validationError: (result) =>
      badInput(
        result.issues.map((i) => i.message).join('; '),
        result.issues.map((i) => ({
          field: (i.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.'),
          message: i.message,
        })),
      ),
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: { depth: 12, breadth: 200, complexity: 5000 },
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver, jsonDepthLimit);
builder.scalarType('File', fileScalar);
builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
