import type { Prisma } from '@egov/schema/client';
import type { PrismaClient } from '../db/client.ts';
import { ApiError, forbidden, notFound, unauthenticated } from '../errors.ts';
import { agencyRoles, type Role } from '../identity/roles.ts';
import { loadViewer, type Viewer } from '../identity/viewer.ts';
import type { LiveEvents, LiveTopics, Topic } from './live-events.ts';

// The lifecycle engine. An aggregate with a status (a dossier, an integration request ...)
// declares one table: per action, the statuses it may start from, the status it leads to (or
// that it stays), the event it writes and who may take it; plus who may see a row and the
// deadlines of its statuses. From that one table the engine loads a row for an action
// (NOT_FOUND / FORBIDDEN / INVALID_TRANSITION), acts (guarded update + event + notice in one
// transaction, then publish), gives GraphQL fields their auth scopes, serves the subscription
// (current state first, then changes) and flags overdue rows. A domain's actions keep only their own work.

export type Tx = Prisma.TransactionClient;

/** What the engine needs of a request (the GraphQL context has it all). */
export interface Ports {
  prisma: PrismaClient;
  clock: () => Date;
  events: LiveEvents;
  /** The signed-in account; null for anonymous callers and for the platform. */
  viewer: Viewer | null;
}

/** The platform itself acting (the check queue, the overdue sweep): only `platform` parties. */
export interface PlatformPorts extends Omit<Ports, 'viewer'> {
  viewer: null;
  platform: true;
  /** Whom the events are attributed to (e.g. the DoIC admin who started a check). */
  actorId?: string | null;
}

/** The platform's ports, acting on its own or for `actorId`. */
export function asPlatform(deps: Omit<Ports, 'viewer'>, actorId: string | null = null): PlatformPorts {
  return { prisma: deps.prisma, clock: deps.clock, events: deps.events, viewer: null, platform: true, actorId };
}

/** Who may take an action, or see a row. */
export type Party =
  /** Holds `role` (any staff role when none is named) for the row's agency. */
  | { kind: 'staff'; role: Role | null }
  /** Holds a city-wide role. */
  | { kind: 'city'; role: Role }
  /** A relation of the account to the row that the aggregate declares (its applicant ...). */
  | { kind: 'relation'; name: string }
  /** The platform itself. */
  | { kind: 'platform' };

export const staff = (role: Role | null = null): Party => ({ kind: 'staff', role });

/**
 * The auth scope of a list whose rows `parties` may see: any of their roles. (A lifecycle's
 * `listScopes`; also for lists of rows with an agency but no lifecycle.)
 */
export function partyScopes(parties: readonly Party[]): { anyRole: Role[] } {
  return { anyRole: unique(parties.flatMap((p) => (p.kind === 'city' || p.kind === 'staff' ? (p.role ? [p.role] : agencyRoles) : []))) };
}

/** Whether the viewer is one of `parties` for a row of this agency (city-wide, or staff of it in the role). */
export function partyOf(parties: readonly Party[], viewer: Viewer, agencyId: string): boolean {
  return parties.some((p) =>
    p.kind === 'city'
      ? viewer.hasRole(p.role)
      : p.kind === 'staff' && (p.role ? viewer.holdsFor(p.role, agencyId) : agencyRoles.some((role) => viewer.holdsFor(role, agencyId))),
  );
}

/** A database filter for the rows with an agency that the viewer sees as one of `parties` (city-wide: all; staff: their agencies'). */
export function partyRows(parties: readonly Party[], viewer: Viewer): { agencyId?: { in: string[] } } {
  if (parties.some((p) => p.kind === 'city' && viewer.hasRole(p.role))) return {};
  const agencies = parties.flatMap((p) =>
    p.kind !== 'staff' ? [] : p.role ? viewer.agenciesWith(p.role) : agencyRoles.flatMap((role) => viewer.agenciesWith(role)),
  );
  return { agencyId: { in: unique(agencies) } };
}
export const city = (role: Role): Party => ({ kind: 'city', role });
export const relation = (name: string): Party => ({ kind: 'relation', name });
export const platform: Party = { kind: 'platform' };

export interface ActionRule<S extends string, R> {
  /** The statuses it may start from. */
  from: readonly S[];
  /** The status it leads to; without one, the status stays (an event that moves nothing). */
  to?: S;
  /** The type of the event it writes. */
  event: string;
  /** Who may take it. */
  by: readonly Party[];
  /** What it does, for messages: "withdraw a dossier". */
  title: string;
  /** A further condition on the row (e.g. the kind of request): why it does not apply, or null. */
  unless?: (row: R) => string | null;
}

/** The columns every lifecycle row has. */
export interface LifecycleRow<S extends string = string> {
  id: string;
  status: S;
  eventCount: number;
  agencyId: string;
  overdueAt: Date | null;
}

/** A stored event, as every aggregate's event table holds it. */
export interface LifecycleEvent {
  id: string;
  seq: number;
  type: string;
  status: string;
  at: Date;
}

export interface NewEvent<S extends string> {
  seq: number;
  type: string;
  status: S;
  actorId: string | null;
  at: Date;
  note: string | null;
  /** Structured data stored with the event (e.g. a sandbox check's result). */
  payload?: unknown;
}

/** How the engine reads and writes the aggregate's two tables (the row and its events). */
export interface LifecycleStore<R, S extends string, D, E> {
  find(db: PrismaClient, key: string): Promise<R | null>;
  /** Writes `data` only if the row's status and event count are still those of `row`; returns how many rows changed. */
  guardedUpdate(tx: Tx, row: R, data: D & { status: S; eventCount: { increment: number } }): Promise<number>;
  reload(tx: Tx, row: R): Promise<R>;
  appendEvent(tx: Tx, row: R, event: NewEvent<S>): Promise<E>;
  latestEvent(db: PrismaClient, row: R): Promise<E>;
  /** Rows matching a filter the engine builds from the declared deadlines (overdue sweep). */
  findMany(db: PrismaClient, where: Record<string, unknown>, take: number): Promise<R[]>;
}

/** What an action changes besides the status, in the same transaction. */
export interface Change<D> {
  data?: D;
  note?: string | null;
  /** A notice to the people the aggregate notifies (e.g. the applicant), in the same transaction. */
  notice?: string;
  payload?: unknown;
  /** Further writes of the same step, before the guarded update. */
  before?: (tx: Tx) => Promise<void>;
}

/** A way a row comes to be (filing for oneself, on behalf of someone ...): who may take it. */
export interface CreateRule {
  /** Who may; a `staff` party is staff of the agency the new row is for. */
  by: readonly Party[];
  /** What it does, for messages: "file a dossier". */
  title: string;
}

export interface LifecycleSpec<R extends LifecycleRow<S>, S extends string, A extends string, D, T extends Topic, X, C extends string> {
  /** The topic its events are published under. */
  topic: T;
  /** "dossier", "integration request": for messages. */
  noun: string;
  /** How a row comes to be: the status it starts in, the event it starts with, and the ways of creating one and who may take each. */
  created: { status: S; event: string; ways: Record<C, CreateRule> };
  actions: Record<A, ActionRule<S, R>>;
  /** Who may see a row; anyone else gets NOT_FOUND (existence is not revealed). */
  visibleTo: readonly Party[];
  /**
   * The relations of an account to a row the aggregate declares: `holds` decides for one row,
   * `where` (when given) is the same as a database filter (the rows an account has this relation to).
   */
  relations: Record<string, { label: string; holds: (viewer: Viewer, row: R) => boolean; where?: (viewer: Viewer) => object }>;
  /** The key subscribers and clients name a row by (a dossier's code). */
  keyOf: (row: R) => string;
  store: LifecycleStore<R, S, D, LiveTopics[T][1]>;
  /** Extra data a move into `status` writes (e.g. releasing a uniqueness slot). */
  statusData?: (status: S) => Partial<D>;
  notify?: (tx: Tx, row: R, message: string, now: Date) => Promise<void>;
  /** The deadline column of each status that has one; past it, a row is overdue. */
  deadlines?: Partial<Record<S, keyof R & string>>;
  /** The action that flags an overdue row, and what it records. */
  overdue?: { action: A; change: (row: R, now: Date, deps: X) => Omit<Change<D>, 'data'> & { data?: D } };
}

/** What a field's `may` auth scope names: a lifecycle, the actions (none: just seeing) and the row's key. */
export interface ActionScope {
  lifecycle: { mayTake(ctx: Ports, actions: readonly string[], key: string): Promise<boolean> };
  actions: readonly string[];
  key: string;
}

/** What a creating field's `mayCreate` auth scope names: a lifecycle, the way and the code of the agency the new row is for (if the arguments name one). */
export interface CreateScope {
  lifecycle: { mayCreate(viewer: Viewer | null, way: string, agencyId: string | null): boolean };
  way: string;
  agencyCode: string | null;
}

const roleLabels: Record<Role, string> = {
  CITIZEN: 'citizen',
  ORGANIZATION: 'organization',
  AGENT: 'public service agent',
  RECEPTION_OFFICER: 'reception officer',
  SPECIALIST: 'specialist',
  AGENCY_ADMIN: 'agency admin',
  DOIC_ADMIN: 'DoIC admin',
  INFO_CENTER: 'Information Centre officer',
};

/** "a specialist", "an agency admin". */
const aRole = (role: Role) => `${/^[aeiou]/i.test(roleLabels[role]) ? 'an' : 'a'} ${roleLabels[role]}`;
const either = (words: readonly string[]) => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`);
const unique = <V>(values: readonly V[]) => [...new Set(values)];

export class Lifecycle<
  R extends LifecycleRow<S>,
  S extends string,
  A extends string,
  D,
  T extends Topic,
  X = unknown,
  C extends string = string,
> {
  readonly actions: Record<A, ActionRule<S, R>>;

  constructor(readonly spec: LifecycleSpec<R, S, A, D, T, X, C>) {
    this.actions = spec.actions;
    for (const [way, rule] of Object.entries(spec.created.ways) as [string, CreateRule][]) {
      if (rule.by.some((p) => p.kind === 'relation' || p.kind === 'platform'))
        throw new Error(
          `${spec.noun} ${way}: a row is created by roles (city-wide or staff), not by a relation to a row that does not exist yet`,
        );
    }
  }

  /** Whether the caller (a viewer, or the platform) is `party` for this row. */
  private holds(viewer: Viewer | null, isPlatform: boolean, row: R, party: Party): boolean {
    if (party.kind === 'platform') return isPlatform;
    if (!viewer) return false;
    switch (party.kind) {
      case 'staff':
        return party.role ? viewer.holdsFor(party.role, row.agencyId) : viewer.isStaffOf(row.agencyId);
      case 'city':
        return viewer.hasRole(party.role);
      case 'relation':
        return this.spec.relations[party.name]?.holds(viewer, row) ?? false;
    }
  }

  /** Whether the viewer could be `party` for some row (decided without reading one). */
  private couldHold(viewer: Viewer, party: Party): boolean {
    switch (party.kind) {
      case 'staff':
        return party.role ? viewer.hasRole(party.role) : agencyRoles.some((role) => viewer.hasRole(role));
      case 'city':
        return viewer.hasRole(party.role);
      case 'relation':
        return true;
      case 'platform':
        return false;
    }
  }

  private describe(party: Party, creating = false): string {
    switch (party.kind) {
      case 'staff':
        return `${party.role ? aRole(party.role) : 'staff'} of the ${creating ? 'agency it is for' : `${this.spec.noun}’s agency`}`;
      case 'city':
        return aRole(party.role);
      case 'relation':
        return this.spec.relations[party.name]?.label ?? party.name;
      case 'platform':
        return 'the platform';
    }
  }

  private mayBe(ctx: Ports | PlatformPorts, row: R, parties: readonly Party[]): boolean {
    const isPlatform = 'platform' in ctx && ctx.platform === true;
    return parties.some((party) => this.holds(ctx.viewer, isPlatform, row, party));
  }

  private forbidden(actions: readonly A[]): ApiError {
    return forbidden(`Only ${this.whoMay(actions)} may ${this.actions[actions[0]!].title}`);
  }

  /** Who may take the actions, in words: "the applicant or the filing agent". */
  whoMay(actions: readonly A[]): string {
    return either(unique(actions.flatMap((a) => this.actions[a].by.map((p) => this.describe(p)))));
  }

  /** The roles that may see some row: a list field's auth scope (which rows, `visibleWhere` says). */
  listScopes(): { anyRole: Role[] } {
    return partyScopes(this.spec.visibleTo);
  }

  /** A database filter for the rows the viewer has one of the declared relations to (its applicant …). */
  relatedWhere(viewer: Viewer): { OR: object[] } {
    return { OR: Object.values(this.spec.relations).flatMap((r) => (r.where ? [r.where(viewer)] : [])) };
  }

  /** A database filter for the rows the viewer may see through a role (city-wide: all; staff: their agencies'). */
  visibleWhere(viewer: Viewer): { agencyId?: { in: string[] } } {
    return partyRows(this.spec.visibleTo, viewer);
  }

  /** Whether the viewer is one of those who may take `action` on the row (whatever its status). */
  isParty(viewer: Viewer | null, row: R, action: A): boolean {
    return this.actions[action].by.some((party) => this.holds(viewer, false, row, party));
  }

  /** Whether the viewer may see the row. */
  sees(viewer: Viewer | null, row: R): boolean {
    return this.spec.visibleTo.some((party) => this.holds(viewer, false, row, party));
  }

  /**
   * Rows a field's `may` scope has just read, for its resolver (one read per field, not two).
   * Taken once; a row left over is at worst stale, and the guarded update refuses to act on that.
   */
  private readonly handedOver = new WeakMap<Ports, Map<string, R>>();

  /** The row with this key if the caller may see it; NOT_FOUND otherwise. */
  async visible(ctx: Ports, key: string): Promise<R> {
    const handed = this.handedOver.get(ctx);
    const row = handed?.get(key) ?? (await this.spec.store.find(ctx.prisma, key));
    handed?.delete(key);
    if (!row || !this.sees(ctx.viewer, row)) throw notFound(`No ${this.spec.noun} ${key} that you may see`);
    return row;
  }

  private refusal(row: R, action: A, from: readonly S[] = this.actions[action].from): ApiError | null {
    const rule = this.actions[action];
    const why = rule.unless?.(row);
    if (why) return new ApiError('INVALID_TRANSITION', `Cannot ${rule.title}: ${why}`, { status: row.status, action });
    if (!from.includes(row.status)) {
      return new ApiError('INVALID_TRANSITION', `Cannot ${rule.title} that is ${row.status} (only from ${either(from)})`, {
        status: row.status,
        action,
      });
    }
    return null;
  }

  /** FORBIDDEN unless the caller may take the action on this row, INVALID_TRANSITION unless its status allows it. */
  check(ctx: Ports | PlatformPorts, row: R, action: A): void {
    if (!this.mayBe(ctx, row, this.actions[action].by)) throw this.forbidden([action]);
    const refused = this.refusal(row, action);
    if (refused) throw refused;
  }

  /**
   * Of several actions one field offers (assign from RECEIVED, reassign in processing), the
   * one the caller may take from the row's status; FORBIDDEN or INVALID_TRANSITION otherwise.
   */
  choose(ctx: Ports | PlatformPorts, row: R, actions: readonly A[]): A {
    const allowed = actions.filter((a) => this.mayBe(ctx, row, this.actions[a].by));
    if (!allowed.length) throw this.forbidden(actions);
    const action = allowed.find((a) => !this.refusal(row, a));
    if (action) return action;
    throw this.refusal(row, allowed[0]!, unique(allowed.flatMap((a) => this.actions[a].from)))!;
  }

  /** Load for an action: NOT_FOUND unless visible, FORBIDDEN unless allowed, INVALID_TRANSITION unless the status allows. */
  async load(ctx: Ports, action: A, key: string): Promise<R> {
    const row = await this.visible(ctx, key);
    this.check(ctx, row, action);
    return row;
  }

  /** `load` for a field that offers several actions: the row and the one that applies. */
  async loadFor(ctx: Ports, actions: readonly A[], key: string): Promise<{ row: R; action: A }> {
    const row = await this.visible(ctx, key);
    return { row, action: this.choose(ctx, row, actions) };
  }

  /**
   * Takes the action: the status change, its event and any notice in one transaction, then the
   * event is published. Checked again here, so nothing writes a move the table does not allow;
   * a concurrent change in between (status or event count moved) is refused with
   * INVALID_TRANSITION, never overwritten.
   */
  async act(ctx: Ports | PlatformPorts, row: R, action: A, change: Change<D> = {}): Promise<R> {
    this.check(ctx, row, action);
    const rule = this.actions[action];
    const status = rule.to ?? row.status;
    const now = ctx.clock();
    const actorId = ctx.viewer?.id ?? ('actorId' in ctx ? (ctx.actorId ?? null) : null);
    const [updated, event] = await ctx.prisma.$transaction(async (tx) => {
      await change.before?.(tx);
      const data = { ...change.data, ...this.spec.statusData?.(status), status, eventCount: { increment: 1 } } as D & {
        status: S;
        eventCount: { increment: number };
      };
      const count = await this.spec.store.guardedUpdate(tx, row, data);
      if (count === 0)
        throw new ApiError('INVALID_TRANSITION', `The ${this.spec.noun} changed meanwhile; read it again and retry`, { action });
      const event = await this.spec.store.appendEvent(tx, row, {
        seq: row.eventCount + 1,
        type: rule.event,
        status,
        actorId,
        at: now,
        note: change.note ?? null,
        payload: change.payload,
      });
      if (change.notice) await this.spec.notify?.(tx, row, change.notice, now);
      return [await this.spec.store.reload(tx, row), event] as const;
    });
    this.publish(ctx.events, updated, event);
    return updated;
  }

  /**
   * Whether the viewer may create a row this way: holds a city-wide role the way names, or a
   * staff role for `agencyId` (when that is not known yet, for some agency).
   */
  mayCreate(viewer: Viewer | null, way: string, agencyId: string | null): boolean {
    const rule = (this.spec.created.ways as Record<string, CreateRule>)[way];
    if (!viewer || !rule) return false;
    return rule.by.some((p) =>
      p.kind === 'city'
        ? viewer.hasRole(p.role)
        : p.kind === 'staff' &&
          (agencyId === null ? this.couldHold(viewer, p) : p.role ? viewer.holdsFor(p.role, agencyId) : viewer.isStaffOf(agencyId)),
    );
  }

  /** Who may create a row this way, in words, and what it is: "Only a citizen or organization may file a dossier". */
  private createRefusal(way: C): string {
    const rule = this.spec.created.ways[way];
    return `Only ${either(unique(rule.by.map((p) => this.describe(p, true))))} may ${rule.title}`;
  }

  /**
   * The auth scope and refusal of a field that creates rows: `wayOf` says which way the
   * arguments take, `agencyCodeOf` the agency they name (if any; staff parties are then checked
   * for that agency, and a code naming none is NOT_FOUND).
   */
  creating<Args>(wayOf: (args: Args) => C, agencyCodeOf: (args: Args) => string | null | undefined = () => null) {
    return {
      authScopes: (_parent: unknown, args: Args) => ({
        mayCreate: { lifecycle: this, way: wayOf(args), agencyCode: agencyCodeOf(args) ?? null } satisfies CreateScope,
      }),
      unauthorizedError: (_parent: unknown, args: Args, ctx: Ports): Error =>
        ctx.viewer ? forbidden(this.createRefusal(wayOf(args))) : unauthenticated(),
    };
  }

  /**
   * Creates a row of the agency `agencyId` in the declared first status (`write` gets it, and
   * creates the row with `eventCount: 1`) with the declared first event (sequence 1) and any
   * notice, in one transaction; then publishes the event. FORBIDDEN unless the viewer may
   * create it this way for that agency (checked again here, whatever the field's scope said).
   */
  async create(
    ctx: Ports,
    way: C,
    agencyId: string,
    write: (tx: Tx, status: S) => Promise<R>,
    firstOf: (row: R) => { note?: string | null; notice?: string },
  ): Promise<R> {
    if (!this.mayCreate(ctx.viewer, way, agencyId)) throw forbidden(this.createRefusal(way));
    const now = ctx.clock();
    const [row, event] = await ctx.prisma.$transaction(async (tx) => {
      const row = await write(tx, this.spec.created.status);
      if (row.status !== this.spec.created.status) throw new Error(`a new ${this.spec.noun} starts as ${this.spec.created.status}`);
      if (row.agencyId !== agencyId) throw new Error(`the new ${this.spec.noun} is not for the agency it was allowed for`);
      const first = firstOf(row);
      const event = await this.spec.store.appendEvent(tx, row, {
        seq: 1,
        type: this.spec.created.event,
        status: row.status,
        actorId: ctx.viewer?.id ?? null,
        at: now,
        note: first.note ?? null,
      });
      if (first.notice) await this.spec.notify?.(tx, row, first.notice, now);
      return [row, event] as const;
    });
    this.publish(ctx.events, row, event);
    return row;
  }

  private publish(events: LiveEvents, row: R, event: LiveTopics[T][1]): void {
    // The topic's (key, event) tuple, as the aggregate's declaration types it.
    const publish = events.publish as (topic: T, ...args: LiveTopics[T]) => void;
    publish(this.spec.topic, ...([this.spec.keyOf(row), event] as unknown as LiveTopics[T]));
  }

  /** The auth scope of a field that takes `actions` (none: that reads or watches) on the row `keyOf` names. */
  authScopes<Args>(actions: A | readonly A[], keyOf: (args: Args) => string) {
    const list: readonly A[] = typeof actions === 'string' ? [actions as A] : (actions as readonly A[]);
    return (_parent: unknown, args: Args) => ({ may: { lifecycle: this, actions: list, key: keyOf(args) } satisfies ActionScope });
  }

  /**
   * The `may` scope: false (FORBIDDEN, or UNAUTHENTICATED for anonymous callers) when the
   * viewer holds none of the roles the actions need; NOT_FOUND when the row is not visible;
   * FORBIDDEN naming who may, when the viewer is not one of them for this row.
   */
  async mayTake(ctx: Ports, actions: readonly string[], key: string): Promise<boolean> {
    const viewer = ctx.viewer;
    if (!viewer) return false;
    const list = actions as readonly A[];
    const parties = list.length ? list.flatMap((a) => this.actions[a].by) : this.spec.visibleTo;
    if (!parties.some((p) => this.couldHold(viewer, p))) return false;
    const row = await this.visible(ctx, key);
    if (list.length && !list.some((a) => this.mayBe(ctx, row, this.actions[a].by))) throw this.forbidden(list);
    if (!this.handedOver.has(ctx)) this.handedOver.set(ctx, new Map());
    this.handedOver.get(ctx)!.set(key, row);
    return true;
  }

  /**
   * The row's latest event at once, then every new one, in order. Listens before reading, so
   * nothing falls between; who may see the row is checked again for every event (a disabled
   * account or a role taken away ends the subscription with NOT_FOUND).
   */
  async *watch(ctx: Ports, key: string): AsyncGenerator<LiveTopics[T][1]> {
    const row = await this.visible(ctx, key);
    const live = (ctx.events.subscribe as (topic: T, key: string) => AsyncIterableIterator<LiveTopics[T][1]>)(
      this.spec.topic,
      this.spec.keyOf(row),
    );
    try {
      const latest = await this.spec.store.latestEvent(ctx.prisma, row);
      yield latest;
      let seen = latest.seq;
      for await (const event of live) {
        if (event.seq <= seen) continue;
        seen = event.seq;
        const viewer = ctx.viewer ? await loadViewer(ctx.prisma, ctx.viewer.id) : null;
        if (!this.sees(viewer, row)) throw notFound(`No ${this.spec.noun} ${key} that you may see`);
        yield event;
      }
    } finally {
      await live.return?.();
    }
  }

  /** Past the deadline of its current status (flagged or not yet). */
  isOverdue(row: Pick<R, 'status' | 'overdueAt'> & Partial<R>, now: Date): boolean {
    if (row.overdueAt) return true;
    const column = this.spec.deadlines?.[row.status];
    const due = column ? (row[column] as unknown) : null;
    return due instanceof Date && due < now;
  }

  /**
   * Flags each row past the deadline of its status once, through the declared overdue action.
   * Everything it needs is in the database, so a sweep after a restart catches what passed
   * while it was down; several instances sweeping at once flag a row once (the write is
   * guarded). Returns the keys flagged.
   */
  async sweepOverdue(deps: Omit<Ports, 'viewer'> & X, take = 500): Promise<string[]> {
    const { deadlines, overdue } = this.spec;
    if (!deadlines || !overdue) return [];
    const now = deps.clock();
    const byColumn = new Map<string, S[]>();
    for (const [status, column] of Object.entries(deadlines) as [S, string][])
      byColumn.set(column, [...(byColumn.get(column) ?? []), status]);
    const where = { overdueAt: null, OR: [...byColumn].map(([column, statuses]) => ({ status: { in: statuses }, [column]: { lt: now } })) };
    const late = await this.spec.store.findMany(deps.prisma, where, take);
    const ctx = asPlatform(deps);
    const flagged: string[] = [];
    for (const row of late) {
      const change = overdue.change(row, now, deps);
      try {
        await this.act(ctx, row, overdue.action, { ...change, data: { ...change.data, overdueAt: now } as D });
        flagged.push(this.spec.keyOf(row));
      } catch (error) {
        // Another instance, or a person, changed it first: the next sweep looks again.
        if (!(error instanceof ApiError)) throw error;
      }
    }
    return flagged;
  }
}
