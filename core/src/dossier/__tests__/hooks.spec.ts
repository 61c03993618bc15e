import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import birth from '../../../../plugins/birth-registration/src/index.ts';
import { installPluginVersion } from '../../catalog/install.ts';
import { assembleArtifact, buildPluginPackage } from '../../plugin-artifact/build.ts';
import { fromProjectRoot, packageFixture } from '../../testing/package-fixture.ts';
import { judicialRecordForm, judicialRecordInput, pdfFile, SUBMIT_DOSSIER } from '../../testing/dossier-scenario.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const jpeg = () => new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], 'a.jpg', { type: 'image/jpeg' });

let app: TestApp;
let citizen: string;
beforeAll(async () => {
  app = await createTestApp({}, () => new Date('2026-11-30T09:00:00+07:00'));
  citizen = await app.login('citizen@demo.egov.vn');
  // A live service whose validation hook never returns.
  const hostile = await buildPluginPackage(
    app.config.pluginRoot,
    fromProjectRoot(await packageFixture('core/src/hooks/__tests__/fixtures/hostile')),
  );
  await app.artifacts.put(hostile.artifact);
  await app.prisma.$transaction((tx) => installPluginVersion(tx, hostile, { live: true, now: new Date() }));
  // And one whose hook takes 1 GB outside the V8 heap (the sandbox's off-heap-bomb, as its own service).
  const built = await buildPluginPackage(
    app.config.pluginRoot,
    fromProjectRoot(await packageFixture('sandbox/fixtures/hostile/off-heap-bomb')),
  );
  const { artifact } = built;
  const hooks = {
    code: artifact.blobs.get(artifact.index.hooks!.sha256)!.toString('utf8'),
    filename: artifact.index.hooks!.source,
    sha256: artifact.index.hooks!.sha256,
    files: [],
  };
  const offHeap = assembleArtifact({
    manifest: { ...artifact.index.manifest, code: 'DNG-TEST-OFFHEAP-01' },
    packageName: 'off-heap',
    packageDigest: artifact.index.packageDigest,
    hooks,
    files: new Map(),
  });
  await app.artifacts.put(offHeap);
  await app.prisma.$transaction((tx) =>
    installPluginVersion(tx, { artifact: offHeap, sourcePath: built.sourcePath }, { live: true, now: new Date() }),
  );
});
afterAll(() => app.dispose());

const snapshot = () => Promise.all([app.prisma.dossier.count(), app.prisma.dossierEvent.count(), app.prisma.dossierCounter.findMany()]);

describe("a plugin's validation hook", () => {
  it('refuses what the e-form alone would accept, naming the field (a 10-year-old asking for a judicial record)', async () => {
    const before = await snapshot();
    const { errors } = await app.upload(
      SUBMIT_DOSSIER,
      { input: judicialRecordInput({ formData: { ...judicialRecordForm, dateOfBirth: '2016-03-01' } }) },
      { 'input.attachments.0.file': pdfFile() },
      citizen,
    );
    expect(errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'formData.dateOfBirth', code: 'TOO_YOUNG', message: 'Người được cấp Phiếu lý lịch tư pháp phải từ đủ 14 tuổi' }],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('that never answers fails the submission with PLUGIN_FAILED, stores nothing, and the server keeps serving', async () => {
    const { birthCertificate: _file, ...formData } = birth.fixtures[0]!.formData;
    const before = await snapshot();
    const started = Date.now();
    const [submitted, catalog] = await Promise.all([
      app.upload(
        SUBMIT_DOSSIER,
        { input: { serviceCode: 'DNG-TEST-LOOP-01', formData, attachments: [{ field: 'birthCertificate', file: null }] } },
        { 'input.attachments.0.file': jpeg() },
        citizen,
      ),
      new Promise((r) => setTimeout(r, 200)).then(() => app.gql<{ services: { totalCount: number } }>('{ services { totalCount } }')),
    ]);
    expect(catalog.data!.services.totalCount).toBe(7);
    expect(submitted.errors?.[0]?.extensions?.code).toBe('PLUGIN_FAILED');
    expect(submitted.errors?.[0]?.message).toContain('validate hook took longer than 2000 ms');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await snapshot()).toEqual(before);
  });

  it('that takes 1 GB off the V8 heap fails the submission with its memory budget, and the server does not grow', async () => {
    const { birthCertificate: _file, ...formData } = birth.fixtures[0]!.formData;
    const before = await snapshot();
    const memory = process.memoryUsage().rss;
    const submitted = await app.upload(
      SUBMIT_DOSSIER,
      { input: { serviceCode: 'DNG-TEST-OFFHEAP-01', formData, attachments: [{ field: 'birthCertificate', file: null }] } },
      { 'input.attachments.0.file': jpeg() },
      citizen,
    );
    expect(submitted.errors?.[0]?.extensions?.code).toBe('PLUGIN_FAILED');
    expect(submitted.errors?.[0]?.message).toContain('validate hook exceeded its memory budget of 64 MB');
    expect(process.memoryUsage().rss - memory).toBeLessThan(64 * 1024 * 1024);
    expect(await snapshot()).toEqual(before);
  });
});
