import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Prisma, type IntegrationRequest } from '@egov/schema/client';
import semver from 'semver';
import { formatLocalTime } from '../calendar/working-time.ts';
import { installPluginVersion } from '../catalog/install.ts';
import { digestPackage, insideFolder, PackageContentError } from '../catalog/plugin-loader.ts';
import { ApiError, badInput, conflict, forbidden, notFound } from '../errors.ts';
import { claimProcedure, ownedProcedure } from '../procedures/procedure-register.ts';
import { checkEligibility } from './eligibility.ts';
import { unpackTarball } from './package-upload.ts';
import { ArtifactError, type Artifact, type ArtifactStore } from '../plugin-artifact/artifact.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { LiveSchema } from '../catalog/live-schema.ts';
import type { PluginRegistry } from '../catalog/plugin-registry.ts';
import type { Config } from '../config.ts';
import type { Ports } from '../lifecycle/lifecycle.ts';
import type { CheckQueue } from './check-queue.ts';
import { manifestMismatch } from './request-match.ts';
import { integrationRequests, openStatuses, STEP_WORKING_DAYS, type IntegrationKind } from './integration-lifecycle.ts';

export interface PackageSource {
  /** A package folder, relative to the plugin root. */
  path?: string | null;
  /** An uploaded `npm pack` tarball: unpacked (see `unpackTarball`) once the request is otherwise admissible. */
  upload?: File | null;
}

export interface FileRequestInput {
  kind: IntegrationKind;
  serviceCode: string;
  /** The agency filing; needed only by an admin of several agencies. */
  agencyCode?: string | null;
  level?: number | null;
  reason?: string | null;
  /** CANCEL: when the procedure was abolished or changed (R8.2b). */
  invalidSince?: Date | null;
  source: PackageSource;
}

/** package.json read as data: nothing of the package runs in the API process. */
async function readPackageJson(dir: string): Promise<{ name: string; version: string }> {
  const text = await readFile(join(dir, 'package.json'), 'utf8').catch(() => null);
  if (text === null) throw badInput('The package has no package.json', [{ field: 'input.packagePath', message: 'has no package.json' }]);
  let pkg: { name?: unknown; version?: unknown };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch {
    throw badInput('The package’s package.json is not valid JSON', [{ field: 'input.packagePath', message: 'package.json is not JSON' }]);
  }
  if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string' || !semver.valid(pkg.version)) {
    throw badInput('package.json needs a name and a semver version', [
      { field: 'input.packagePath', message: 'package.json needs name and a semver version' },
    ]);
  }
  return { name: pkg.name, version: pkg.version };
}

/** What the pipeline's actions need besides the request's ports; built once by `createApp`. */
export interface PipelineDeps {
  /** Where package folders are (`pluginRoot`) and uploaded tarballs are unpacked (`packagesDir`). */
  config: Pick<Config, 'packagesDir' | 'pluginRoot'>;
  /** The working-time calendar (the steps' deadlines). */
  calendar: Pick<WorkingCalendar, 'time'>;
  /** Runs sandbox checks in the background. */
  checkQueue: Pick<CheckQueue, 'enqueueCheck'>;
  /** Checked artifacts, by digest: what promotion installs. */
  artifacts: Pick<ArtifactStore, 'get'>;
  /** The running GraphQL schema, rebuilt when the live catalog changes. */
  liveSchema: Pick<LiveSchema, 'withService' | 'refresh'>;
  registry: Pick<PluginRegistry, 'activate'>;
}

/**
 * The integration pipeline's actions (Art. 6–8): each loads the request for its lifecycle
 * action, does its own work (packages, installs, the live schema) and acts through the engine.
 */
export class PipelineActions {
  constructor(private readonly deps: PipelineDeps) {}
  /**
   * The agency the viewer files for: the one named (the field's auth scope made sure they are its
   * admin), or their only AGENCY_ADMIN agency.
   */
  private async filingAgency(ctx: Ports, agencyCode: string | null | undefined) {
    if (agencyCode) return ctx.prisma.agency.findUniqueOrThrow({ where: { code: agencyCode.trim().toUpperCase() } });
    const admin = ctx.viewer!.agenciesWith('AGENCY_ADMIN');
    if (admin.length !== 1)
      throw badInput('Name the agency you file for', [
        { field: 'input.agencyCode', message: 'is required for an admin of several agencies' },
      ]);
    return ctx.prisma.agency.findUniqueOrThrow({ where: { id: admin[0]! } });
  }

  /**
   * R6.1 / R7 / R8.2b: an agency files an integration request (Appendix I). NEW and UPDATE name
   * a package (a folder under the plugin root, or an uploaded tarball); its files are digested
   * now and must not change until promotion. The level asked for must be allowed by the
   * procedure's statistics or a city approval (R5.1-R5.3).
   *
   * R4.3: NEW and UPDATE are for a procedure of the registry, in force and owned by the filing
   * agency (NOT_FOUND for an unknown code, FORBIDDEN for another agency's, CONFLICT for a
   * withdrawn one), so no other agency can file for a procedure or hold its open-request slot.
   * A CANCEL needs the agency's live service; its procedure may be withdrawn (that is why it is
   * cancelled, R8.2b) and then gives the day it stopped being valid.
   */
  async fileIntegrationRequest(ctx: Ports, input: FileRequestInput): Promise<IntegrationRequest> {
    const serviceCode = input.serviceCode.trim().toUpperCase();
    const agency = await this.filingAgency(ctx, input.agencyCode);
    const procedure =
      input.kind === 'CANCEL'
        ? await ctx.prisma.procedure.findUnique({ where: { code: serviceCode } })
        : await ownedProcedure(ctx.prisma, serviceCode, agency, { inForce: true, field: 'input.serviceCode' });
    if (procedure && procedure.agencyId !== agency.id) throw forbidden(`${serviceCode} belongs to another agency`);
    const plugin = await ctx.prisma.servicePlugin.findUnique({
      where: { code: serviceCode },
      select: { id: true, agencyId: true, versions: { where: { status: 'LIVE' }, select: { id: true, version: true, level: true } } },
    });
    if (plugin && plugin.agencyId !== agency.id) throw forbidden(`${serviceCode} belongs to another agency`);
    const live = plugin?.versions[0] ?? null;
    if (input.kind === 'NEW' && live)
      throw conflict(`${serviceCode} is already live (version ${live.version}); file an UPDATE`, 'input.serviceCode');
    if (input.kind !== 'NEW' && !live)
      throw notFound(`No live service ${serviceCode} of ${agency.code} to ${input.kind === 'UPDATE' ? 'update' : 'cancel'}`);
    const open = await ctx.prisma.integrationRequest.findFirst({
      where: { serviceCode, status: { in: [...openStatuses] } },
      select: { id: true },
    });
    if (open) throw conflict(`Request ${open.id} for ${serviceCode} is still open; wait for it or let DoIC finish it`, 'input.serviceCode');

    const now = ctx.clock();
    const base = { kind: input.kind, agencyId: agency.id, serviceCode, filedById: ctx.viewer!.id, filedAt: now };
    let data: Omit<Prisma.IntegrationRequestUncheckedCreateInput, 'status'>;
    if (input.kind === 'CANCEL') {
      const reason = input.reason?.trim();
      if (!reason)
        throw badInput('Say why the service is no longer valid', [{ field: 'input.reason', message: 'is required for a CANCEL request' }]);
      const since = input.invalidSince ?? procedure?.withdrawnAt ?? null;
      if (since && since > now)
        throw badInput('invalidSince is in the future', [{ field: 'input.invalidSince', message: 'is in the future' }]);
      // R8.2b: the agency files within 7 working days of the procedure becoming invalid.
      const filedLate = since !== null && now > this.deps.calendar.time.endOfWorkingDaysAfter(since, STEP_WORKING_DAYS.cancel);
      data = {
        ...base,
        reason,
        invalidSince: since,
        filedLate,
        dueAt: this.deps.calendar.time.endOfWorkingDaysAfter(now, STEP_WORKING_DAYS.remove),
      };
    } else {
      const level = input.level;
      if (!level || level < 1 || level > 4) throw badInput('level must be 1 to 4', [{ field: 'input.level', message: 'must be 1 to 4' }]);
      // Who files what, and whether the level is allowed, is settled before any upload is unpacked.
      await checkEligibility(ctx, { procedureCode: serviceCode, level, liveLevel: live?.level ?? null, at: now });
      const { sourcePath, tarballSha256 } = await this.packageLocation(ctx, input.source);
      const dir = resolve(this.deps.config.pluginRoot, sourcePath);
      // Digested first: a package holding a link or a special file is refused before anything is read.
      const { digest } = await digestPackage(dir).catch((error: Error) => {
        if (error instanceof PackageContentError)
          throw badInput(`The package cannot be filed: ${error.message}`, [{ field: 'input.packagePath', message: error.message }]);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
          throw badInput('There is no package folder at this path', [{ field: 'input.packagePath', message: 'is not a package folder' }]);
        throw error;
      });
      const pkg = await readPackageJson(dir);
      if (live && !semver.gt(pkg.version, live.version)) {
        throw badInput(`Version ${pkg.version} is not greater than the live ${live.version}`, [
          { field: 'input.packagePath', message: `version must be greater than ${live.version}` },
        ]);
      }
      // A version once installed (even rolled back since) is never installed again: bump it.
      if (await ctx.prisma.pluginVersion.count({ where: { code: serviceCode, version: pkg.version } })) {
        throw conflict(`${serviceCode}@${pkg.version} was installed before; give the package a new version`, 'input.packagePath');
      }
      data = {
        ...base,
        level,
        sourcePath,
        tarballSha256,
        packageName: pkg.name,
        version: pkg.version,
        packageDigest: digest,
        reason: input.reason?.trim() || null,
        dueAt: this.deps.calendar.time.endOfWorkingDaysAfter(now, STEP_WORKING_DAYS.check),
      };
    }
    // The request and its FILED event in one transaction; `openKey` (unique) makes a second open
    // request for the service fail in the database even when two are filed at the same moment.
    const note = `${input.kind} ${serviceCode}${data.version ? `@${data.version}` : ''}; hạn xử lý của Sở TT&TT ${formatLocalTime(data.dueAt as Date)}`;
    try {
      return await integrationRequests.create(
        ctx,
        'file',
        agency.id,
        async (tx, status) => {
          // The procedure stays the agency's and in force until this commits (see claimProcedure).
          if (input.kind !== 'CANCEL') await claimProcedure(tx, serviceCode, agency.id);
          return tx.integrationRequest.create({ data: { ...data, status, openKey: serviceCode, eventCount: 1 } });
        },
        () => ({ note }),
      );
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw conflict(`Another request for ${serviceCode} was filed at the same moment and is open`, 'input.serviceCode');
      }
      throw error;
    }
  }

  private async packageLocation(ctx: Ports, source: PackageSource): Promise<{ sourcePath: string; tarballSha256: string | null }> {
    if (source.upload && source.path)
      throw badInput('Give a packagePath or upload a package, not both', [{ field: 'input.package', message: 'give one source' }]);
    if (source.upload) {
      const { sourcePath, sha256 } = await unpackTarball(this.deps.config, source.upload);
      return { sourcePath, tarballSha256: sha256 };
    }
    const path = source.path?.trim();
    if (!path)
      throw badInput('NEW and UPDATE requests need a package', [
        { field: 'input.packagePath', message: 'give packagePath or upload package' },
      ]);
    const dir = resolve(this.deps.config.pluginRoot, path);
    if (!insideFolder(this.deps.config.pluginRoot, dir))
      throw badInput('The package path must be inside the plugin root', [
        { field: 'input.packagePath', message: 'is outside the plugin root' },
      ]);
    return { sourcePath: relative(this.deps.config.pluginRoot, dir), tarballSha256: null };
  }

  /** R6.2: DoIC starts the sandbox check; it runs in the background and streams its results. */
  async startIntegrationCheck(ctx: Ports, id: string): Promise<IntegrationRequest> {
    const request = await integrationRequests.load(ctx, 'startCheck', id);
    // The version in production the check compares with; promotion insists it is still live.
    const live = await ctx.prisma.pluginVersion.findFirst({ where: { code: request.serviceCode, status: 'LIVE' }, select: { id: true } });
    const started = await integrationRequests.act(ctx, request, 'startCheck', {
      data: { checkerId: ctx.viewer!.id, checkStartedAt: ctx.clock(), previousVersionId: live?.id ?? null, report: null },
      note: 'Bắt đầu kiểm tra kỹ thuật và an toàn thông tin trong môi trường kiểm thử',
    });
    this.deps.checkQueue.enqueueCheck(started.id);
    return started;
  }

  /**
   * R6.2: DoIC integrates a checked version. It becomes the live version in the same
   * transaction as the request's step; the running server's catalog and GraphQL schema change
   * at once. Dossiers filed under the previous version stay on it.
   */
  async promotePlugin(ctx: Ports, id: string): Promise<IntegrationRequest> {
    const request = await integrationRequests.load(ctx, 'promote', id);
    const agency = await ctx.prisma.agency.findUniqueOrThrow({ where: { id: request.agencyId }, select: { code: true } });
    // What is installed is exactly the artifact that was checked (verified against its digest
    // here, part by part), and what the agency asked for. Nothing of the package is bundled or run.
    if (!request.artifactDigest) throw new ApiError('CONFLICT', 'The request has no checked artifact; check it again');
    let artifact: Artifact;
    try {
      artifact = await this.deps.artifacts.get(request.artifactDigest, { keepFiles: false });
    } catch (error) {
      if (error instanceof ArtifactError)
        throw new ApiError('CONFLICT', `The checked artifact cannot be installed: ${error.message}; check the request again`);
      throw error;
    }
    const m = artifact.index.manifest;
    const mismatch = [
      ...(artifact.index.packageDigest !== request.packageDigest ? ['the artifact was built from other files than the ones filed'] : []),
      ...manifestMismatch(request, agency.code, m),
    ];
    if (mismatch.length) throw new ApiError('CONFLICT', `The package cannot be installed: ${mismatch.join('; ')}`);
    // The typed schema with this version must build before anything is written.
    try {
      await this.deps.liveSchema.withService(m);
    } catch (error) {
      throw new ApiError('CONFLICT', `The service's typed GraphQL input cannot join the schema: ${(error as Error).message}`);
    }
    const now = ctx.clock();
    let versionId = '';
    const installed = await integrationRequests.act(ctx, request, 'promote', {
      note: `Đã tích hợp ${request.serviceCode}@${request.version} lên hệ thống; cơ quan phản hồi trong ${STEP_WORKING_DAYS.accept} ngày làm việc`,
      before: async (tx) => {
        // R4.3: the procedure is still the agency's and in force (not withdrawn since filing).
        await claimProcedure(tx, request.serviceCode, request.agencyId);
        // The version in production must still be the one the check compared with. Superseding
        // it conditionally also serializes with a concurrent rollback (the row is locked).
        if (request.previousVersionId) {
          const { count } = await tx.pluginVersion.updateMany({
            where: { id: request.previousVersionId, status: 'LIVE' },
            data: { status: 'SUPERSEDED', liveKey: null },
          });
          if (count !== 1)
            throw new ApiError('INVALID_TRANSITION', 'The version in production changed since the check; check the request again');
        } else if (await tx.pluginVersion.count({ where: { code: request.serviceCode, status: 'LIVE' } })) {
          throw new ApiError('INVALID_TRANSITION', 'A version went live since the check; check the request again');
        }
        if (await tx.pluginVersion.count({ where: { code: request.serviceCode, version: request.version! } })) {
          throw conflict(`${request.serviceCode}@${request.version} is already installed`);
        }
        const version = await installPluginVersion(tx, { artifact, sourcePath: request.sourcePath! }, { live: true, now });
        versionId = version.id;
        await tx.integrationRequest.update({ where: { id: request.id }, data: { versionId: version.id } });
      },
      data: {
        installedAt: now,
        signedOffById: ctx.viewer!.id,
        dueAt: this.deps.calendar.time.endOfWorkingDaysAfter(now, STEP_WORKING_DAYS.accept),
        overdueAt: null,
      },
    });
    this.deps.registry.activate(versionId, artifact);
    await this.deps.liveSchema.refresh();
    return installed;
  }

  /** DoIC takes an installed version back: the version live before it serves again. */
  async rollbackPlugin(ctx: Ports, id: string, reason: string): Promise<IntegrationRequest> {
    const request = await integrationRequests.load(ctx, 'rollback', id);
    const rolledBack = await integrationRequests.act(ctx, request, 'rollback', {
      note: `Gỡ phiên bản ${request.version}: ${reason}`,
      data: { dueAt: null, overdueAt: null, closedAt: ctx.clock() },
      before: async (tx) => {
        // Conditional, so a concurrent promotion or rollback of the same service cannot interleave.
        const { count } = await tx.pluginVersion.updateMany({
          where: { id: request.versionId!, status: 'LIVE' },
          data: { status: 'SUPERSEDED', liveKey: null },
        });
        if (count !== 1)
          throw new ApiError(
            'INVALID_TRANSITION',
            `${request.serviceCode}@${request.version} is no longer the live version; roll back the newer one`,
          );
        if (request.previousVersionId) {
          const { pluginId } = await tx.pluginVersion.findUniqueOrThrow({ where: { id: request.versionId! }, select: { pluginId: true } });
          await tx.pluginVersion.update({
            where: { id: request.previousVersionId },
            data: { status: 'LIVE', liveKey: pluginId, liveSince: ctx.clock() },
          });
        }
      },
    });
    await this.deps.liveSchema.refresh();
    return rolledBack;
  }

  /** R6.3: the agency tested the integrated service and accepts it (Appendix III). */
  async acceptIntegration(ctx: Ports, id: string, note: string): Promise<IntegrationRequest> {
    const request = await integrationRequests.load(ctx, 'accept', id);
    const now = ctx.clock();
    return integrationRequests.act(ctx, request, 'accept', {
      note,
      data: {
        acceptedAt: now,
        acceptanceNote: note,
        dueAt: this.deps.calendar.time.endOfWorkingDaysAfter(now, STEP_WORKING_DAYS.announce),
        overdueAt: null,
      },
    });
  }

  /** R6.4: the agency announced the service to the public, the city portal and the Information Centre. */
  async announceService(ctx: Ports, id: string, note: string): Promise<IntegrationRequest> {
    const request = await integrationRequests.load(ctx, 'announce', id);
    const now = ctx.clock();
    return integrationRequests.act(ctx, request, 'announce', {
      note,
      data: { announcedAt: now, announcementNote: note, dueAt: null, overdueAt: null, closedAt: now },
    });
  }

  /** R8.2b: DoIC removes a cancelled service from the catalog; its dossiers stay readable. */
  async retireService(ctx: Ports, id: string): Promise<IntegrationRequest> {
    const request = await integrationRequests.load(ctx, 'retire', id);
    const now = ctx.clock();
    const retired = await integrationRequests.act(ctx, request, 'retire', {
      note: `Đã hủy dịch vụ ${request.serviceCode} khỏi hệ thống`,
      data: { signedOffById: ctx.viewer!.id, dueAt: null, overdueAt: null, closedAt: now },
      before: async (tx) => {
        const live = await tx.pluginVersion.findFirst({ where: { code: request.serviceCode, status: 'LIVE' }, select: { id: true } });
        if (!live) throw new ApiError('INVALID_TRANSITION', `${request.serviceCode} has no live version any more`);
        await tx.pluginVersion.update({ where: { id: live.id }, data: { status: 'RETIRED', liveKey: null } });
        await tx.integrationRequest.update({ where: { id: request.id }, data: { versionId: live.id } });
      },
    });
    await this.deps.liveSchema.refresh();
    return retired;
  }
}
