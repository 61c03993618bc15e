import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { extname, isAbsolute, join, posix, resolve, sep } from 'node:path';
import { transform, type Loader, type Message } from 'esbuild';
import { sha256Of } from '../catalog/plugin-loader.ts';
import type { PluginBundle } from '../hooks/hook-runner.ts';

// The bundler of plugin code. esbuild never sees the file system: each module is compiled on its
// own with esbuild's transform API (which has no file system), every import is resolved here,
// and every file is read here, so a package's code can only ever bring in the package's own
// source files. (esbuild's bundler lists and reads files itself for an import path it cannot
// see statically, such as require(`./data/${name}`), whatever its plugins say.) Refused, with
// what was asked for:
//  - absolute paths, `file:` and other URLs, paths that climb out of the package;
//  - any path through a link (symbolic links could lead anywhere), or into the package's
//    top-level node_modules or .git (not the package's content);
//  - bare package names (a plugin's only dependency is the SDK, which is replaced by a shim);
//  - Node built-ins (files, network, processes: a capability plugin code does not have);
//  - files other than JavaScript, TypeScript and JSON (no text, binary or CSS that would inline
//    a file's bytes); the loader is the file's extension's, import attributes change nothing;
//  - files larger than MAX_FILE_BYTES, bundles reading more than MAX_TOTAL_BYTES.
// No tsconfig.json or package.json is read either (`tsconfigRaw` is given), so `paths`,
// `extends` and import maps do nothing. A `require` whose argument is not a string literal
// (computed at run time) finds no module: each module's `require` knows only what it named.

/** The most one source file of a plugin may have. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** The most the files of one bundle may have together. */
export const MAX_TOTAL_BYTES = 4 * 1024 * 1024;

const SDK_NAMESPACE = 'egov-sdk';

const loaders: Record<string, Loader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.json': 'json',
};
/** What an extension-less or folder import is tried as, in order (as TypeScript and Node would). */
const candidates = [
  '',
  '.ts',
  '.mts',
  '.cts',
  '.js',
  '.mjs',
  '.cjs',
  '.json',
  '/index.ts',
  '/index.mts',
  '/index.js',
  '/index.mjs',
  '/index.cjs',
];

/**
 * What a bundle gets for the plugin SDK (`@egov/sdk`; `@egov/core/sdk` is the name packages
 * written before it was a package of its own use): `defineService` and `defineHooks` only give
 * types, so at run time they are identities. The host validates the manifest afterwards with
 * the real SDK.
 */
const serviceShim = 'export const defineService = (manifest) => manifest;\nexport const defineHooks = (hooks) => hooks;\n';
const hooksShim = 'export const defineHooks = (hooks) => hooks;\n';
const sdkShims: Record<string, string> = {
  '@egov/sdk': serviceShim,
  '@egov/sdk/hooks': hooksShim,
  '@egov/core/sdk': serviceShim,
  '@egov/core/sdk/hooks': hooksShim,
};

/** What each shim exports (the rest of the SDK is types, or for the platform only). */
const sdkExports: Record<string, string[]> = {
  '@egov/sdk': ['defineService', 'defineHooks'],
  '@egov/sdk/hooks': ['defineHooks'],
  '@egov/core/sdk': ['defineService', 'defineHooks'],
  '@egov/core/sdk/hooks': ['defineHooks'],
};

const builtin = new RegExp(`^(node:.*|(${builtinModules.map((m) => m.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')).join('|')})(/.*)?)$`);

/** A module bundled into one strict CommonJS function body, and what it was made of. */
export interface Bundle extends PluginBundle {
  /** The package files it read, relative to the package, sorted. */
  files: string[];
}

/** Why a module could not be bundled: each problem with the file and line that asked for it. */
export class BundleError extends Error {
  override name = 'BundleError';
  constructor(
    readonly entry: string,
    /** Imports refused because they would read outside the package's own source (BUNDLE.CONFINED). */
    readonly refused: string[],
    /** Anything else: syntax errors, missing files, a capability asked for. */
    readonly problems: string[],
  ) {
    super(`${entry} cannot be bundled: ${[...refused, ...problems].slice(0, 5).join('; ')}`);
  }
}

const toPosix = (path: string) => path.split(sep).join('/');

/** A problem esbuild reports, with its place (package-relative, as the namespace holds it). */
function located(message: Message): string {
  const where = message.location ? ` (${message.location.file}:${message.location.line})` : '';
  return `${message.text}${where}`;
}

/**
 * Whether a package-relative path names a regular file inside the package (`root`, a real
 * path) reached without any link and outside the top-level node_modules and .git; or why not.
 */
export async function checkPackagePath(
  root: string,
  rel: string,
): Promise<{ ok: true } | { ok: false; why: string } | { ok: false; missing: true }> {
  const parts = rel.split('/');
  if (parts[0] === 'node_modules' || parts[0] === '.git')
    return { ok: false, why: `${rel} is in the package's ${parts[0]}, which is not its content` };
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return { ok: false, why: `${rel} is not a plain path inside the package` };
  let current = root;
  for (const [i, part] of parts.entries()) {
    current = join(current, part);
    const stats = await lstat(current).catch(() => null);
    if (!stats) return { ok: false, missing: true };
    if (stats.isSymbolicLink()) return { ok: false, why: `${parts.slice(0, i + 1).join('/')} is a link` };
    if (i < parts.length - 1 ? !stats.isDirectory() : !stats.isFile()) return { ok: false, missing: true };
  }
  return { ok: true };
}

/**
 * Reads a package file (see packageEntry) of at most `limit` bytes, without following a link.
 * Throws an Error saying why it cannot.
 */
export async function readPackageFile(root: string, rel: string, limit: number): Promise<Buffer> {
  const entry = await checkPackagePath(root, rel);
  if (!entry.ok) throw new Error('why' in entry ? entry.why : `${rel} is missing`);
  const handle = await open(join(root, rel), constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    if ((await handle.stat()).size > limit) throw new Error(`${rel} has more than ${limit} bytes`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Bundles `entry` (relative to `packageDir`) with the SDK as a shim; see the rules above.
 * Throws BundleError.
 */
export async function bundleModule(packageDir: string, entry: string): Promise<Bundle> {
  const root = await realpath(resolve(packageDir));
  const refused: string[] = [];
  const problems: string[] = [];
  const modules = new Map<string, { code: string; deps: Record<string, string> }>();
  const read = new Set<string>();
  let total = 0;

  /** The module a specifier names from `importer` (null: the entry), or why not (recorded). */
  async function resolveSpecifier(spec: string, importer: string | null): Promise<string | null> {
    const from = importer === null ? '' : ` (${importer})`;
    const refuse = (why: string) => {
      refused.push(`${why}${from}`);
      return null;
    };
    if (Object.hasOwn(sdkShims, spec)) return `${SDK_NAMESPACE}:${spec}`;
    if (builtin.test(spec)) {
      problems.push(`capability denied: imports node:${spec.replace(/^node:/, '')}${importer === null ? '' : ` (${importer}:1)`}`);
      return null;
    }
    const relativeSpec = spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..';
    if (importer !== null && !relativeSpec) {
      if (isAbsolute(spec) || /^[a-z][a-z0-9+.-]*:/i.test(spec))
        return refuse(`"${spec}" is outside the package: only the package's own files can be imported`);
      return refuse(`"${spec}" is not the SDK or a file of the package: a plugin imports nothing else`);
    }
    if (spec.includes('\0') || spec.includes('\\')) return refuse(`"${spec}" is not a plain relative path`);
    const rel = posix.normalize(posix.join(importer === null ? '' : posix.dirname(importer), spec));
    if (rel === '..' || rel.startsWith('../') || posix.isAbsolute(rel)) return refuse(`"${spec}" is outside the package`);
    for (const suffix of candidates) {
      const candidate = posix.normalize(`${rel}${suffix}`).replace(/^\.\//, '');
      if (candidate === '.') continue;
      const found = await checkPackagePath(root, candidate);
      if (found.ok) {
        if (!Object.hasOwn(loaders, extname(candidate)))
          return refuse(`${candidate}: only JavaScript, TypeScript and JSON files can be imported`);
        return candidate;
      }
      if ('why' in found) return refuse(found.why);
    }
    problems.push(`cannot find "${spec}" in the package${importer === null ? '' : ` (${importer}:1)`}`);
    return null;
  }

  /** A package file's source, read once through a handle that follows no link, bounded. */
  async function source(id: string): Promise<Buffer | null> {
    const handle = await open(join(root, id), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const size = (await handle.stat()).size;
      if (size > MAX_FILE_BYTES) return (void problems.push(`${id} has more than ${MAX_FILE_BYTES} bytes`), null);
      total += size;
      if (total > MAX_TOTAL_BYTES) return (void problems.push(`the bundle reads more than ${MAX_TOTAL_BYTES} bytes`), null);
      read.add(id);
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  // Each module is compiled on its own with esbuild's transform API, which has no file system at
  // all (esbuild's bundler would list and read files itself for an import path it cannot see,
  // such as require(`./data/${name}`)). Its dependencies are the string-literal require calls
  // of the compiled code, every one resolved above; a require of anything else fails at run time.
  const first = await resolveSpecifier(toPosix(entry).replace(/^\.\//, ''), null);
  const queue = first ? [first] : [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (modules.has(id)) continue;
    const shim = id.startsWith(`${SDK_NAMESPACE}:`) ? sdkShims[id.slice(SDK_NAMESPACE.length + 1)]! : null;
    const contents = shim ?? (await source(id));
    if (contents === null) continue;
    let code: string;
    try {
      const result = await transform(contents, {
        loader: shim ? 'js' : loaders[extname(id)]!,
        format: 'cjs',
        target: 'es2022',
        // See runner.mjs: no import() may reach the runner; each becomes a `require` call.
        supported: { 'dynamic-import': false },
        tsconfigRaw: {},
        sourcefile: id,
        logLevel: 'silent',
        legalComments: 'none',
        charset: 'utf8',
      });
      // A hashbang line would end up inside the module's function in the bundle.
      code = result.code.startsWith('#!') ? result.code.slice(result.code.indexOf('\n') + 1) : result.code;
    } catch (error) {
      const messages = (error as { errors?: Message[] }).errors;
      if (!messages) throw error;
      problems.push(...messages.map(located));
      continue;
    }
    // Of the SDK, a bundle gets only what the shim holds: naming anything else fails here, as it
    // would with the real SDK's types, rather than at run time.
    for (const [, binding, sdk] of code.matchAll(/\bvar (\w+) = (?:__toESM\()?require\("(@egov\/(?:core\/)?sdk(?:\/hooks)?)"\)\)?;/g)) {
      const offered = sdkExports[sdk!]!;
      for (const [, name] of code.matchAll(new RegExp(`\\b${binding}\\.(\\w+)`, 'g'))) {
        if (!offered.includes(name!)) problems.push(`No matching export in "${sdk}" for import "${name}" (${id})`);
      }
    }
    // require.resolve would name a host path; nothing a plugin needs.
    if (/\brequire\s*\.\s*resolve\b/.test(code)) refused.push(`require.resolve is not allowed (${id})`);
    const deps: Record<string, string> = {};
    for (const match of code.matchAll(/(?<![.\w$])require\(\s*("(?:[^"\\\n]|\\.)*")\s*\)/g)) {
      let spec: string;
      try {
        spec = JSON.parse(match[1]!) as string;
      } catch {
        problems.push(`a require whose path is not a plain string (${id})`);
        continue;
      }
      if (Object.hasOwn(deps, spec)) continue;
      const target = await resolveSpecifier(spec, shim ? null : id);
      if (target === null) continue;
      deps[spec] = target;
      queue.push(target);
    }
    modules.set(id, { code, deps });
  }
  if (refused.length > 0 || problems.length > 0 || !first) throw new BundleError(entry, refused, problems);
  const code = link(first, modules);
  return { code, filename: toPosix(entry).replace(/^\.\//, ''), sha256: sha256Of(code), files: [...read].sort() };
}

/**
 * The modules as one strict CommonJS function body: each module a function of its own, and a
 * `require` that gives each module exactly the modules it named (anything else is refused).
 */
function link(entry: string, modules: Map<string, { code: string; deps: Record<string, string> }>): string {
  const table = [...modules]
    .map(([id, m]) => `  ${JSON.stringify(id)}: [function (module, exports, require) {\n${m.code}\n}, ${JSON.stringify(m.deps)}]`)
    .join(',\n');
  return `'use strict';
var __plugin_modules = { __proto__: null,
${table}
};
var __plugin_cache = { __proto__: null };
function __plugin_load(id) {
  var cached = __plugin_cache[id];
  if (cached) return cached.exports;
  var record = __plugin_modules[id];
  var module = (__plugin_cache[id] = { exports: {} });
  record[0].call(module.exports, module, module.exports, function (spec) {
    if (typeof spec !== 'string' || !Object.prototype.hasOwnProperty.call(record[1], spec)) throw new Error('capability denied: require');
    return __plugin_load(record[1][spec]);
  });
  return module.exports;
}
module.exports = __plugin_load(${JSON.stringify(entry)});
`;
}
