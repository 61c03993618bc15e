import type { PrismaClient } from '../db/client.ts';
import type { ServiceManifest } from '../sdk/index.ts';
import { resolve } from 'node:path';
import { digestPackage, verifyPackage, type LoadedPlugin } from './plugin-loader.ts';

export interface RegistryLogger {
  warn(message: string): void;
}

/**
 * The plugin versions the running server knows, keyed by PluginVersion id. Live versions are
 * read once at start: their promoted manifests parsed, their package files checked against
 * the promoted digest (hooks run only from a matching package). Any other version's manifest (a superseded one a dossier is
 * pinned to) is read from the database the first time it is needed. Versions are immutable,
 * so nothing here goes stale and no request parses a manifest again.
 */
export class PluginRegistry {
  private readonly manifests = new Map<string, ServiceManifest>();
  private readonly pending = new Map<string, Promise<ServiceManifest>>();
  private readonly packages = new Map<string, LoadedPlugin>();
  private readonly verified = new Map<string, Promise<string | null>>();
  /** How many manifests were parsed from JSON; tests use it. */
  manifestParses = 0;

  constructor(
    private readonly pluginRoot: string,
    private readonly logger: RegistryLogger = console,
  ) {}

  private parse(id: string, json: string): ServiceManifest {
    this.manifestParses++;
    const manifest = JSON.parse(json) as ServiceManifest;
    this.manifests.set(id, manifest);
    return manifest;
  }

  /**
   * Reads every live version and checks its files against the promoted digest. The manifest
   * served is the promoted one from the database, so nothing of the package is evaluated here:
   * matching files are the promoted package.
   */
  async loadLive(prisma: PrismaClient): Promise<void> {
    const live = await prisma.pluginVersion.findMany({
      where: { status: 'LIVE' },
      select: { id: true, code: true, version: true, sourcePath: true, packageDigest: true, manifestDigest: true, manifest: true, plugin: { select: { packageName: true } } },
    });
    await Promise.all(
      live.map(async (v) => {
        const manifest = this.parse(v.id, v.manifest);
        try {
          const { rel } = await verifyPackage(this.pluginRoot, v.sourcePath, v.packageDigest);
          this.packages.set(v.id, { packageName: v.plugin.packageName, sourcePath: rel, manifest, manifestDigest: v.manifestDigest, packageDigest: v.packageDigest });
        } catch (error) {
          // Keep serving what DoIC promoted (from the database); the package stays unused.
          this.logger.warn(`${v.code}@${v.version}: not loading ${v.sourcePath}: ${(error as Error).message}`);
        }
      }),
    );
  }

  /** The manifest of a version; from memory, or read from the database once. */
  manifest(prisma: PrismaClient, versionId: string): ServiceManifest | Promise<ServiceManifest> {
    const cached = this.manifests.get(versionId);
    if (cached) return cached;
    let pending = this.pending.get(versionId);
    if (!pending) {
      pending = prisma.pluginVersion
        .findUniqueOrThrow({ where: { id: versionId }, select: { manifest: true } })
        .then((v) => this.parse(versionId, v.manifest))
        .finally(() => this.pending.delete(versionId));
      this.pending.set(versionId, pending);
    }
    return pending;
  }

  /**
   * The folder of a version's package, once its files are checked against the promoted
   * digest (live versions at start, others on first use); null when they do not match.
   */
  async verifiedPackageDir(prisma: PrismaClient, versionId: string): Promise<string | null> {
    const loaded = this.packages.get(versionId);
    if (loaded) return resolve(this.pluginRoot, loaded.sourcePath);
    let pending = this.verified.get(versionId);
    if (!pending) {
      pending = (async () => {
        const version = await prisma.pluginVersion.findUniqueOrThrow({ where: { id: versionId }, select: { sourcePath: true, packageDigest: true } });
        const dir = resolve(this.pluginRoot, version.sourcePath);
        const { digest } = await digestPackage(dir).catch(() => ({ digest: '' }));
        return digest === version.packageDigest ? dir : null;
      })();
      this.verified.set(versionId, pending);
      // Only a match is remembered: a mismatch is checked again next time (files restored).
      void pending.then((dir) => dir ?? this.verified.delete(versionId), () => this.verified.delete(versionId));
    }
    return pending;
  }

  /** Makes a just-promoted version known: its manifest and package, as at start. */
  activate(versionId: string, loaded: LoadedPlugin): void {
    this.manifests.set(versionId, loaded.manifest);
    this.packages.set(versionId, loaded);
  }

  /** The package of a live version, when its files match what was promoted. */
  package(versionId: string): LoadedPlugin | undefined {
    return this.packages.get(versionId);
  }

  get loadedVersionIds(): string[] {
    return [...this.packages.keys()];
  }
}
