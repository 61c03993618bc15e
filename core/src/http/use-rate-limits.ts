import { getOperationAST, Kind, type GraphQLSchema, type SelectionSetNode, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import { clientAddress } from './client-address.ts';
import { rateLimitKinds, type RateLimitKind, type RateLimiter } from './rate-limit.ts';

export { clientAddress };

/** The kind a mutation field declares with `extensions: { rateLimit: '<kind>' }`; `mutation` otherwise. */
function kindOf(schema: GraphQLSchema, field: string): RateLimitKind {
  const declared = schema.getMutationType()?.getFields()[field]?.extensions?.rateLimit;
  return typeof declared === 'string' && (rateLimitKinds as readonly string[]).includes(declared)
    ? (declared as RateLimitKind)
    : 'mutation';
}

/** Counts the root fields of a mutation by kind (aliases count: ten `login`s are ten sign-ins). */
export function mutationHits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
): Partial<Record<RateLimitKind, number>> {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'mutation') return {};
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const hits: Partial<Record<RateLimitKind, number>> = {};
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === '__typename') continue;
        const kind = kindOf(schema, s.name.value);
        // Counted by the sign-in itself (RateLimiter.guess), which knows whose account it guesses at.
        if (kind === 'signIn') continue;
        hits[kind] = (hits[kind] ?? 0) + 1;
      } else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet, seen);
      else if (!seen.has(s.name.value) && fragments.has(s.name.value))
        visit(fragments.get(s.name.value)!.selectionSet, seen.add(s.name.value));
    }
  };
  visit(operation.selectionSet, new Set());
  return hits;
}

/**
 * Every mutation is counted against its client address and its account (see `RateLimits`)
 * before any of it runs; over a limit, none of it runs and the answer is RATE_LIMITED with
 * HTTP 429 and `Retry-After`.
 */
export function useRateLimits(limiter: RateLimiter): Plugin {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const hits = mutationHits(args.schema, args.document, args.operationName);
      if (Object.keys(hits).length === 0) return;
      const ctx = args.contextValue as unknown as Context;
      try {
        await limiter.take(hits, ctx.client.address, ctx.viewer?.id ?? null);
      } catch (error) {
        setResultAndStopExecution({ errors: [error as never] });
      }
    },
  };
}
