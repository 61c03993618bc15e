import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../config.ts';
import { ArtifactStore } from '../../plugin-artifact/artifact.ts';
import { fromProjectRoot, packageFixture } from '../../testing/package-fixture.ts';
import { eligibleForNew, fileAndCheck, PROMOTE_REQUEST as PROMOTE } from '../../testing/pipeline-scenario.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// What runs in production is the artifact the sandbox checked, byte for byte: the package
// folder is not read again after the check, the artifact's digest is verified when it is stored,
// at promotion and at start, and a form file on every download.

const CODE = 'DNG-PTT-HT-XNHN-01';
const REPORT = 'query ($id: ID!) { integrationRequest(id: $id) { status report { verdict checks { id passed details } } } }';
const SUBMIT = 'mutation ($form: DngPttHtXnhn01FormInput!) { submitDngPttHtXnhn01(form: $form) { dossier { code } } }';
const form = {
  fullName: 'Trần Văn Bình',
  nationalId: '048095001234',
  residence: '12 Lê Duẩn, phường Thạch Thang',
  status: 'single',
  purpose: 'Đăng ký kết hôn',
};

type Errors = { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
const failure = (result: Errors) => ({ code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message });

/**
 * A copy of the marital-status fixture with a validation hook of its own: `purpose` must not be
 * "thử" (try). Its folder, relative to the plugin root.
 */
async function packageWithHook(): Promise<string> {
  const dir = await packageFixture('test/fixtures/plugins/marital-status-1.0.0');
  const index = join(dir, 'src/index.ts');
  await writeFile(index, (await readFile(index, 'utf8')).replace("  field: 'Hộ tịch',", "  field: 'Hộ tịch',\n  hooks: 'src/hooks.ts',"));
  await writeFile(
    join(dir, 'src/hooks.ts'),
    [
      "import { defineHooks } from '@egov/sdk/hooks';",
      'export default defineHooks({',
      '  validate: (data) =>',
      "    data.purpose === 'thử'",
      "      ? [{ field: 'purpose', message: 'checked hook' }]",
      "      : data.purpose === 'lạ'",
      "        ? [{ field: 'nope', message: 'odd answer', code: 'lower case' }]",
      '        : [],',
      '});',
      '',
    ].join('\n'),
  );
  return fromProjectRoot(dir);
}

describe('the artifact production runs', () => {
  let app: TestApp;
  let admin = '';
  let doic = '';
  let citizen = '';
  beforeAll(async () => {
    app = await createTestApp({ tokenTtlSeconds: 30 * 24 * 3600 }, () => new Date('2026-11-30T09:00:00+07:00'));
    admin = await app.login('admin.ptt@demo.egov.vn');
    doic = await app.login('doic@demo.egov.vn');
    citizen = await app.login('citizen@demo.egov.vn');
    await eligibleForNew(app, admin, 'PTT', CODE);
  });
  afterAll(() => app.dispose());

  let packagePath = '';
  let requestId = '';
  let digest = '';

  it('is built by the sandbox, named in the report, and stored under its digest after the server verified it', async () => {
    packagePath = await packageWithHook();
    requestId = await fileAndCheck(app, { admin, doic }, { kind: 'NEW', serviceCode: CODE, level: 3, packagePath });
    const read = await app.gql<{
      integrationRequest: { status: string; report: { checks: { id: string; passed: boolean; details: string[] }[] } };
    }>(REPORT, { id: requestId }, doic);
    expect(read.data!.integrationRequest.status).toBe('CHECK_PASSED');
    const request = await app.prisma.integrationRequest.findUniqueOrThrow({ where: { id: requestId } });
    digest = request.artifactDigest!;
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    const recorded = read.data!.integrationRequest.report.checks.find((c) => c.id === 'ARTIFACT.DIGEST');
    expect(recorded?.details[0]).toBe(`sha256:${digest}`);
    const artifact = await new ArtifactStore(app.config.artifactsDir).get(digest);
    expect(artifact.index).toMatchObject({ code: CODE, version: '1.0.0', agency: 'PTT', packageDigest: request.packageDigest });
    expect(artifact.index.hooks?.source).toBe('src/hooks.ts');
    expect(Object.keys(artifact.index.files)).toEqual(['forms/to-khai-xnhn.html']);
  }, 120_000);

  it('refuses promotion when the stored artifact was changed, installing nothing', async () => {
    const store = new ArtifactStore(app.config.artifactsDir);
    const artifact = await store.get(digest);
    const template = join(store.folder(digest), 'blobs', artifact.index.files['forms/to-khai-xnhn.html']!.sha256);
    const original = await readFile(template);
    await writeFile(template, '<html><script>steal()</script></html>');
    expect(failure(await app.gql(PROMOTE, { id: requestId }, doic))).toEqual({
      code: 'CONFLICT',
      message: `The checked artifact cannot be installed: the artifact's part ${artifact.index.files['forms/to-khai-xnhn.html']!.sha256} was changed; check the request again`,
    });
    expect(await app.prisma.pluginVersion.count({ where: { code: CODE } })).toBe(0);
    await writeFile(template, original);
  });

  it('refuses promotion when the procedure was withdrawn from the registry since filing (R4.3)', async () => {
    await app.prisma.procedure.update({ where: { code: CODE }, data: { withdrawnAt: new Date('2026-11-30T02:00:00Z') } });
    try {
      expect(failure(await app.gql(PROMOTE, { id: requestId }, doic))).toMatchObject({
        code: 'CONFLICT',
        message: `${CODE} changed owner or was withdrawn meanwhile; read it again`,
      });
      expect(await app.prisma.pluginVersion.count({ where: { code: CODE } })).toBe(0);
    } finally {
      await app.prisma.procedure.update({ where: { code: CODE }, data: { withdrawnAt: null } });
    }
  });

  it('installs the checked artifact even when the package folder changed or is gone after the check', async () => {
    const dir = resolve(app.config.pluginRoot, packagePath);
    await writeFile(
      join(dir, 'src/hooks.ts'),
      "export default { validate: () => [{ field: 'purpose', message: 'changed after the check' }] };\n",
    );
    const promoted = await app.gql<{ promotePlugin: { request: { status: string } } }>(PROMOTE, { id: requestId }, doic);
    expect(promoted.errors).toBeUndefined();
    expect(promoted.data!.promotePlugin.request.status).toBe('INSTALLED');
    await rm(dir, { recursive: true, force: true });
    const version = await app.prisma.pluginVersion.findFirstOrThrow({ where: { code: CODE, status: 'LIVE' } });
    expect(version.artifactDigest).toBe(digest);
    // The checked hook runs, not the changed one; the form template is the checked file.
    const refused = await app.gql(SUBMIT, { form: { ...form, purpose: 'thử' } }, citizen);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'formData.purpose', message: 'checked hook' }],
    });
    // An answer naming no field of the form, with a code of another shape: the form as a whole, the default code.
    const odd = await app.gql(SUBMIT, { form: { ...form, purpose: 'lạ' } }, citizen);
    expect(odd.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'formData', code: 'REJECTED_BY_SERVICE', message: 'odd answer' }],
    });
    const accepted = await app.gql<{ submitDngPttHtXnhn01: { dossier: { code: string } } }>(SUBMIT, { form }, citizen);
    expect(accepted.errors).toBeUndefined();
    const template = await app.yoga.fetch(`http://test/services/${CODE}/forms/TK-XNHN`);
    expect(template.status).toBe(200);
    expect(await template.text()).toBe(
      await readFile(join(projectRoot, 'test/fixtures/plugins/marital-status-1.0.0/forms/to-khai-xnhn.html'), 'utf8'),
    );
  }, 60_000);

  it('verifies the artifact again at start: a changed one serves no hooks and no files, the catalog goes on', async () => {
    const store = new ArtifactStore(app.config.artifactsDir);
    const artifact = await store.get(digest);
    const hooks = join(store.folder(digest), 'blobs', artifact.index.hooks!.sha256);
    await writeFile(hooks, "'use strict';\nmodule.exports.default = { validate: () => [] };");
    const restarted = await createTestApp(
      { databaseUrl: app.config.databaseUrl, artifactsDir: app.config.artifactsDir, seedDemo: false },
      () => new Date('2026-11-30T10:00:00+07:00'),
    );
    try {
      const token = await restarted.login('citizen@demo.egov.vn');
      const submitted = await restarted.gql(SUBMIT, { form }, token);
      expect(failure(submitted)).toEqual({
        code: 'PLUGIN_FAILED',
        message: 'The service’s own checks could not run; nothing was stored. Try again later. (its checked artifact is unavailable)',
      });
      expect((await restarted.yoga.fetch(`http://test/services/${CODE}/forms/TK-XNHN`)).status).toBe(404);
      const catalog = await restarted.gql<{ service: { title: string } }>(`{ service(code: "${CODE}") { title } }`);
      expect(catalog.data!.service.title).toBe('Cấp Giấy xác nhận tình trạng hôn nhân');
    } finally {
      await restarted.dispose();
    }
  }, 60_000);
});
