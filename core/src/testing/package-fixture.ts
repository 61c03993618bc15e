import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { cp, mkdir, readFile } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { projectRoot } from '../config.ts';

/**
 * A fixture plugin package made ready to check: a plugin may read nothing outside its own
 * folder, so a fixture that builds on another package says so in `fixture.json`
 * (`{ "base": "plugins/birth-registration" }`, relative to the repository root) and imports it
 * as `./base/...`; here that package's files are copied into `base/` of a fresh copy of the
 * fixture. Returns the copy's folder, under `.tmp/package-fixtures/` of the repository (inside
 * the default plugin root, so tests can file it by path) unless `into` names another folder.
 */
export async function packageFixture(fixture: string, into = join(projectRoot, '.tmp/package-fixtures')): Promise<string> {
  const source = isAbsolute(fixture) ? fixture : resolve(projectRoot, fixture);
  const dir = join(into, `${basename(source)}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  copies.push(dir);
  const notPackage = (path: string) => !/(^|\/)(node_modules|fixture\.json)$/.test(path);
  await cp(source, dir, { recursive: true, filter: (path) => notPackage(relative(source, path)) });
  const spec = await readFile(join(source, 'fixture.json'), 'utf8').then(
    (text) => JSON.parse(text) as { base?: string },
    () => ({}) as { base?: string },
  );
  if (spec.base) {
    const base = resolve(projectRoot, spec.base);
    await cp(base, join(dir, 'base'), {
      recursive: true,
      filter: (path) => notPackage(relative(base, path)) && relative(base, path) !== 'package.json',
    });
  }
  return dir;
}

// The copies go when the process does.
const copies: string[] = [];
process.once('exit', () => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A fixture package's folder relative to the repository root (the default plugin root). */
export const fromProjectRoot = (dir: string) => relative(projectRoot, dir);
