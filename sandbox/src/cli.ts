#!/usr/bin/env -S npx tsx
// `pnpm sandbox check <package folder> [--live <folder>] [--json | --ndjson] [--lang vi|en]`:
// runs the sandbox checks on a plugin package, prints the report and exits 1 when the verdict
// is FAILED (2 on bad usage).
//
// --live    the version in production, for VERSION.MONOTONIC and SCHEMA.DIFF: its package
//           folder, its artifact folder, or its manifest as a JSON file
// --artifact-out  where to write the artifact of a package that passes (a new folder)
// --json    the report as one JSON document
// --ndjson  one line per finished check, {"type":"check","check":{…}}, then
//           {"type":"report","report":{…}}: the server spawns this and streams the lines
// --lang    the language of the check titles (default en)
import { writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Language } from '@egov/core';

const usage =
  'usage: pnpm sandbox check <plugin package folder> [--live <folder or manifest.json>] [--artifact-out <new folder>] [--json | --ndjson] [--lang vi|en]';

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

const { positionals, values } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        live: { type: 'string' },
        'artifact-out': { type: 'string' },
        json: { type: 'boolean' },
        ndjson: { type: 'boolean' },
        lang: { type: 'string', default: 'en' },
      },
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

// stdout carries the report, and in --ndjson mode the stream a server parses. The plugin code
// this process imports must not be able to forge that stream: in --ndjson mode the server sends
// a one-time key on stdin, read here before any plugin code is loaded and kept in this module's
// scope; only lines starting with it count. They are written with a reference to writeSync
// taken now, so plugin code patching process.stdout, fs or JSON cannot see or fake them.
// console and process.stdout go to stderr, so stray output cannot garble the report either.
const write = writeSync;
const key = values.ndjson ? await readKey() : '';
const pause = new Int32Array(new SharedArrayBuffer(4));
/** Writes all of `text` to stdout: a pipe takes a few kilobytes per write, and is full at times (EAGAIN). */
function writeAll(text: string) {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length;) {
    try {
      offset += write(1, bytes, offset, bytes.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 5); // the reader catches up
    }
  }
}
const writeLine = (line: string) => writeAll(key ? `${key} ${line}\n` : `${line}\n`);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
console.log = console.info = console.debug = console.error;

/** The first line of stdin (the server's key for this run); stdin is closed after it. */
async function readKey(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n') || text.length > 200) break;
  }
  process.stdin.destroy();
  const found = text.split('\n')[0]!.trim();
  return /^[A-Za-z0-9_-]{16,128}$/.test(found)
    ? found
    : fail('--ndjson expects a key of 16-128 letters or digits on the first line of stdin');
}

// Loaded once the arguments are known: the platform takes a few seconds to load.
const [{ localizeCheck, localizeReport }, { checkPackage, formatReport }, { trialRun }] = await Promise.all([
  import('@egov/core'),
  import('./checks.ts'),
  import('./trial-run.ts'),
]);
const report = await checkPackage(path, {
  ...(values.live ? { live: values.live } : {}),
  ...(values['artifact-out'] ? { artifactOut: values['artifact-out'] } : {}),
  ...(values.ndjson ? { onProgress: (check) => writeLine(JSON.stringify({ type: 'check', check: localizeCheck(check, language) })) } : {}),
  trial: (artifact) => trialRun(artifact),
});
writeLine(
  values.ndjson
    ? JSON.stringify({ type: 'report', report: localizeReport(report, language) })
    : values.json
      ? JSON.stringify(localizeReport(report, language), null, 2)
      : formatReport(report, language),
);
process.exit(report.verdict === 'PASSED' ? 0 : 1);
