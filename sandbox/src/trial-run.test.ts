import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assembleArtifact, buildPluginPackage, projectRoot } from '@egov/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trialRun } from './trial-run.ts';

const plugins = resolve(projectRoot, 'plugins');
const examples = (await readdir(plugins, { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

// Each test gives the trial runs a temporary folder of their own (os.tmpdir() reads TMPDIR),
// so what they leave behind can be seen, whatever else runs meanwhile.
const systemTmp = tmpdir();
let scratch = '';
const leftBehind = () => readdir(scratch);
beforeEach(async () => {
  scratch = await mkdtemp(join(systemTmp, 'egov-trial-test-'));
  process.env.TMPDIR = scratch;
});

const candidates: string[] = [];
afterEach(async () => {
  process.env.TMPDIR = systemTmp;
  await Promise.all([scratch, ...candidates.splice(0)].map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of plugins/judicial-record in a temporary folder, `change`d. */
async function candidate(change: (dir: string) => Promise<void>): Promise<string> {
  const root = await mkdtemp(join(systemTmp, 'egov-candidate-'));
  candidates.push(root);
  const dir = join(root, 'judicial-record');
  await cp(join(plugins, 'judicial-record'), dir, { recursive: true, filter: (source) => !source.includes('node_modules') });
  await change(dir);
  return dir;
}

/** A package folder's artifact, built as the sandbox builds it. */
const built = async (dir: string) => (await buildPluginPackage(resolve(dir, '..'), dir.split('/').pop()!)).artifact;

const FIRST_ACCEPTED = 'Công dân xin Phiếu số 1 để xin việc';

describe('trial run (R13.4)', () => {
  it.each(examples)('passes the example plugin %s and leaves nothing behind', async (name) => {
    const result = await trialRun(await built(join(plugins, name)));
    expect(result).toEqual({
      id: 'TRIAL.RUN',
      title: 'Trial installation and a full dossier journey on a throw-away database',
      severity: 'error',
      passed: true,
      details: [],
    });
    expect(await leftBehind()).toEqual([]);
  });

  it('fails a package whose validation hook refuses what its accepted fixture declares, naming the fixture, and leaves nothing behind', async () => {
    // The static checks cannot see this: FIXTURES.REPLAY runs the e-form only, HOOKS.BUDGET only
    // that the hook answers in time. Only filing the dossier shows it.
    const dir = await candidate(async (dir) => {
      await writeFile(
        join(dir, 'src/hooks.ts'),
        `import { defineHooks } from '@egov/sdk/hooks';\n\nexport default defineHooks({\n  validate: () => [{ field: 'purpose', message: 'Không nhận hồ sơ' }],\n});\n`,
      );
    });
    const result = await trialRun(await built(dir));
    expect(result.passed).toBe(false);
    expect(result.details).toEqual([
      `fixture "${FIRST_ACCEPTED}": expected acceptance, got BAD_USER_INPUT on purpose:REJECTED_BY_SERVICE (Không nhận hồ sơ)`,
      'journey: not run, no fixture expected to be accepted was accepted',
    ]);
    expect(await leftBehind()).toEqual([]);
  });

  it('fails a fixture declared acceptable that the hook refuses at run time, and still runs the journey', async () => {
    const minor = `{
      name: 'Người chưa đủ 14 tuổi xin Phiếu số 2',
      formData: {
        fullName: 'Nguyễn Văn Bé', dateOfBirth: '2015-03-01', gender: 'M', nationalId: '048215012345',
        residence: '12 Bạch Đằng, Hải Châu, Đà Nẵng', phone: '0905123456', certificateType: '2', copies: 1,
        purpose: 'Đi du học', identityScan: { name: 'cccd.png', type: 'image/png', size: 90_000 },
      },
      expect: 'accepted',
    },`;
    const dir = await candidate(async (dir) => {
      const index = join(dir, 'src/index.ts');
      await writeFile(index, (await readFile(index, 'utf8')).replace('  fixtures: [', `  fixtures: [\n    ${minor}`));
    });
    const artifact = await built(dir);
    expect(artifact.index.manifest.fixtures.map((f) => f.name)).toEqual([
      'Người chưa đủ 14 tuổi xin Phiếu số 2',
      FIRST_ACCEPTED,
      expect.any(String),
    ]);
    const result = await trialRun(artifact);
    expect(result.details).toEqual([
      'fixture "Người chưa đủ 14 tuổi xin Phiếu số 2": expected acceptance, got BAD_USER_INPUT on dateOfBirth:TOO_YOUNG (Người được cấp Phiếu lý lịch tư pháp phải từ đủ 14 tuổi)',
    ]);
    expect(result.passed).toBe(false);
  });

  it('runs the platform, and so the hooks, at the given clock', async () => {
    // In June 2000 the applicant of the accepted fixture, born 1990, is 10.
    const result = await trialRun(await built(join(plugins, 'judicial-record')), { clock: () => new Date('2000-06-01T03:00:00Z') });
    expect(result.details).toEqual([
      `fixture "${FIRST_ACCEPTED}": expected acceptance, got BAD_USER_INPUT on dateOfBirth:TOO_YOUNG (Người được cấp Phiếu lý lịch tư pháp phải từ đủ 14 tuổi)`,
      'journey: not run, no fixture expected to be accepted was accepted',
    ]);
  });

  it('runs exactly the artifact, whose hooks bundle fails here, as details, and cleans up', async () => {
    const { artifact: sound, packageName, packageDigest, manifest } = await buildPluginPackage(plugins, 'judicial-record');
    const code = "'use strict';\nthrow new Error('not the checked hooks');";
    const hooks = { code, filename: 'src/hooks.ts', sha256: createHash('sha256').update(code).digest('hex'), files: ['src/hooks.ts'] };
    const form = Object.keys(sound.index.files)[0]!;
    const artifact = assembleArtifact({
      manifest,
      packageName,
      packageDigest,
      hooks,
      files: new Map([[form, Buffer.from('<html></html>')]]),
    });
    const result = await trialRun(artifact);
    expect(result.passed).toBe(false);
    expect(result.details[0]).toContain('PLUGIN_FAILED');
    expect(result.details.join('\n')).toContain('not the checked hooks');
    expect(await leftBehind()).toEqual([]);
  });
});
