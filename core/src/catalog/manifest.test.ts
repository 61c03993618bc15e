import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import judicialRecord from '../../../plugins/judicial-record/src/index.ts';
import { loadManifestIsolated } from '../testing/hooks.ts';
import { packageFixture } from '../testing/package-fixture.ts';
import { checkFixtures, validateManifest, type ManifestIssue } from '@egov/sdk';

const base = judicialRecord;

function issuesOf(manifest: unknown): ManifestIssue[] {
  const result = validateManifest(manifest);
  if (result.ok) throw new Error('expected the manifest to be refused');
  return result.issues;
}

const without = (...keys: string[]) => Object.fromEntries(Object.entries(base).filter(([k]) => !keys.includes(k)));

describe('validateManifest', () => {
  it('accepts a complete level-4 manifest and fills defaults', () => {
    const result = validateManifest(base);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.manifest.form?.sections[0]?.fields.find((f) => f.key === 'email')?.required).toBe(false);
  });

  it.each([
    ['agency'],
    ['field'],
    ['steps'],
    ['methods'],
    ['documents'],
    ['processingDays'],
    ['subjects'],
    ['result'],
    ['fees'],
    ['requirements'],
    ['legalBasis'],
    ['forms'],
  ])('refuses a manifest without the R4.4 field "%s", naming it', (key) => {
    expect(issuesOf(without(key))).toContainEqual(expect.objectContaining({ path: key }));
  });

  it('refuses empty R4.4 lists', () => {
    expect(issuesOf({ ...base, legalBasis: [] })).toEqual([{ path: 'legalBasis', message: 'must list at least one entry' }]);
    expect(issuesOf({ ...base, fees: [] })).toEqual([{ path: 'fees', message: 'must list the fees and charges (amount 0 when free)' }]);
  });

  it('refuses an online fee above the in-person fee (R11.4)', () => {
    const fees = [{ name: 'Phí', inPerson: 100_000, online: 120_000 }];
    expect(issuesOf({ ...base, fees })).toEqual([
      { path: 'fees[0].online', message: 'online fee 120000 VND exceeds the in-person fee 100000 VND (R11.4)' },
    ]);
  });

  it('refuses a level-3 service without an e-form (R4.5)', () => {
    const fees = [{ name: 'Phí', inPerson: 100_000 }];
    expect(issuesOf({ ...without('form'), level: 3, onlineMode: 'PARTIAL', fees })).toEqual([
      { path: 'form', message: 'a level-3 service needs an e-form (R4.5)' },
    ]);
  });

  it('refuses level and mode that contradict each other', () => {
    const fees = [{ name: 'Phí', inPerson: 100_000 }];
    expect(issuesOf({ ...base, level: 3, fees })).toContainEqual({
      path: 'onlineMode',
      message: 'a full-process online service must be level 4',
    });
    expect(issuesOf({ ...base, level: 5 })).toContainEqual({ path: 'level', message: 'must be 1, 2, 3 or 4' });
    expect(validateManifest({ ...without('form', 'hooks'), level: 2, onlineMode: undefined, fees, fixtures: [] }).ok).toBe(true);
  });

  it('refuses online fees on a level-3 service and a missing online amount on a level-4 one', () => {
    expect(issuesOf({ ...base, fees: [{ name: 'Phí', inPerson: 100 }] })).toEqual([
      { path: 'fees[0].online', message: 'a level-4 service must give the online amount (R11.3)' },
    ]);
    expect(issuesOf({ ...base, level: 3, onlineMode: 'PARTIAL' })).toContainEqual({
      path: 'fees[0].online',
      message: 'a level-3 service takes fees in person only (R11.2)',
    });
  });

  it('refuses a level-2 service without downloadable forms', () => {
    const level2 = { ...without('form', 'hooks'), level: 2, onlineMode: undefined, fees: [{ name: 'Phí', inPerson: 0 }], fixtures: [] };
    expect(issuesOf({ ...level2, forms: [] })).toEqual([
      { path: 'forms', message: 'a level-2 service must offer its forms for download (R4.4)' },
      { path: 'documents[0].template', message: 'no form with code "Mẫu 03/2013/TT-LLTP"' },
    ]);
  });

  it('refuses hooks and sample submissions on a service that takes no online submissions', () => {
    const level2 = { ...without('form'), level: 2, onlineMode: undefined, fees: [{ name: 'Phí', inPerson: 0 }] };
    expect(issuesOf(level2)).toEqual([
      { path: 'hooks', message: 'a level-2 service takes no online submissions, so its hooks would never run' },
      { path: 'fixtures', message: 'a level-2 service takes no online submissions, so it has no sample submissions' },
    ]);
    expect(issuesOf({ ...level2, level: 1, forms: undefined, documents: undefined, fixtures: [] })).toContainEqual({
      path: 'hooks',
      message: 'a level-1 service takes no online submissions, so its hooks would never run',
    });
  });

  it('names bad values deep inside the form', () => {
    const form = structuredClone(base.form) as { sections: { fields: Record<string, unknown>[] }[] };
    form.sections[0]!.fields[2] = { key: 'gender', label: 'Giới tính', type: 'select' };
    form.sections[1]!.fields[0] = { key: 'fullName', label: 'Trùng', type: 'text' };
    expect(issuesOf({ ...base, form })).toEqual([
      { path: 'form.sections[0].fields[2].options', message: 'a select field needs options' },
      { path: 'form.sections[1].fields[0].key', message: 'duplicate field key "fullName"' },
    ]);
  });

  it('refuses bad identity fields and unknown keys', () => {
    expect(issuesOf({ ...base, version: '1.0' })).toEqual([{ path: 'version', message: 'must be a semantic version such as 1.2.0' }]);
    expect(issuesOf({ ...base, sdk: 'whatever' })).toEqual([{ path: 'sdk', message: 'must be a semver range such as ^1.0.0' }]);
    expect(issuesOf({ ...base, code: 'lltp' })[0]?.path).toBe('code');
    expect(issuesOf({ ...base, extra: 1 })[0]?.message).toContain('extra');
    expect(issuesOf({ ...base, forms: [{ code: 'X', title: 'X', file: '../../etc/passwd' }] })[0]).toEqual({
      path: 'forms[0].file',
      message: 'must be a path inside the package, without ".."',
    });
  });

  it('requires level-3/4 fixtures of both outcomes and a template that exists', () => {
    expect(issuesOf({ ...base, fixtures: base.fixtures.slice(0, 1) })).toEqual([
      { path: 'fixtures', message: 'needs at least one sample that must be rejected' },
    ]);
    const documents = [{ ...base.documents[0], template: 'Mẫu 99' }];
    expect(issuesOf({ ...base, documents })).toEqual([{ path: 'documents[0].template', message: 'no form with code "Mẫu 99"' }]);
  });
});

describe('manifest limits', () => {
  it('refuse strings and lists over their maximum, citing the limit', () => {
    expect(issuesOf({ ...base, title: 'T'.repeat(301) })).toEqual([
      { path: 'title', message: 'must have at most 300 characters (manifestLimits.label)' },
    ]);
    expect(issuesOf({ ...base, steps: ['S'.repeat(3001)] })).toEqual([
      { path: 'steps[0]', message: 'must have at most 3000 characters (manifestLimits.paragraph)' },
    ]);
    expect(issuesOf({ ...base, legalBasis: Array.from({ length: 101 }, (_, i) => `Văn bản ${i}`) })).toEqual([
      { path: 'legalBasis', message: 'must list at most 100 entries (manifestLimits.listEntries)' },
    ]);
    const fees = Array.from({ length: 51 }, () => base.fees[0]);
    expect(issuesOf({ ...base, fees })).toEqual([{ path: 'fees', message: 'must list at most 50 fees (manifestLimits.fees)' }]);
    expect(issuesOf({ ...base, forms: [{ ...base.forms[0], url: `https://example.vn/${'a'.repeat(2000)}`, file: undefined }] })).toEqual([
      { path: 'forms[0].url', message: 'must have at most 2000 characters (manifestLimits.url)' },
    ]);
    const fixtures = [...base.fixtures, ...Array.from({ length: 49 }, () => base.fixtures[0]!)];
    expect(issuesOf({ ...base, fixtures })).toEqual([
      { path: 'fixtures', message: 'must list at most 50 fixtures (manifestLimits.fixtures)' },
    ]);
  });

  it('refuse a fixture whose form data is over 16 KB as JSON', () => {
    const big = { ...base.fixtures[0]!, formData: { ...base.fixtures[0]!.formData, purpose: 'x'.repeat(16 * 1024) } };
    expect(issuesOf({ ...base, fixtures: [big, base.fixtures[1]] })).toEqual([
      { path: 'fixtures[0].formData', message: 'must be at most 16384 bytes as JSON (manifestLimits.fixtureFormDataBytes)' },
    ]);
  });

  it('refuse a manifest over 256 KB as JSON before reading any of it', () => {
    // Each string within its own limit, the whole too big; and nothing else reported.
    const requirements = Array.from({ length: 100 }, () => 'Đ'.repeat(1500)); // 2 bytes each in UTF-8
    expect(issuesOf({ ...base, requirements, code: 'not a code' })).toEqual([
      {
        path: '(manifest)',
        message: 'is 298 KB as JSON; a manifest has at most 256 KB (manifestLimits.manifestBytes)',
      },
    ]);
    expect(validateManifest({ ...base, requirements: requirements.slice(0, 80) }).ok).toBe(true);
  });

  it('refuse what is not JSON data', () => {
    const cyclic: Record<string, unknown> = { ...base };
    cyclic.self = cyclic;
    expect(issuesOf(cyclic)).toEqual([{ path: '(manifest)', message: 'is not JSON data' }]);
  });

  it('hold for every example and fixture plugin', async () => {
    const root = resolve(import.meta.dirname, '../../..');
    const packages = ['plugins', 'test/fixtures/plugins'].flatMap((folder) =>
      readdirSync(join(root, folder)).map((name) => join(root, folder, name)),
    );
    expect(packages.length).toBeGreaterThanOrEqual(8);
    for (const dir of packages) {
      // A fixture that builds on another package is loaded as a copy holding it (see packageFixture).
      const manifest = await loadManifestIsolated(existsSync(join(dir, 'fixture.json')) ? await packageFixture(dir) : dir, 'src/index.ts');
      expect([dir, validateManifest(manifest).ok]).toEqual([dir, true]);
    }
  });
});

describe('checkFixtures', () => {
  it('passes the fixtures of the judicial-record service', () => {
    const result = validateManifest(base);
    expect(result.ok && checkFixtures(result.manifest)).toEqual([
      { name: base.fixtures[0]!.name, passed: true },
      { name: base.fixtures[1]!.name, passed: true },
    ]);
  });

  it('replays a fixture expecting a code of the hooks through the hooks’ answers, when it is given them', () => {
    const tooYoung = {
      name: 'Người chưa đủ 14 tuổi',
      formData: { ...base.fixtures[0]!.formData, dateOfBirth: '2020-03-01' },
      expect: { rejected: [{ field: 'dateOfBirth', code: 'TOO_YOUNG' }] },
    };
    const result = validateManifest({ ...base, fixtures: [...base.fixtures, tooYoung] });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const answer = [{ field: 'dateOfBirth', message: 'chưa đủ 14 tuổi', code: 'TOO_YOUNG' }];
    // Without the hooks' answers, it is not decided here.
    expect(checkFixtures(result.manifest)[2]).toEqual({
      name: tooYoung.name,
      passed: true,
      detail: 'expects codes of the hooks, which did not run here',
    });
    expect(checkFixtures(result.manifest, [[], [], answer]).every((f) => f.passed && !f.detail)).toBe(true);
    expect(checkFixtures(result.manifest, [[], [], []])[2]).toEqual({
      name: tooYoung.name,
      passed: false,
      detail: 'expected dateOfBirth:TOO_YOUNG, got acceptance',
    });
    // A problem without a code is REJECTED_BY_SERVICE, as the API answers it.
    expect(checkFixtures(result.manifest, [[{ field: 'fullName', message: 'x' }], [], answer])[0]).toMatchObject({
      passed: false,
      detail: 'expected acceptance, got fullName:REJECTED_BY_SERVICE',
    });
    // A code neither of the form nor shaped as a hook's is refused with the manifest.
    const wrong = { ...tooYoung, expect: { rejected: [{ field: 'dateOfBirth', code: 'too young' }] } };
    expect(validateManifest({ ...base, fixtures: [wrong] }).ok).toBe(false);
  });

  it('fails a fixture whose expected errors do not happen', () => {
    const fixtures = [base.fixtures[0]!, { ...base.fixtures[1]!, formData: base.fixtures[0]!.formData }];
    const result = validateManifest({ ...base, fixtures });
    expect(result.ok && checkFixtures(result.manifest)[1]).toMatchObject({
      passed: false,
      detail: expect.stringContaining('got acceptance'),
    });
  });
});
