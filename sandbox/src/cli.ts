#!/usr/bin/env -S npx tsx
// `pnpm sandbox check <package folder> [--live <folder>] [--json | --ndjson] [--lang vi|en]`:
// runs the sandbox checks on a plugin package, prints the report and exits 1 when the verdict
// is FAILED (2 on bad usage).
//
// --live    the package of the version in production, for VERSION.MONOTONIC and SCHEMA.DIFF
// --json    the report as one JSON document
// --ndjson  one line per finished check, {"type":"check","check":{…}}, then
//           {"type":"report","report":{…}}: the server spawns this and streams the lines
// --lang    the language of the check titles (default en)
import { parseArgs } from 'node:util';
import type { Language } from '@egov/core';

const usage = 'usage: pnpm sandbox check <plugin package folder> [--live <folder>] [--json | --ndjson] [--lang vi|en]';

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

const { positionals, values } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { live: { type: 'string' }, json: { type: 'boolean' }, ndjson: { type: 'boolean' }, lang: { type: 'string', default: 'en' } },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
const [command, path, ...extra] = positionals;
if (command !== 'check' || !path || extra.length > 0) fail('expected: check <plugin package folder>');
if (values.json && values.ndjson) fail('--json and --ndjson exclude each other');
if (values.lang !== 'vi' && values.lang !== 'en') fail(`--lang must be vi or en, not ${values.lang}`);
const language: Language = values.lang;

// stdout carries the report, and in --ndjson mode the stream a server parses: keep the plugin
// code this process imports from writing to it through console or process.stdout. (Code that
// writes to file descriptor 1 directly is caught by CAP.FS/CAP.PROCESS, but only afterwards.)
const stdout = process.stdout.write.bind(process.stdout);
const writeLine = (line: string) => new Promise<void>((done) => stdout(`${line}\n`, () => done()));
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
console.log = console.info = console.debug = console.error;

// Loaded once the arguments are known: the platform takes a few seconds to load.
const [{ localizeCheck, localizeReport }, { checkPackage, formatReport }] = await Promise.all([import('@egov/core'), import('./checks.ts')]);
const report = await checkPackage(path, {
  ...(values.live ? { live: values.live } : {}),
  ...(values.ndjson ? { onProgress: (check) => void writeLine(JSON.stringify({ type: 'check', check: localizeCheck(check, language) })) } : {}),
});
await writeLine(
  values.ndjson
    ? JSON.stringify({ type: 'report', report: localizeReport(report, language) })
    : values.json
      ? JSON.stringify(localizeReport(report, language), null, 2)
      : formatReport(report, language),
);
process.exit(report.verdict === 'PASSED' ? 0 : 1);
