import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../../config.ts';
import { fromProjectRoot, packageFixture } from '../../testing/package-fixture.ts';
import { eligibleForNew, fileAndCheck, PROMOTE_REQUEST as PROMOTE } from '../../testing/pipeline-scenario.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// An agency developer who wants the token secret files packages that try every way to get it (or
// any file of the host, or the server's environment) into something people read: a manifest
// field, a check report, a hook's error, an event, the log. Through the API from filing to the
// refused promotion, and through the CLI an agency runs itself, the canaries never show.

const CODE = 'DNG-PTT-HT-XNHN-01';
const envCanary = `env-canary-${process.pid}-7f3a`;
const fileCanary = `file-canary-${process.pid}-91c2`;
const canaryFile = join(projectRoot, 'data', `trust-canary-${process.pid}.txt`);
const READ = `query ($id: ID!) { integrationRequest(id: $id) {
  status history { type status note check { id passed details } }
  report { verdict checks { id passed details } vi: text(language: VI) en: text(language: EN) }
} }`;

/** The marital-status fixture with `change` applied to its copy: a package of PTT's registered procedure. */
async function variant(change: (dir: string) => Promise<void>): Promise<string> {
  const dir = await packageFixture('test/fixtures/plugins/marital-status-1.0.0');
  await change(dir);
  return dir;
}
const edit = async (file: string, from: string, to: string) => writeFile(file, (await readFile(file, 'utf8')).replace(from, to));

/** Each way a package might bring the secrets into what it exports, or into a hook's answer. */
const attacks: Record<string, (dir: string) => Promise<void>> = {
  // The bundler asked to inline them: by path into data/, absolute, /proc, a text loader, an attribute.
  'the bundler inlines host files': async (dir) => {
    const up = relative(join(dir, 'src'), canaryFile);
    await edit(
      join(dir, 'src/index.ts'),
      "import { defineService } from '@egov/sdk';",
      `import { defineService } from '@egov/sdk';\nimport a from '${up}';\nimport b from '${canaryFile}';\nimport c from '/proc/self/environ';\nimport d from '${up}' with { type: 'text' };\nconst stolen = String(a) + String(b) + String(c) + String(d);`,
    );
    await edit(join(dir, 'src/index.ts'), "  title: 'Cấp Giấy xác nhận tình trạng hôn nhân',", '  title: stolen,');
  },
  // A path the bundler cannot see until run time: esbuild's own bundler would list and inline
  // every file it matches, from the server's data folder up.
  'a computed import path': async (dir) => {
    const up = relative(join(dir, 'src'), join(projectRoot, 'data'));
    await edit(
      join(dir, 'src/index.ts'),
      "import { defineService } from '@egov/sdk';",
      `import { defineService } from '@egov/sdk';\nconst name = 'trust-canary-${process.pid}';\nconst stolen = String((require)(\`${up}/\${name}.txt\`)) + String(require('${up}/' + name + '.txt'));`,
    );
    await edit(join(dir, 'src/index.ts'), "  title: 'Cấp Giấy xác nhận tình trạng hôn nhân',", '  title: stolen,');
  },
  // The manifest's top-level code reads the environment and the file at evaluation.
  'the manifest reads at evaluation': async (dir) => {
    await edit(
      join(dir, 'src/index.ts'),
      "  title: 'Cấp Giấy xác nhận tình trạng hôn nhân',",
      `  title: String((globalThis as any)['pro' + 'cess']?.env?.EGOV_CANARY) + String((globalThis as any)['req' + 'uire']?.('fs').readFileSync('${canaryFile}', 'utf8')),`,
    );
  },
  // A hook, run at check time on the fixtures, puts what it finds into its field errors.
  'a hook reads at run time': async (dir) => {
    await edit(join(dir, 'src/index.ts'), "  field: 'Hộ tịch',", "  field: 'Hộ tịch',\n  hooks: 'src/hooks.ts',");
    await writeFile(
      join(dir, 'src/hooks.ts'),
      `export default { validate() {
        const g = globalThis as any;
        const found: string[] = [];
        for (const read of [() => g['pro' + 'cess'].env.EGOV_CANARY, () => g['req' + 'uire']('fs').readFileSync('${canaryFile}', 'utf8'), () => g.Error('x').stack]) {
          try { found.push(String(read())); } catch (error) { found.push(String((error as Error).message)); }
        }
        return [{ field: 'purpose', message: found.join(' | ') }];
      } };\n`,
    );
  },
};

/** The checks each attack fails (REQUEST.MATCH fails with any failed sandbox run). */
const caughtBy: Record<string, string[]> = {
  'the bundler inlines host files': ['PKG.ENTRY', 'MANIFEST.SCHEMA', 'BUNDLE.CONFINED', 'REQUEST.MATCH'],
  'a computed import path': ['PKG.ENTRY', 'MANIFEST.SCHEMA', 'CAP.DYNAMIC_CODE', 'REQUEST.MATCH'],
  'the manifest reads at evaluation': ['PKG.ENTRY', 'MANIFEST.SCHEMA', 'CAP.DYNAMIC_CODE', 'REQUEST.MATCH'],
  // Its code reaching around the scan is found, so the hook is not run (it would be denied: capability-denial.test.ts).
  'a hook reads at run time': ['CAP.DYNAMIC_CODE', 'REQUEST.MATCH'],
};

describe('the trust boundary, as an agency developer after the token secret tries it', () => {
  let app: TestApp;
  let admin = '';
  let doic = '';
  const logged: string[] = [];
  beforeAll(async () => {
    mkdirSync(join(projectRoot, 'data'), { recursive: true });
    writeFileSync(canaryFile, fileCanary);
    process.env.EGOV_CANARY = envCanary;
    for (const method of ['warn', 'info', 'log', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
    app = await createTestApp({}, () => new Date('2026-11-30T09:00:00+07:00'));
    admin = await app.login('admin.ptt@demo.egov.vn');
    doic = await app.login('doic@demo.egov.vn');
    await eligibleForNew(app, admin, 'PTT', CODE);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    delete process.env.EGOV_CANARY;
    rmSync(canaryFile, { force: true });
    await app.dispose();
  });

  const secrets = () => [envCanary, fileCanary, app.config.authSecret, readFileSync('/etc/passwd', 'utf8').split('\n')[0]!];

  it.each(Object.keys(attacks))(
    '%s: the check fails, promotion is refused, and no secret is anywhere people read',
    async (attack) => {
      const dir = await variant(attacks[attack]!);
      const id = await fileAndCheck(app, { admin, doic }, { kind: 'NEW', serviceCode: CODE, level: 3, packagePath: fromProjectRoot(dir) });
      const read = await app.gql<{
        integrationRequest: { status: string; report: { checks: { id: string; passed: boolean; details: string[] }[] } };
      }>(READ, { id }, admin);
      expect(read.data!.integrationRequest.status).toBe('CHECK_FAILED');
      const failed = read.data!.integrationRequest.report.checks.filter((c) => !c.passed);
      expect(failed.map((c) => c.id)).toEqual(caughtBy[attack]);
      const promoted = await app.gql(PROMOTE, { id }, doic);
      expect(promoted.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
      const everything = JSON.stringify([
        read,
        promoted,
        await app.prisma.integrationEvent.findMany({ where: { requestId: id } }),
        await app.prisma.integrationRequest.findUnique({ where: { id } }),
        logged,
      ]);
      for (const secret of secrets()) expect(everything).not.toContain(secret);
      expect(await app.prisma.pluginVersion.count({ where: { code: CODE } })).toBe(0);
    },
    180_000,
  );

  it('shows nothing of them through the CLI an agency runs itself, with the secrets in its own environment', async () => {
    const run = promisify(execFile);
    for (const attack of Object.values(attacks)) {
      const dir = await variant(attack);
      const output = await run(process.execPath, ['--import', 'tsx', join(projectRoot, 'sandbox/src/cli.ts'), 'check', dir, '--json'], {
        cwd: projectRoot,
        env: { ...process.env, EGOV_CANARY: envCanary, AUTH_SECRET: app.config.authSecret },
        maxBuffer: 64 * 1024 * 1024,
      }).catch((error: { stdout: string; stderr: string; code: number }) => error);
      expect('code' in output ? output.code : 0).toBe(1); // FAILED
      for (const secret of secrets()) {
        expect(output.stdout).not.toContain(secret);
        expect(output.stderr).not.toContain(secret);
      }
    }
  }, 180_000);
});
