import { validateSchema, type GraphQLSchema } from 'graphql';
import type { ServiceManifest } from '@egov/sdk';
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

  private async liveManifests(): Promise<ServiceManifest[]> {
    const live = await this.prisma.pluginVersion.findMany({ where: { status: 'LIVE', level: { gte: 3 } }, select: { id: true } });
    return Promise.all(live.map((v) => this.registry.manifest(this.prisma, v.id)));
  }

  /** The schema as it would be with `manifest` live (replacing its service's version); throws when it cannot be built. */
  async withService(manifest: ServiceManifest): Promise<GraphQLSchema> {
    const others = (await this.liveManifests()).filter((m) => m.code !== manifest.code);
    const schema = schemaWithServices(this.base, manifest.level >= 3 ? [...others, manifest] : others);
    const errors = validateSchema(schema);
    if (errors.length) throw new Error(errors.map((e) => e.message).join('; '));
    return schema;
  }

  /**
   * Rebuilds from the live versions in the database; refreshes never overlap. A failed
   * rebuild keeps the schema served so far and does not block later ones.
   */
  refresh(): Promise<void> {
    const next = this.refreshing
      .catch(() => {})
      .then(async () => {
        this.schema = schemaWithServices(this.base, await this.liveManifests());
        for (const listener of this.listeners) listener(this.schema);
      });
    this.refreshing = next;
    return next;
  }
}
