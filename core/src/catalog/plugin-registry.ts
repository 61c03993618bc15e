import type { PrismaClient } from '../db/client.ts';
import type { ServiceManifest } from '../sdk/index.ts';
import { loadPluginPackage, type LoadedPlugin } from './plugin-loader.ts';

export interface RegistryLogger {
  warn(message: string): void;
}

/**
 * The plugin versions the running server knows, keyed by PluginVersion id. The live versions
 * are imported once at start; any other version's manifest (a superseded one a dossier is
 * pinned to) is parsed from the database the first time it is needed. Versions are immutable,
 * so nothing here ever goes stale and requests never re-read a manifest.
 */
export class PluginRegistry {
  private readonly manifests = new Map<string, ServiceManifest>();
  private readonly packages = new Map<string, LoadedPlugin>();
  /** How many plugin packages were imported from disk; tests use it. */
  packageLoads = 0;

  constructor(
    private readonly pluginRoot: string,
    private readonly logger: RegistryLogger = console,
  ) {}

  /** Imports every live plugin package and checks it against the manifest that was promoted. */
  async loadLive(prisma: PrismaClient): Promise<void> {
    const live = await prisma.pluginVersion.findMany({
      where: { status: 'LIVE' },
      select: { id: true, code: true, version: true, sourcePath: true, manifestDigest: true, manifest: true },
    });
    await Promise.all(
      live.map(async (v) => {
        this.manifests.set(v.id, JSON.parse(v.manifest) as ServiceManifest);
        try {
          const loaded = await loadPluginPackage(this.pluginRoot, v.sourcePath);
          this.packageLoads++;
          if (loaded.manifestDigest !== v.manifestDigest) {
            // The files changed after promotion: keep serving what DoIC promoted.
            this.logger.warn(`${v.code}@${v.version}: package at ${v.sourcePath} differs from the promoted manifest; serving the promoted one`);
            return;
          }
          this.packages.set(v.id, loaded);
        } catch (error) {
          this.logger.warn(`${v.code}@${v.version}: cannot load ${v.sourcePath}: ${(error as Error).message}`);
        }
      }),
    );
  }

  /** The manifest of a version, from its stored JSON the first time. */
  manifest(version: { id: string; manifest: string }): ServiceManifest {
    let manifest = this.manifests.get(version.id);
    if (!manifest) {
      manifest = JSON.parse(version.manifest) as ServiceManifest;
      this.manifests.set(version.id, manifest);
    }
    return manifest;
  }

  /** The imported package of a live version, when its files match what was promoted. */
  package(versionId: string): LoadedPlugin | undefined {
    return this.packages.get(versionId);
  }

  get loadedVersionIds(): string[] {
    return [...this.packages.keys()];
  }
}
