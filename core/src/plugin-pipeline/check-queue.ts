import { rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { IntegrationRequest } from '@egov/schema/client';
import { digestPackage } from '../catalog/plugin-loader.ts';
import type { PluginRegistry } from '../catalog/plugin-registry.ts';
import { ArtifactError, type Artifact, type ArtifactStore } from '../plugin-artifact/artifact.ts';
import type { Config } from '../config.ts';
import type { PrismaClient } from '../db/client.ts';
import { ApiError } from '../errors.ts';
import { asPlatform, type PlatformPorts } from '../lifecycle/lifecycle.ts';
import type { LiveEvents } from '../lifecycle/live-events.ts';
import { integrationRequests, type IntegrationAction, type IntegrationChange } from './integration-lifecycle.ts';
import { requestMatch } from './request-match.ts';
import { boundedCheck, type CheckResult, type SandboxReport } from './report.ts';
import { runSandbox, SandboxFailure } from './sandbox-runner.ts';

export interface CheckQueueDeps {
  prisma: PrismaClient;
  events: LiveEvents;
  registry: PluginRegistry;
  artifacts: ArtifactStore;
  config: Config;
  clock: () => Date;
  logger: Pick<Console, 'warn'>;
}

/**
 * Runs sandbox checks one at a time (a check is CPU-heavy and the host small), each in its own
 * child process, recording every finished check as an event of its request and the final
 * report with CHECK_PASSED or CHECK_FAILED. Requests left CHECKING by a stop are checked again
 * at start, so no request stays CHECKING forever.
 */
export class CheckQueue {
  private queue: string[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly deps: CheckQueueDeps) {}

  enqueueCheck(requestId: string): void {
    this.queue.push(requestId);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when no check is queued or running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Queues the requests a previous run left CHECKING (and clears what their runs left staged). */
  async resume(): Promise<number> {
    await this.deps.artifacts.sweepStaging();
    const stuck = await this.deps.prisma.integrationRequest.findMany({
      where: { status: 'CHECKING' },
      orderBy: { checkStartedAt: 'asc' },
      select: { id: true },
    });
    for (const r of stuck) this.enqueueCheck(r.id);
    return stuck.length;
  }

  private async drain(): Promise<void> {
    for (let id = this.queue.shift(); id; id = this.queue.shift()) {
      try {
        await this.check(id);
      } catch (error) {
        this.deps.logger.warn(`integration check ${id} failed: ${(error as Error).message}`);
        await this.giveUp(id, (error as Error).message).catch((again: Error) =>
          this.deps.logger.warn(`integration check ${id} stays CHECKING: ${again.message}`),
        );
      }
    }
  }

  /** Ends a check the platform itself could not finish, so the request does not stay CHECKING. */
  private async giveUp(id: string, why: string): Promise<void> {
    const request = await this.deps.prisma.integrationRequest.findUniqueOrThrow({ where: { id } });
    if (request.status !== 'CHECKING') return;
    this.deps.logger.warn(`integration check ${id} given up: ${why}`);
    await integrationRequests.act(this.writer(request), request, 'failCheck', {
      data: {
        report: JSON.stringify(failedReport(request, 'the check could not be completed; start a new request')),
        checkedAt: this.deps.clock(),
        dueAt: null,
        overdueAt: null,
        closedAt: this.deps.clock(),
      },
      note: 'Kết quả kiểm tra: Không đạt (SANDBOX.RUN)',
    });
  }

  private writer(request: IntegrationRequest): PlatformPorts {
    // Events of the check are the checker's: the DoIC admin who started it.
    return asPlatform(this.deps, request.checkerId);
  }

  private async check(id: string): Promise<void> {
    const { prisma, config } = this.deps;
    let request = await prisma.integrationRequest.findUniqueOrThrow({ where: { id } });
    if (request.status !== 'CHECKING') return;
    const agency = await prisma.agency.findUniqueOrThrow({ where: { id: request.agencyId }, select: { code: true } });
    // The version in production when the check started (recorded then; promotion insists on it):
    // the sandbox compares with its promoted manifest, handed over as a file.
    const live = request.previousVersionId;
    // The check's own events. Another writer may add one meanwhile (the overdue sweep flags a
    // late step): then the request is read again and the write retried, so no result is lost.
    const write = async (action: Extract<IntegrationAction, 'recordCheck' | 'passCheck' | 'failCheck'>, change: IntegrationChange) => {
      for (let attempt = 1; ; attempt++) {
        try {
          request = await integrationRequests.act(this.writer(request), request, action, change);
          return;
        } catch (error) {
          if (!(error instanceof ApiError) || attempt >= 5) throw error;
          request = await prisma.integrationRequest.findUniqueOrThrow({ where: { id } });
          if (request.status !== 'CHECKING') throw error;
        }
      }
    };
    const record = (check: CheckResult) =>
      write('recordCheck', {
        payload: boundedCheck(check),
        note: `${check.passed ? 'Đạt' : check.severity === 'error' ? 'Không đạt' : 'Lưu ý'}: ${check.id}`,
      });
    const staging = await this.deps.artifacts.staging();
    const liveManifest = live ? `${staging}.live.json` : null;
    let report: SandboxReport;
    let artifact: Artifact | null = null;
    let artifactProblem: string | null = null;
    try {
      if (live && liveManifest) {
        const { manifest } = await prisma.pluginVersion.findUniqueOrThrow({ where: { id: live }, select: { manifest: true } });
        await writeFile(liveManifest, manifest);
      }
      try {
        report = await runSandbox({
          packageDir: resolve(config.pluginRoot, request.sourcePath!),
          liveManifest,
          artifactOut: staging,
          onCheck: record,
          timeoutMs: config.sandboxTimeoutSeconds * 1000,
          log: (text) => this.deps.logger.warn(`sandbox check of ${request.id} failed:\n${text}`),
        });
      } catch (error) {
        if (!(error instanceof SandboxFailure)) throw error;
        report = failedReport(request, error.message);
        await record(report.checks[0]!);
      }
      // The artifact the sandbox left, verified here against the digest its report names; only
      // then moved into the store. Nothing of the package is bundled or run in this process.
      if (report.verdict === 'PASSED') {
        if (!report.artifactDigest) artifactProblem = 'the sandbox reported no artifact';
        else {
          try {
            artifact = await this.deps.artifacts.adopt(staging, report.artifactDigest);
          } catch (error) {
            if (!(error instanceof ArtifactError)) throw error;
            artifactProblem = `the artifact is not the one the sandbox reported: ${error.message}`;
          }
        }
      }
    } finally {
      await rm(staging, { recursive: true, force: true });
      if (liveManifest) await rm(liveManifest, { force: true });
    }
    // The platform's own view: the package's digest now, and the checked artifact's contents.
    const dir = resolve(config.pluginRoot, request.sourcePath!);
    const { digest } = await digestPackage(dir).catch(() => ({ digest: '' }));
    const match = requestMatch(request, agency.code, {
      digest,
      artifact: artifact?.index ?? null,
      artifactProblem: artifactProblem ?? (artifact ? null : 'the sandbox found errors first'),
      reportedIds: report.checks.map((c) => c.id),
      live: live !== null,
    });
    await record(match);
    const checks = [...report.checks.map(boundedCheck), match];
    const passed = !checks.some((c) => c.severity === 'error' && !c.passed);
    const final: SandboxReport = {
      ...report,
      checks,
      verdict: passed ? 'PASSED' : 'FAILED',
      artifactDigest: passed ? artifact!.digest : null,
    };
    const failedIds = checks.filter((c) => c.severity === 'error' && !c.passed).map((c) => c.id);
    await write(passed ? 'passCheck' : 'failCheck', {
      data: {
        report: JSON.stringify(final),
        artifactDigest: final.artifactDigest ?? null,
        checkedAt: this.deps.clock(),
        ...(passed ? {} : { dueAt: null, overdueAt: null, closedAt: this.deps.clock() }),
      },
      note: passed ? 'Kết quả kiểm tra: Đạt' : `Kết quả kiểm tra: Không đạt (${failedIds.join(', ')}); trả lại cơ quan để hoàn thiện`,
    });
  }
}

/** The report of a check that did not get to the end: one failed SANDBOX.RUN saying why. */
function failedReport(request: IntegrationRequest, why: string): SandboxReport {
  const failed: CheckResult = { id: 'SANDBOX.RUN', title: 'The sandbox ran to the end', severity: 'error', passed: false, details: [why] };
  return {
    packagePath: request.sourcePath!,
    packageName: request.packageName,
    code: null,
    version: null,
    digest: '',
    checks: [failed],
    verdict: 'FAILED',
    manifest: null,
  };
}
