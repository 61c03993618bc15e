import type { PluginRegistry } from './plugin-registry.ts';
import type { PrismaClient } from '../db/client.ts';

/**
 * What the catalog's fields read besides the database: the live versions' parsed manifests
 * and the platform's public links (R12.1).
 */
export class Catalog {
  constructor(private readonly deps: { registry: Pick<PluginRegistry, 'manifest'>; publicUrl: string }) {}

  /** The parsed manifest of a version (never the row's column). */
  manifest(prisma: PrismaClient, versionId: string) {
    return this.deps.registry.manifest(prisma, versionId);
  }

  /** The stable public page of a service. */
  serviceUrl(serviceCode: string): string {
    return `${this.deps.publicUrl}/services/${encodeURIComponent(serviceCode)}`;
  }

  /** The download of a form template shipped in a service's package. */
  formUrl(serviceCode: string, formCode: string): string {
    return `${this.serviceUrl(serviceCode)}/forms/${encodeURIComponent(formCode)}`;
  }
}
