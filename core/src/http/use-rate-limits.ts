import { isIP } from 'node:net';
import { getOperationAST, Kind, type GraphQLSchema, type SelectionSetNode, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import { rateLimitKinds, type RateLimitKind, type RateLimiter } from './rate-limit.ts';

/** What a Node request looks like to us (Yoga puts it in the server context as `req`). */
interface NodeRequest {
  socket?: { remoteAddress?: string | undefined };
  headers?: Record<string, string | string[] | undefined>;
}

/**
 * The client's address: the peer of the socket, or, behind `trustProxyHops` reverse proxies
 * of our own, the address the outermost of them saw (the entry that many from the right of
 * `X-Forwarded-For`; entries further left are whatever the client claimed). `unknown` when
 * there is no socket (in-process calls).
 */
export function clientAddress(req: NodeRequest | undefined, trustProxyHops: number): string {
  const peer = normalize(req?.socket?.remoteAddress);
  if (trustProxyHops === 0 || !peer) return peer ?? 'unknown';
  const header = req?.headers?.['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // The entry our nearest proxy wrote (as `1.2.3.4`, `1.2.3.4:5678` or `[2001:db8::1]:5678`);
  // never one further left, which the client itself may have written.
  const entry = hops[hops.length - trustProxyHops];
  return normalize(entry) ?? normalize(withoutPort(entry)) ?? peer;
}

function withoutPort(entry: string | undefined): string | undefined {
  const m = entry ? /^\[([0-9a-fA-F:.]+)\](?::\d+)?$|^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry) : null;
  return m ? (m[1] ?? m[2]) : undefined;
}

function normalize(address: string | undefined): string | null {
  if (!address) return null;
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (!isIP(plain)) return null;
  // A whole IPv6 /64 is usually one customer: count it as one client.
  return isIP(plain) === 6 ? `${expand(plain).slice(0, 4).join(':')}::/64` : plain;
}

function expand(ipv6: string): string[] {
  const [head = '', tail] = ipv6.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  return [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right].map((g) => g.toLowerCase());
}

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
