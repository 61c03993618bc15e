import type { Prisma } from '@egov/schema/client';
import type { Artifact } from '../plugin-artifact/artifact.ts';
import { canonicalJson } from './plugin-loader.ts';
import { foldVietnamese } from './vietnamese.ts';

export class InstallError extends Error {
  override name = 'InstallError';
}

/** What is installed: a checked artifact (stored in the artifact store) and where its package was. */
export interface Installable {
  artifact: Artifact;
  /** The package folder the artifact was built from, relative to the plugin root (for the record). */
  sourcePath: string;
}

/**
 * Records a plugin version from its artifact, with its catalog columns and fees, inside the
 * caller's transaction. With `live`, it becomes the version the catalog serves and the previous
 * live version is superseded. (The promotion pipeline builds on this; the demo seed uses it
 * directly.) The artifact must be in the artifact store already.
 */
export async function installPluginVersion(tx: Prisma.TransactionClient, plugin: Installable, options: { live: boolean; now: Date }) {
  const { index } = plugin.artifact;
  const m = index.manifest;
  const agency = await tx.agency.findUnique({ where: { code: m.agency }, select: { id: true, name: true } });
  if (!agency) throw new InstallError(`${m.code}: agency ${m.agency} does not exist`);
  const existing = await tx.servicePlugin.findUnique({ where: { code: m.code } });
  if (existing && existing.agencyId !== agency.id) throw new InstallError(`${m.code} belongs to another agency`);
  const servicePlugin =
    existing ?? (await tx.servicePlugin.create({ data: { code: m.code, packageName: index.packageName, agencyId: agency.id } }));
  if (options.live) {
    await tx.pluginVersion.updateMany({ where: { liveKey: servicePlugin.id }, data: { status: 'SUPERSEDED', liveKey: null } });
  }
  return tx.pluginVersion.create({
    data: {
      pluginId: servicePlugin.id,
      version: m.version,
      status: options.live ? 'LIVE' : 'REGISTERED',
      liveKey: options.live ? servicePlugin.id : null,
      liveSince: options.live ? options.now : null,
      sourcePath: plugin.sourcePath,
      manifestDigest: index.manifestDigest,
      packageDigest: index.packageDigest,
      artifactDigest: plugin.artifact.digest,
      sdkRange: m.sdk,
      manifest: canonicalJson(m),
      code: m.code,
      agencyId: agency.id,
      title: m.title,
      level: m.level,
      onlineMode: m.onlineMode ?? null,
      field: m.field,
      fieldKey: foldVietnamese(m.field),
      processingDays: m.processingDays,
      searchText: foldVietnamese([m.code, m.title, m.summary ?? '', m.field, agency.name, m.result.name].join(' ')),
      fees: {
        create: m.fees.map((f, position) => ({
          position,
          name: f.name,
          inPerson: f.inPerson,
          online: f.online ?? null,
          note: f.note ?? null,
        })),
      },
    },
  });
}
