import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateWith } from '@egov/core/testing/hooks';
import { packageFixture } from '@egov/core/testing/package-fixture';
import { describe, expect, it } from 'vitest';
import { checkPackage, type CheckOptions } from './checks.ts';

const root = resolve(import.meta.dirname, '../..');
/** A hostile fixture package, copied with the example package it builds on (see packageFixture). */
const hostile = (name: string) => packageFixture(join(root, 'sandbox/fixtures/hostile', name));
/** Checked as an update of the judicial-record service in production. */
const updatesJudicialRecord: CheckOptions = { live: join(root, 'plugins/judicial-record') };

// Each deliberately bad plugin is caught by the check named for what it does.
describe('hostile plugin packages', () => {
  it.each<[string, string[], CheckOptions?]>([
    ['read-passwd', ['CAP.FS']],
    ['open-socket', ['CAP.NET']],
    ['read-env', ['CAP.ENV']],
    ['spawn-process', ['CAP.PROCESS']],
    // Its hooks are not run: the scan already found what they reach for.
    ['eval-fetched', ['CAP.NET', 'CAP.DYNAMIC_CODE']],
    ['prototype-pollution', ['CAP.PROTOTYPE']],
    ['infinite-loop', ['HOOKS.BUDGET']],
    ['memory-bomb', ['HOOKS.BUDGET']],
    // What the scan misses is still denied when the hook runs.
    ['evasive-env', ['CAP.DYNAMIC_CODE']],
    // Its entry's top-level code is denied process when the manifest loads, so no manifest.
    ['forged-report', ['PKG.ENTRY', 'MANIFEST.SCHEMA', 'CAP.PROCESS', 'CAP.DYNAMIC_CODE']],
    ['lying-level', ['MANIFEST.SCHEMA']],
    ['lying-fees', ['MANIFEST.SCHEMA']],
    ['undeclared-file', ['PKG.FILES']],
    ['install-script', ['PKG.DEPS']],
    ['breaking-schema-change', ['SCHEMA.DIFF'], updatesJudicialRecord],
    // The bundler is asked to read the host: refused, so there is no manifest to show it in.
    ['bundle-reads-host', ['PKG.ENTRY', 'MANIFEST.SCHEMA', 'BUNDLE.CONFINED']],
    ['bundle-loaders', ['PKG.ENTRY', 'MANIFEST.SCHEMA', 'BUNDLE.CONFINED']],
    ['tsconfig-redirect', ['PKG.ENTRY', 'MANIFEST.SCHEMA', 'BUNDLE.CONFINED']],
    // Computed at run time: nothing is read, and the require finds no module then.
    ['computed-require', ['PKG.ENTRY', 'MANIFEST.SCHEMA', 'CAP.DYNAMIC_CODE']],
    // Memory outside the V8 heap counts too.
    ['off-heap-bomb', ['HOOKS.BUDGET']],
    ['hooks-reach-host', ['CAP.NET', 'CAP.DYNAMIC_CODE']],
    ['backreference-pattern', ['MANIFEST.SCHEMA']],
    ['oversized-manifest', ['MANIFEST.SCHEMA']],
    ['core-name', ['SCHEMA.NAMES']],
    ['active-template', ['FORMS.FILES']],
  ])(
    '%s fails with %j',
    async (name, ids, options) => {
      const report = await checkPackage(await hostile(name), options);
      expect(report.verdict).toBe('FAILED');
      expect(report.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(ids);
    },
    30_000,
  );

  it('say what the lying manifests lie about', async () => {
    const level = await checkPackage(await hostile('lying-level'));
    expect(level.checks.find((c) => c.id === 'MANIFEST.SCHEMA')?.details).toEqual([
      'form: a level-4 service needs an e-form (R4.5)',
      'fees[0].online: a level-4 service must give the online amount (R11.3)',
      'fixtures: needs at least one sample that must be accepted',
      'fixtures: needs at least one sample that must be rejected',
    ]);
    const fees = await checkPackage(await hostile('lying-fees'));
    expect(fees.checks.find((c) => c.id === 'MANIFEST.SCHEMA')?.details).toEqual([
      'fees[0].online: online fee 250000 VND exceeds the in-person fee 200000 VND (R11.4)',
    ]);
  });

  it('say which manifest data is over the limits or not linear-time, and which name touches the core API', async () => {
    const details = async (name: string, id: string) => (await checkPackage(await hostile(name))).checks.find((c) => c.id === id)?.details;
    expect(await details('backreference-pattern', 'MANIFEST.SCHEMA')).toEqual([
      'form.sections[0].fields[0].pattern: cannot be matched in linear time (RE2 syntax; no backreferences or lookaround): invalid escape sequence: `\\2`',
    ]);
    expect(await details('oversized-manifest', 'MANIFEST.SCHEMA')).toEqual([
      '(manifest): is 2891 KB as JSON; a manifest has at most 256 KB (manifestLimits.manifestBytes)',
    ]);
    expect(await details('core-name', 'SCHEMA.NAMES')).toEqual([
      "code DOSSIER gives submitDossier, which touches the core API's Mutation.submitDossier: choose a code whose GraphQL names differ from core ones",
    ]);
    expect(await details('active-template', 'FORMS.FILES')).toEqual([
      'forms "TK-KH": forms/to-khai-ket-hon.html has active content: a script, a form that submits somewhere, a meta http-equiv (e.g. a refresh to another page)',
      'forms "LOGO": forms/logo.svg is not one of the form file types .html, .pdf, .doc, .docx, .odt, .rtf, .xls, .xlsx, .ods, .txt',
    ]);
  });

  it('is also denied at run time what the scan reports, should a hook get past it', async () => {
    // The hook of evasive-env reads process.env through an alias of the global object: the scan
    // flags that (above); run anyway, the hook runner denies it.
    const run = validateWith(await hostile('evasive-env'), 'hooks.ts', {}, { today: '2026-11-30' });
    await expect(run).rejects.toThrow('capability denied: process');
  });

  it('says what the bundler refused, and shows nothing of what it was asked to read', async () => {
    const reads = await checkPackage(await hostile('bundle-reads-host'));
    expect(reads.checks.find((c) => c.id === 'BUNDLE.CONFINED')?.details).toEqual([
      '"/proc/self/environ" is outside the package: only the package\'s own files can be imported (index.ts)',
      '"../../../../data/auth-secret" is outside the package (index.ts)',
      '"file:///etc/passwd" is outside the package: only the package\'s own files can be imported (index.ts)',
    ]);
    const loaders = await checkPackage(await hostile('bundle-loaders'));
    expect(loaders.checks.find((c) => c.id === 'BUNDLE.CONFINED')?.details).toEqual([
      'notes.txt: only JavaScript, TypeScript and JSON files can be imported (index.ts)',
    ]);
    const text = JSON.stringify([reads, loaders]);
    expect(text).not.toContain(readFileSync('/etc/passwd', 'utf8').split('\n')[0]!);
    expect(text).not.toContain('copied from the server');
  });

  it('reads nothing for an import path computed at run time, which then finds no module', async () => {
    const report = await checkPackage(await hostile('computed-require'));
    expect(report.checks.find((c) => c.id === 'PKG.ENTRY')?.details).toEqual(['index.ts cannot be imported: capability denied: require']);
    expect(report.checks.find((c) => c.id === 'BUNDLE.CONFINED')).toMatchObject({ passed: true, details: [] });
  });

  it('gives a hook that reaches for the host at run time nothing but refusals', async () => {
    const found = await validateWith(await hostile('hooks-reach-host'), 'hooks.ts', {}, { today: '2026-11-30' });
    expect(found).toEqual([
      { field: 'requirePath', message: 'refused: capability denied: require' },
      { field: 'importName', message: 'refused: capability denied: require' },
      { field: 'fetchFile', message: 'refused: capability denied: fetch' },
      { field: 'stack', message: 'Error: where' },
      { field: 'wasm', message: 'refused: capability denied: WebAssembly.compile' },
    ]);
  });

  it('fails a hook that takes 1 GB off the V8 heap with its memory budget', async () => {
    const report = await checkPackage(await hostile('off-heap-bomb'));
    expect(report.checks.find((c) => c.id === 'HOOKS.BUDGET')?.details[0]).toMatch(
      /: validate hook exceeded its memory budget of 64 MB \(Array buffer allocation failed\)$/,
    );
  });

  it('names the file and line of what it found', async () => {
    const report = await checkPackage(await hostile('read-passwd'));
    expect(report.checks.find((c) => c.id === 'CAP.FS')?.details).toEqual(['hooks.ts:1: imports node:fs']);
  });

  it('lists each breaking change of a minor version that breaks the typed mutation (R7.1)', async () => {
    const report = await checkPackage(await hostile('breaking-schema-change'), updatesJudicialRecord);
    expect(report.checks.find((c) => c.id === 'SCHEMA.DIFF')).toEqual({
      id: 'SCHEMA.DIFF',
      title: 'No breaking API change against production without a new major version',
      severity: 'error',
      passed: false,
      details: [
        "breaking: Input field 'residence' was removed from input object type 'DngStpLltp01FormInput'",
        "breaking: Input field 'permanentAddress' of type 'String!' was added to input object type 'DngStpLltp01FormInput'",
        "breaking: Input field 'DngStpLltp01FormInput.email' changed type from 'String' to 'String!'",
        'a breaking change needs a new major version; 1.0.0 → 1.1.0 is not one',
      ],
    });
  });
});
