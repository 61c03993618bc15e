import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { projectRoot } from '../config.ts';
import type { CheckResult, SandboxReport } from './report.ts';

export interface SandboxRun {
  /** The package folder to check. */
  packageDir: string;
  /** The manifest of the version in production (a JSON file), for the version and schema-diff checks. */
  liveManifest?: string | null;
  /** Where the sandbox writes the artifact of a package that passes (a folder that does not exist yet). */
  artifactOut: string;
  /** Called as each check finishes, in order. */
  onCheck: (check: CheckResult) => Promise<void> | void;
  timeoutMs: number;
  /** Where the sandbox's diagnostics go when it fails (the server log). */
  log?: (text: string) => void;
}

/** The sandbox could not produce a report (crash, timeout, garbage on stdout). */
export class SandboxFailure extends Error {
  override name = 'SandboxFailure';
}

const cli = join(projectRoot, 'sandbox/src/cli.ts');
/** The most a sandbox run may write to stdout (reports are a few kilobytes). */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * Runs the sandbox harness (`sandbox/src/cli.ts check --ndjson`) in a child process: the
 * package is bundled (confined to its own files), scanned and trial-run there, and its code runs
 * in runner processes of that child, never in the API process, so a hostile package cannot
 * reach the server's memory, secrets or event loop. The child gets no environment beyond PATH
 * (no AUTH_SECRET, no DATABASE_URL) and is killed at the time limit. Checks stream back as
 * NDJSON lines; a package that passes leaves its artifact in `artifactOut`, which the server
 * verifies against the digest the report names before it uses anything of it.
 */
export function runSandbox(run: SandboxRun): Promise<SandboxReport> {
  return new Promise((resolvePromise, reject) => {
    const args = [
      '--import',
      'tsx',
      cli,
      'check',
      run.packageDir,
      '--ndjson',
      '--artifact-out',
      run.artifactOut,
      ...(run.liveManifest ? ['--live', run.liveManifest] : []),
    ];
    const child = spawn(process.execPath, args, {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // A one-time key: only stdout lines that start with it are the harness's own (the package's
    // code runs in that process and might print lines that look like results).
    const key = randomBytes(24).toString('base64url');
    child.stdin.end(`${key}\n`);
    let report: SandboxReport | null = null;
    let stderr = '';
    let pending: Promise<unknown> = Promise.resolve();
    let failure: Error | null = null;
    const timer = setTimeout(() => {
      failure = new SandboxFailure(`the sandbox took longer than ${Math.round(run.timeoutMs / 1000)} s`);
      child.kill('SIGKILL');
    }, run.timeoutMs);
    // The stream is bounded: a package writing without end cannot fill the server's memory.
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_OUTPUT_BYTES && !failure) {
        failure = new SandboxFailure(`the sandbox wrote more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MB`);
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 8000) stderr += chunk.toString();
    });
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
      if (failure) return;
      if (!line.startsWith(`${key} `)) return; // not the harness's: ignored
      let message: { type?: string; check?: CheckResult; report?: SandboxReport };
      try {
        message = JSON.parse(line.slice(key.length + 1)) as typeof message;
      } catch {
        return;
      }
      if (message.type === 'check' && message.check) {
        const check = message.check;
        pending = pending.then(() => run.onCheck(check));
      } else if (message.type === 'report' && message.report) report = message.report;
    });
    child.on('error', (error) => {
      failure = new SandboxFailure(`the sandbox did not start: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      void pending.then(
        () => {
          if (failure) return reject(failure);
          if (report) return resolvePromise(report);
          // The package's own output stays in the server log: it is not shown to the requester.
          if (stderr.trim()) run.log?.(stderr.trim().split('\n').slice(-20).join('\n'));
          reject(new SandboxFailure(`the sandbox stopped (${signal ?? `exit ${code}`}) without a report`));
        },
        (error: unknown) => reject(error as Error),
      );
    });
  });
}
