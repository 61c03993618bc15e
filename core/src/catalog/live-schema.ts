import type { GraphQLSchema } from 'graphql';
import type { PrismaClient } from '../db/client.ts';
import { schemaWithServices } from './form-schema.ts';
import type { PluginRegistry } from './plugin-registry.ts';

/**
 * The GraphQL schema the server runs: the base schema plus the typed inputs of the live
 * services. Promotion, rollback and retirement call `refresh()`; listeners (the Yoga plugin
 * `useLiveSchema`) swap the new schema in while requests run, without a restart.
 */
export class LiveSchema {
  private schema: GraphQLSchema;
  private readonly listeners = new Set<(schema: GraphQLSchema) => void>();
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly base: GraphQLSchema,
    private readonly prisma: PrismaClient,
    private readonly registry: PluginRegistry,
  ) {
    this.schema = base;
  }

  get current(): GraphQLSchema {
    return this.schema;
  }

  onChange(listener: (schema: GraphQLSchema) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Rebuilds from the live versions in the database; refreshes never overlap. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(async () => {
      const live = await this.prisma.pluginVersion.findMany({ where: { status: 'LIVE', level: { gte: 3 } }, select: { id: true } });
      const manifests = await Promise.all(live.map((v) => this.registry.manifest(this.prisma, v.id)));
      this.schema = schemaWithServices(this.base, manifests);
      for (const listener of this.listeners) listener(this.schema);
    });
    return this.refreshing;
  }
}
