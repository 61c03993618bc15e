import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { checkOutcome, type Artifact, type CheckResult } from '@egov/core';
import { validateManifest } from '@egov/sdk';
import { packageFixture } from '@egov/core/testing/package-fixture';
import { afterAll, describe, expect, it } from 'vitest';
import { createService } from '../../sdk/scripts/create-service.ts';
import { checkPackage } from './checks.ts';

const root = resolve(import.meta.dirname, '../..');
const examples = readdirSync(join(root, 'plugins')).map((name) => join(root, 'plugins', name));
const plugin = (name: string) => join(root, 'plugins', name);
/** A sandbox fixture package, copied with the package it builds on (see packageFixture). */
const fixture = (name: string) => packageFixture(join(root, 'sandbox/fixtures', name));

const failed = async (path: string | Promise<string>) =>
  (await checkPackage(await path)).checks.filter((c) => !c.passed).map((c) => [c.id, c.details]);

// Variants of a package made for one test: a copy in a temporary folder.
const temporary: string[] = [];
afterAll(() => Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true }))));
async function variant(from: string | Promise<string>, change: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'egov-sandbox-'));
  temporary.push(dir);
  await cp(await from, dir, { recursive: true, filter: (source) => !source.includes('node_modules') });
  await change(dir);
  return dir;
}
const replaceIn = async (file: string, from: string, to: string) => writeFile(file, (await readFile(file, 'utf8')).replaceAll(from, to));

describe('sandbox checks', () => {
  it.each(examples)('pass every example plugin: %s', async (path) => {
    const report = await checkPackage(path);
    expect(report.checks.filter((c) => !c.passed)).toEqual([]);
    expect(report.verdict).toBe('PASSED');
    expect(report.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(report.checks.find((c) => c.id === 'SCHEMA.DIFF')).toMatchObject({
      severity: 'info',
      details: ['no version in production given (--live): nothing to compare'],
    });
  });

  it('fail an invalid manifest under MANIFEST.SCHEMA, naming each field', async () => {
    const report = await checkPackage(await fixture('invalid-manifest'));
    expect(report.verdict).toBe('FAILED');
    expect(await failed(report.packagePath)).toEqual([
      ['MANIFEST.SCHEMA', ['legalBasis: is required', 'fees[0].online: online fee 20000 VND exceeds the in-person fee 10000 VND (R11.4)']],
    ]);
  });

  it('fail a missing form file under FORMS.FILES', async () => {
    expect(await failed(fixture('missing-form-file'))).toEqual([
      ['FORMS.FILES', ['forms "TK-KS": forms/missing.html is missing or empty']],
    ]);
  });

  it('fail fixtures that do not behave as declared under FIXTURES.REPLAY', async () => {
    expect(await failed(fixture('wrong-fixtures'))).toEqual([
      ['FIXTURES.REPLAY', ['Hồ sơ hợp lệ bị coi là thiếu tên: expected childName:REQUIRED, got acceptance']],
    ]);
  });

  it('replay fixtures through the hooks too: a fixture may expect a code of the package’s own hooks', async () => {
    // What `pnpm create-service` writes: its last fixture expects its hooks' NOT_BORN_YET.
    const parent = await mkdtemp(join(tmpdir(), 'egov-sandbox-'));
    temporary.push(parent);
    const scaffold = createService(parent, { code: 'DNG-STP-XN-01', agency: 'STP', title: 'Thử', name: 'scaffold', workspace: false });
    expect(await failed(scaffold)).toEqual([]);
    const wrong = await variant(scaffold, (d) => replaceIn(join(d, 'src/index.ts'), "code: 'NOT_BORN_YET'", "code: 'TOO_OLD'"));
    expect(await failed(wrong)).toEqual([
      ['FIXTURES.REPLAY', ['Ngày sinh sau hôm nay (the hooks refuse it): expected dateOfBirth:TOO_OLD, got dateOfBirth:NOT_BORN_YET']],
    ]);
    // Hooks that name a field the e-form lacks, or give a code of another shape, fail HOOKS.ANSWERS.
    const sloppy = await variant(scaffold, (d) =>
      replaceIn(
        join(d, 'src/hooks.ts'),
        "{ field: 'dateOfBirth', message: 'Ngày sinh phải trước ngày hôm nay', code: 'NOT_BORN_YET' }",
        "{ field: 'dob', message: 'x', code: 'notBorn' }",
      ),
    );
    expect((await failed(sloppy)).find(([id]) => id === 'HOOKS.ANSWERS')).toEqual([
      'HOOKS.ANSWERS',
      [
        'Ngày sinh sau hôm nay (the hooks refuse it): the hooks name the field "dob", which the e-form does not have',
        'Ngày sinh sau hôm nay (the hooks refuse it): the hooks\' code "notBorn" is not upper-case letters, digits and _ (such as UNDERAGE)',
      ],
    ]);
    // A code that is neither the form's nor shaped like a hook's is a manifest error.
    const bad = await variant(scaffold, (d) => replaceIn(join(d, 'src/index.ts'), "code: 'NOT_BORN_YET'", "code: 'not born'"));
    expect((await failed(bad))[0]?.[0]).toBe('MANIFEST.SCHEMA');
  });

  it('fail an SDK range this platform does not satisfy under SDK.COMPAT', async () => {
    expect(await failed(fixture('future-sdk'))).toEqual([['SDK.COMPAT', ['sdk range ^2.0.0 does not include 1.0.0']]]);
  });

  it('fail a folder that is not a package under PKG.ENTRY and PKG.FILES', async () => {
    const report = await checkPackage(join(root, 'sandbox/src'));
    expect(report.verdict).toBe('FAILED');
    expect(report.checks.find((c) => c.id === 'PKG.ENTRY')?.details).toEqual([
      'package.json must have a name and a version',
      'package.json must name its entry in "exports" or "main"',
    ]);
    expect(report.checks.find((c) => c.id === 'PKG.FILES')?.details).toEqual(['package.json must list the package\'s files in "files"']);
  });

  it('fail an entry point outside the package under PKG.ENTRY, without importing it', async () => {
    const dir = await variant(plugin('marriage-registration'), (d) =>
      replaceIn(join(d, 'package.json'), '"./src/index.ts"', '"../../etc/hostile.ts"'),
    );
    expect((await checkPackage(dir)).checks.find((c) => c.id === 'PKG.ENTRY')?.details).toEqual([
      'the entry ../../etc/hostile.ts is outside the package',
    ]);
  });

  it('give the same digest for the same files and a different one when a file changes', async () => {
    const a = await checkPackage(examples[0]!);
    const b = await checkPackage(examples[0]!);
    const other = await checkPackage(examples[1]!);
    expect(a.digest).toBe(b.digest);
    expect(a.digest).not.toBe(other.digest);
  });

  it('report each check as it finishes, in report order', async () => {
    const seen: CheckResult[] = [];
    const report = await checkPackage(plugin('marriage-registration'), { onProgress: (check) => seen.push(check) });
    expect(seen).toEqual(report.checks);
    expect(seen.map((c) => c.id)).toEqual([
      'PKG.FILES',
      'PKG.DEPS',
      'PKG.ENTRY',
      'MANIFEST.SCHEMA',
      'MANIFEST.VERSION',
      'SDK.COMPAT',
      'FORMS.FILES',
      'SCHEMA.DIFF',
      'SCHEMA.NAMES',
      'BUNDLE.CONFINED',
      'CAP.FS',
      'CAP.NET',
      'CAP.PROCESS',
      'CAP.ENV',
      'CAP.DYNAMIC_CODE',
      'CAP.PROTOTYPE',
      'FIXTURES.REPLAY',
      'PKG.DIGEST',
      'ARTIFACT.DIGEST',
    ]);
    expect(report.title).toBe('Đăng ký kết hôn');
    expect(report.manifest?.code).toBe('DNG-PTT-HT-KH-01');
  });

  it('run the trial before the digest, only for a package that passed so far', async () => {
    const trials: Artifact[] = [];
    const trial = async (artifact: Artifact): Promise<CheckResult> => {
      trials.push(artifact);
      return { id: 'TRIAL.RUN', title: 'Trial run', severity: 'error', passed: true, details: [] };
    };
    const report = await checkPackage(plugin('marriage-registration'), { trial });
    expect(report.checks.slice(-3).map((c) => c.id)).toEqual(['TRIAL.RUN', 'PKG.DIGEST', 'ARTIFACT.DIGEST']);
    // The trial installs the very artifact the report names.
    expect(trials.map((a) => [a.index.code, a.digest])).toEqual([['DNG-PTT-HT-KH-01', report.artifactDigest]]);
    await checkPackage(await fixture('future-sdk'), { trial });
    expect(trials).toHaveLength(1);
  });
});

describe('PKG.FILES', () => {
  it('fail files that "files" does not declare', async () => {
    expect(await failed(fixture('hostile/undeclared-file'))).toEqual([
      ['PKG.FILES', ['.env.production: not declared in "files"', 'tools/collect.sh: not declared in "files"']],
    ]);
  });

  it('take npm\'s "files" entries: folders, globs, exclusions, and README, LICENSE and CHANGELOG always', async () => {
    const dir = await variant(plugin('judicial-record'), async (d) => {
      await replaceIn(join(d, 'package.json'), '"files": ["src", "forms"]', '"files": ["./src/*.ts", "forms/**/*.html", "!forms/drafts"]');
      await mkdir(join(d, 'forms/drafts'));
      await writeFile(join(d, 'forms/drafts/old.html'), '<p>old</p>');
      await writeFile(join(d, 'forms/notes.md'), 'notes');
      await writeFile(join(d, 'README.md'), '# Phiếu lý lịch tư pháp');
      await writeFile(join(d, 'LICENSE'), 'MIT');
      await writeFile(join(d, 'CHANGELOG.md'), '1.0.0');
    });
    expect((await checkPackage(dir)).checks.find((c) => c.id === 'PKG.FILES')?.details).toEqual([
      'forms/drafts/old.html: not declared in "files"',
      'forms/notes.md: not declared in "files"',
    ]);
  });

  it('match "files" globs in linear time, and refuse an outsized "files" list', async () => {
    // With a backtracking engine this glob against this file name would not finish in any test's time.
    const dir = await variant(plugin('marriage-registration'), async (d) => {
      await replaceIn(join(d, 'package.json'), '"files": ["src", "forms"]', `"files": ["src", "forms", "${'**a'.repeat(12)}b"]`);
      await writeFile(join(d, `${'a'.repeat(60)}.txt`), 'x');
    });
    expect((await checkPackage(dir)).checks.find((c) => c.id === 'PKG.FILES')?.details).toEqual([
      `${'a'.repeat(60)}.txt: not declared in "files"`,
    ]);
    const many = await variant(plugin('marriage-registration'), (d) =>
      replaceIn(
        join(d, 'package.json'),
        '"files": ["src", "forms"]',
        `"files": ${JSON.stringify(Array.from({ length: 201 }, (_, i) => `f${i}`))}`,
      ),
    );
    expect((await checkPackage(many)).checks.find((c) => c.id === 'PKG.FILES')?.details).toEqual([
      '"files" may have at most 200 entries of at most 300 characters',
    ]);
  });

  it('fail symbolic links, which could point outside the package, without reading through them', async () => {
    const dir = await variant(plugin('judicial-record'), async (d) => {
      await symlink('/etc/hostname', join(d, 'forms/link.html'));
      await symlink('/', join(d, 'src/root'));
    });
    const report = await checkPackage(dir);
    expect(report.checks.filter((c) => !c.passed).map((c) => [c.id, c.details])).toEqual([
      [
        'PKG.FILES',
        [
          'forms/link.html: a symbolic link (it could point outside the package)',
          'src/root: a symbolic link (it could point outside the package)',
        ],
      ],
      ['PKG.DIGEST', ['not computed: the package has links or special files (PKG.FILES)']],
    ]);
    expect(report.artifactDigest).toBeNull();
    expect(report.checks.map((c) => c.id)).not.toContain('HOOKS.BUDGET');
  });
});

describe('PKG.DEPS', () => {
  it('fail a dependency other than the SDK and an install script, and ignore devDependencies', async () => {
    expect(await failed(fixture('hostile/install-script'))).toEqual([
      ['PKG.DEPS', ['dependencies: left-pad (only @egov/sdk is allowed)', 'scripts.postinstall: install-time scripts are not allowed']],
    ]);
  });
});

describe('checks against the version in production', () => {
  const live = plugin('judicial-record');

  it('fail VERSION.MONOTONIC for the version in production itself, with no schema change', async () => {
    const report = await checkPackage(live, { live });
    expect(report.checks.filter((c) => !c.passed).map((c) => [c.id, c.details])).toEqual([
      ['VERSION.MONOTONIC', ['version 1.0.0 is not greater than the version in production, 1.0.0']],
    ]);
    expect(report.checks.find((c) => c.id === 'SCHEMA.DIFF')).toMatchObject({ severity: 'error', passed: true, details: [] });
  });

  it('fail VERSION.MONOTONIC for another service', async () => {
    const report = await checkPackage(plugin('marriage-registration'), { live });
    expect(report.checks.find((c) => c.id === 'VERSION.MONOTONIC')?.details).toEqual([
      'code DNG-PTT-HT-KH-01 is not the code in production, DNG-STP-LLTP-01',
      'version 1.0.0 is not greater than the version in production, 1.0.0',
    ]);
    expect(report.checks.find((c) => c.id === 'SCHEMA.DIFF')).toMatchObject({ passed: true, severity: 'info' });
  });

  it('list the breaking changes of a new major version as a SCHEMA.DIFF warning that passes the verdict', async () => {
    const major = await variant(fixture('hostile/breaking-schema-change'), async (d) => {
      await replaceIn(join(d, 'package.json'), '"1.1.0"', '"2.0.0"');
      await replaceIn(join(d, 'src/index.ts'), "version: '1.1.0'", "version: '2.0.0'");
    });
    const report = await checkPackage(major, { live });
    const diff = report.checks.find((c) => c.id === 'SCHEMA.DIFF')!;
    expect(checkOutcome(diff)).toBe('warning');
    expect(diff.details).toEqual([
      "breaking: Input field 'residence' was removed from input object type 'DngStpLltp01FormInput'",
      "breaking: Input field 'permanentAddress' of type 'String!' was added to input object type 'DngStpLltp01FormInput'",
      "breaking: Input field 'DngStpLltp01FormInput.email' changed type from 'String' to 'String!'",
      '1.0.0 → 2.0.0 is a new major version: tell client developers about the breaking changes',
    ]);
    expect(report.checks.filter((c) => checkOutcome(c) === 'failed')).toEqual([]);
    expect(report.verdict).toBe('PASSED');
  });

  it('compare with a manifest the platform stored, importing nothing of the live package', async () => {
    const { default: exported } = await import('../../plugins/judicial-record/src/index.ts');
    const stored = validateManifest(exported);
    if (!stored.ok) throw new Error('the example manifest is valid');
    const report = await checkPackage(await fixture('hostile/breaking-schema-change'), { live: stored.manifest });
    expect(report.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['SCHEMA.DIFF']);
  });

  it('fail both checks when the live package cannot be loaded', async () => {
    const report = await checkPackage(live, { live: join(root, 'sandbox/fixtures/no-such-package') });
    expect(report.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['VERSION.MONOTONIC', 'SCHEMA.DIFF']);
    expect(report.checks.find((c) => c.id === 'SCHEMA.DIFF')?.details[0]).toMatch(
      /^the package in production \(.*no-such-package\) cannot be loaded: /,
    );
  });
});

describe('the CLI', () => {
  const run = promisify(execFile);
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', join(root, 'sandbox/src/cli.ts'), ...args], { cwd: root }).then(
      (done) => ({ code: 0, stdout: done.stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  /** The CLI in --ndjson mode, given `key` on stdin as the server gives it. */
  const streamed = (key: string, ...args: string[]) =>
    new Promise<{ code: number | null; stdout: string }>((resolvePromise) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'sandbox/src/cli.ts'), ...args, '--ndjson'], { cwd: root });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.on('close', (code) => resolvePromise({ code, stdout }));
      child.stdin.end(`${key}\n`);
    });

  it('stream one NDJSON line per check, then the report, each with the key from stdin, titles in the language asked for', async () => {
    const key = 'k3y-0f-this-run-only-0123456789';
    const { code, stdout } = await streamed(
      key,
      'check',
      'sandbox/fixtures/hostile/breaking-schema-change',
      '--live',
      'plugins/judicial-record',
      '--lang',
      'vi',
    );
    expect(code).toBe(1);
    const raw = stdout.trimEnd().split('\n');
    expect(raw.every((line) => line.startsWith(`${key} `))).toBe(true);
    const lines = raw.map(
      (line) =>
        JSON.parse(line.slice(key.length + 1)) as {
          type: string;
          check?: CheckResult;
          report?: { verdict: string; checks: CheckResult[] };
        },
    );
    const report = lines.at(-1)!.report!;
    expect(lines.slice(0, -1).map((l) => l.type)).toEqual(report.checks.map(() => 'check'));
    expect(lines.slice(0, -1).map((l) => l.check)).toEqual(report.checks);
    expect(report.verdict).toBe('FAILED');
    expect(report.checks.find((c) => c.id === 'CAP.FS')?.title).toBe('Không truy cập hệ thống tệp');
  }, 60_000);

  it('deliver a report of hundreds of kilobytes whole through a pipe, as the server reads it', async () => {
    // A legitimate manifest near its size limit: its report (which holds it) is far over what
    // one write to a pipe takes.
    const paragraph = 'Căn cứ pháp lý được trích dẫn đầy đủ để người dân tra cứu. '.repeat(40).slice(0, 2400);
    const large = await variant(plugin('marriage-registration'), (d) =>
      replaceIn(
        join(d, 'src/index.ts'),
        '  legalBasis: [',
        `  legalBasis: [\n${Array.from({ length: 60 }, (_, i) => `    '${i} ${paragraph}',`).join('\n')}`,
      ),
    );
    const key = 'k3y-for-a-large-report-0123456789';
    // A reader that starts late, as a busy server does: the pipe fills and writes come up short.
    const stdout = await new Promise<string>((resolvePromise) => {
      const cli = [process.execPath, '--import', 'tsx', join(root, 'sandbox/src/cli.ts'), 'check', large, '--ndjson'];
      const child = spawn('/bin/sh', ['-c', '"$@" | { sleep 4; cat; }', 'sh', ...cli], { cwd: root });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('close', () => resolvePromise(out));
      child.stdin.end(`${key}\n`);
    });
    const last = stdout.trimEnd().split('\n').at(-1)!;
    expect(last.length).toBeGreaterThan(100_000);
    const report = (JSON.parse(last.slice(key.length + 1)) as { report: { verdict: string; manifest: { legalBasis: string[] } } }).report;
    expect(report.manifest.legalBasis).toHaveLength(63);
    expect(report.verdict).toBe('PASSED');
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .every((line) => line.startsWith(`${key} `)),
    ).toBe(true);
  }, 120_000);

  it('refuse --ndjson without a proper key on stdin', async () => {
    expect((await streamed('short', 'check', 'plugins/marriage-registration')).code).toBe(2);
  }, 60_000);

  it('print the report for people and exit 0 when it passes; refuse unknown options', async () => {
    const passed = await cli('check', 'plugins/marriage-registration');
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('PASS  CAP.FS            No file-system access\n');
    expect(passed.stdout.trimEnd().endsWith('verdict: PASSED')).toBe(true);
    expect((await cli('check', 'plugins/marriage-registration', '--lang', 'fr')).code).toBe(2);
    expect((await cli('check', 'plugins/marriage-registration', '--xml')).code).toBe(2);
  }, 60_000);
});
