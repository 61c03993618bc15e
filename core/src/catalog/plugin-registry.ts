import type { PrismaClient } from '../db/client.ts';
import type { PluginBundle } from '../hooks/hook-runner.ts';
import { ArtifactError, type Artifact, type ArtifactStore } from '../plugin-artifact/artifact.ts';
import { sha256Of } from './plugin-loader.ts';
import type { ServiceManifest } from '@egov/sdk';

export interface RegistryLogger {
  warn(message: string): void;
}

/** What the registry reads of a version to find and check its artifact. */
const artifactFields = { code: true, version: true, artifactDigest: true, manifestDigest: true } as const;
type ArtifactFields = { code: string; version: string; artifactDigest: string | null; manifestDigest: string };

/** What the server keeps of a version's checked artifact: its index and hooks bundle (form files stay on disk). */
interface LoadedArtifact {
  digest: string;
  artifact: Artifact;
  hooks: PluginBundle | null;
}

/**
 * The plugin versions the running server knows, keyed by PluginVersion id. Live versions are
 * read once at start: their promoted manifests parsed, and their checked artifacts verified
 * against the promoted digest (hooks and form files are only ever served from a verified
 * artifact; nothing of a package folder is used). Any other version (a superseded one a dossier
 * is pinned to) is read from the database and the artifact store the first time it is needed.
 * Versions and artifacts are immutable, so nothing here goes stale and no request parses a
 * manifest again.
 */
export class PluginRegistry {
  private readonly manifests = new Map<string, ServiceManifest>();
  private readonly pending = new Map<string, Promise<ServiceManifest>>();
  private readonly artifacts = new Map<string, Promise<LoadedArtifact | null>>();
  /** How many manifests were parsed from JSON; tests use it. */
  manifestParses = 0;

  constructor(
    private readonly store: ArtifactStore,
    private readonly logger: RegistryLogger = console,
  ) {}

  private parse(id: string, json: string): ServiceManifest {
    this.manifestParses++;
    const manifest = JSON.parse(json) as ServiceManifest;
    this.manifests.set(id, manifest);
    return manifest;
  }

  /**
   * Reads every live version and verifies its artifact. The manifest served is the promoted one
   * from the database; the artifact must hold exactly that manifest.
   */
  async loadLive(prisma: PrismaClient): Promise<void> {
    const live = await prisma.pluginVersion.findMany({
      where: { status: 'LIVE' },
      select: { id: true, manifest: true, ...artifactFields },
    });
    await Promise.all(
      live.map(async (v) => {
        this.parse(v.id, v.manifest);
        this.artifacts.delete(v.id);
        await this.artifact(prisma, v.id, v);
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
   * A version's artifact, verified against the digest promotion recorded and the manifest in
   * the database; null (and a warning in the log) when it is missing or damaged. A failure is
   * tried again next time (files restored); a success is kept.
   */
  private artifact(prisma: PrismaClient, versionId: string, known?: ArtifactFields): Promise<LoadedArtifact | null> {
    let pending = this.artifacts.get(versionId);
    if (!pending) {
      pending = (async () => {
        const version = known ?? (await prisma.pluginVersion.findUniqueOrThrow({ where: { id: versionId }, select: artifactFields }));
        const name = `${version.code}@${version.version}`;
        if (!version.artifactDigest) {
          this.logger.warn(
            `${name}: installed without a checked artifact; its hooks and form files are unavailable until a checked version is promoted`,
          );
          return null;
        }
        try {
          const artifact = await this.store.get(version.artifactDigest, { keepFiles: false });
          if (artifact.index.manifestDigest !== version.manifestDigest) throw new ArtifactError('its manifest is not the promoted one');
          return loaded(artifact);
        } catch (error) {
          if (!(error instanceof ArtifactError)) throw error;
          this.logger.warn(`${name}: not serving its artifact ${version.artifactDigest}: ${error.message}`);
          return null;
        }
      })();
      this.artifacts.set(versionId, pending);
      void pending.then(
        (found) => found ?? this.artifacts.delete(versionId),
        () => this.artifacts.delete(versionId),
      );
    }
    return pending;
  }

  /** The hooks bundle of a version (null when its artifact cannot be verified). */
  async hooks(prisma: PrismaClient, versionId: string): Promise<PluginBundle | null> {
    return (await this.artifact(prisma, versionId))?.hooks ?? null;
  }

  /**
   * A form file of a version's artifact, by its path in the package, read from the store and
   * checked against its SHA-256 on every read; null when there is no such file or it is damaged.
   */
  async formFile(prisma: PrismaClient, versionId: string, path: string): Promise<Buffer | null> {
    const found = await this.artifact(prisma, versionId);
    const part = found && Object.hasOwn(found.artifact.index.files, path) ? found.artifact.index.files[path]! : null;
    if (!found || !part) return null;
    const bytes = await this.store.blob(found.digest, part.sha256).catch(() => null);
    if (!bytes || sha256Of(bytes) !== part.sha256) {
      this.logger.warn(`artifact ${found.digest}: the file ${path} is missing or was changed`);
      return null;
    }
    return bytes;
  }

  /** Makes a just-promoted version known: its manifest and verified artifact, as at start. */
  activate(versionId: string, artifact: Artifact): void {
    this.manifests.set(versionId, artifact.index.manifest);
    this.artifacts.set(versionId, Promise.resolve(loaded(artifact)));
  }

  /** The ids of the versions whose artifact is verified and loaded (tests). */
  async loadedVersionIds(): Promise<string[]> {
    const ids = await Promise.all([...this.artifacts].map(async ([id, found]) => ((await found) ? id : null)));
    return ids.filter((id): id is string => id !== null);
  }
}

function loaded(artifact: Artifact): LoadedArtifact {
  const hooks = artifact.index.hooks;
  const code = hooks ? artifact.blobs.get(hooks.sha256)?.toString('utf8') : undefined;
  return {
    digest: artifact.digest,
    artifact,
    hooks: hooks && code !== undefined ? { code, filename: hooks.source, sha256: hooks.sha256 } : null,
  };
}
