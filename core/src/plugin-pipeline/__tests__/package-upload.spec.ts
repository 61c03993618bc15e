import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../config.ts';
import { packageFixture } from '../../testing/package-fixture.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// Packages uploaded as `npm pack` tarballs: kept by SHA-256, unpacked once, and refused when
// they hold anything but plain files.

let now = new Date('2026-11-30T09:00:00+07:00');
const work = mkdtempSync(join(tmpdir(), 'egov-tarballs-'));
const packagesDir = join(projectRoot, 'data', `test-packages-${process.pid}-${Date.now()}`);

/** An `npm pack`-shaped tarball (everything under `package/`) of a folder. */
async function pack(dir: string, name: string, extra?: (staging: string) => void): Promise<File> {
  const staging = join(work, `${name}-staging`, 'package');
  cpSync(dir, staging, { recursive: true, filter: (src) => !src.includes('node_modules') });
  extra?.(staging);
  const file = join(work, `${name}.tgz`);
  await create({ gzip: true, file, cwd: join(staging, '..'), portable: true }, ['package']);
  return new File([readFileSync(file)], `${name}.tgz`, { type: 'application/gzip' });
}

const FILE =
  'mutation ($input: IntegrationRequestInput!) { fileIntegrationRequest(input: $input) { request { id version plugin { path tarballSha256 digest } } } }';

describe('uploaded plugin tarballs', () => {
  let app: TestApp;
  let admin: string;
  beforeAll(async () => {
    app = await createTestApp({ tokenTtlSeconds: 30 * 24 * 3600, packagesDir }, () => now);
    admin = await app.login('admin.ptt@demo.egov.vn');
    const doic = await app.login('doic@demo.egov.vn');
    await app.gql(
      'mutation ($input: ProcedureStatisticInput!) { recordProcedureStatistics(input: $input) { year } }',
      { input: { agencyCode: 'PTT', procedureCode: 'DNG-PTT-HT-XNHN-01', year: 2025, inPerson: 70, onlineLevel3: 0, total: 70 } },
      doic,
    );
  });
  afterAll(async () => {
    await app.dispose();
    rmSync(work, { recursive: true, force: true });
    rmSync(packagesDir, { recursive: true, force: true });
  });

  const upload = (file: File, input: Record<string, unknown> = {}) =>
    app.upload<{
      fileIntegrationRequest: { request: { id: string; version: string; plugin: { path: string; tarballSha256: string; digest: string } } };
    }>(
      FILE,
      { input: { kind: 'NEW', serviceCode: 'DNG-PTT-HT-XNHN-01', level: 3, package: null, ...input } },
      { 'input.package': file },
      admin,
    );

  it('keeps the tarball by SHA-256 and unpacks it once, with the SDK linked in, and the check passes on it', async () => {
    const file = await pack(join(projectRoot, 'test/fixtures/plugins/marital-status-1.0.0'), 'good');
    const { data, errors } = await upload(file);
    expect(errors).toBeUndefined();
    const request = data!.fileIntegrationRequest.request;
    expect(request.version).toBe('1.0.0');
    expect(request.plugin.tarballSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(request.plugin.path).toBe(join('data', packagesDir.split('/').at(-1)!, request.plugin.tarballSha256));
    expect(existsSync(join(packagesDir, `${request.plugin.tarballSha256}.tgz`))).toBe(true);
    expect(existsSync(join(packagesDir, request.plugin.tarballSha256, 'src/index.ts'))).toBe(true);

    const doic = await app.login('doic@demo.egov.vn');
    await app.gql('mutation ($id: ID!) { checkIntegrationRequest(requestId: $id) { request { status } } }', { id: request.id }, doic);
    await app.checkQueue.idle();
    const checked = await app.gql<{
      integrationRequest: { status: string; report: { checks: { id: string; passed: boolean; details: string[] }[] } };
    }>('query ($id: ID!) { integrationRequest(id: $id) { status report { checks { id passed details } } } }', { id: request.id }, doic);
    const failed = checked.data!.integrationRequest.report.checks.filter((c) => !c.passed);
    expect(failed).toEqual([]);
    expect(checked.data!.integrationRequest.status).toBe('CHECK_PASSED');
  }, 120_000);

  it('does not unpack an upload for a request that is refused anyway (another agency’s service)', async () => {
    const file = await pack(await packageFixture('test/fixtures/plugins/marital-status-1.1.0'), 'foreign');
    const sha256 = createHash('sha256')
      .update(new Uint8Array(await file.arrayBuffer()))
      .digest('hex');
    const refused = await app.upload(
      FILE,
      { input: { kind: 'UPDATE', serviceCode: 'DNG-STP-LLTP-01', level: 4, package: null } },
      { 'input.package': file },
      admin,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(existsSync(join(packagesDir, `${sha256}.tgz`))).toBe(false);
    expect(existsSync(join(packagesDir, sha256))).toBe(false);
  });

  it('refuses what is not a gzip tarball, and a tarball with a symbolic link, writing no request', async () => {
    const before = await app.prisma.integrationRequest.count();
    // Another service (the first request holds its own until DoIC is done with it).
    const other = { serviceCode: 'DNG-PTT-TEST-02', level: 2 };
    const notGzip = await upload(new File(['{"name":"x"}'], 'package.json'), other);
    expect(notGzip.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.package', message: 'is not a gzip tarball (npm pack output)' }],
    });

    const linked = await pack(await packageFixture('test/fixtures/plugins/marital-status-1.1.0'), 'linked', (staging) =>
      symlinkSync('/etc/passwd', join(staging, 'forms/passwd.html')),
    );
    const refused = await upload(linked, other);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('forms/passwd.html (SymbolicLink)');
    expect(await app.prisma.integrationRequest.count()).toBe(before);
  });

  it.each([
    ['climbs out with ..', '../escaped.txt'],
    ['is absolute', `${work}/absolute.txt`],
  ])('refuses a tarball with an entry that %s, naming it, unpacking nothing and writing no request', async (_what, outside) => {
    // A hand-made archive (npm pack makes none like it).
    const staging = join(work, 'escape');
    mkdirSync(join(staging, 'package'), { recursive: true });
    writeFileSync(join(staging, 'package', 'package.json'), '{"name":"@x/escape","version":"1.0.0"}');
    const target = outside.startsWith('/') ? outside : join(staging, outside);
    writeFileSync(target, 'outside');
    const file = join(work, 'escape.tgz');
    await create({ gzip: true, file, cwd: staging, preservePaths: true }, ['package/package.json', outside]);
    rmSync(target);
    const before = await app.prisma.integrationRequest.count();
    const refused = await upload(new File([readFileSync(file)], 'escape.tgz'), { serviceCode: 'DNG-PTT-TEST-02', level: 2 });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.package', message: `holds entries outside its package/ folder (absolute or with ".."): ${outside}` }],
    });
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(packagesDir, 'escaped.txt'))).toBe(false);
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(existsSync(join(packagesDir, sha256))).toBe(false);
    expect(await app.prisma.integrationRequest.count()).toBe(before);
  });
});
