#!/usr/bin/env -S npx tsx
// `pnpm sandbox check <package folder> [--json]`: runs the sandbox checks on a plugin package,
// prints the report and exits 1 when the verdict is FAILED.
import { checkPackage, formatReport } from './checks.ts';

const [command, path, ...flags] = process.argv.slice(2);
if (command !== 'check' || !path) {
  console.error('usage: pnpm sandbox check <plugin package folder> [--json]');
  process.exit(2);
}
const report = await checkPackage(path);
console.log(flags.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
process.exit(report.verdict === 'PASSED' ? 0 : 1);
