import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { extname, isAbsolute, join, posix, resolve, sep } from 'node:path';
import { build, type Loader, type Message, type Plugin } from 'esbuild';
import type { PluginBundle } from '../hooks/hook-runner.ts';

// The bundler of plugin code. esbuild runs with its own resolver and file system switched off:
// every import is resolved here, and every file is read here, so a package's code can only ever
// bring in the package's own source files. Refused, with what was asked for:
//  - absolute paths, `file:` and other URLs, paths that climb out of the package;
//  - any path through a link (symbolic links could lead anywhere), or into the package's
//    top-level node_modules or .git (not the package's content);
//  - bare package names (a plugin's only dependency is the SDK, which is replaced by a shim);
//  - Node built-ins (files, network, processes: a capability plugin code does not have);
//  - import attributes and files other than JavaScript, TypeScript and JSON (no text, binary,
//    CSS or other loader that would inline a file's bytes);
//  - files larger than MAX_FILE_BYTES, bundles reading more than MAX_TOTAL_BYTES.
// No tsconfig.json or package.json is read either: esbuild looks for those next to files of its
// own `file` namespace only, and these modules live in a namespace of their own.

/** The most one source file of a plugin may have. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** The most the files of one bundle may have together. */
export const MAX_TOTAL_BYTES = 4 * 1024 * 1024;

const NAMESPACE = 'plugin-package';
const SDK_NAMESPACE = 'egov-sdk';

const loaders: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.json': 'json' };
/** What an extension-less or folder import is tried as, in order (as TypeScript and Node would). */
const candidates = ['', '.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '/index.ts', '/index.mts', '/index.js', '/index.mjs', '/index.cjs'];

/**
 * What a bundle gets for the plugin SDK: `defineService` and `defineHooks` only give types, so at
 * run time they are identities. The host validates the manifest afterwards with the real SDK.
 */
const sdkShims: Record<string, string> = {
  '@egov/core/sdk': 'export const defineService = (manifest) => manifest;\nexport const defineHooks = (hooks) => hooks;\n',
  '@egov/core/sdk/hooks': 'export const defineHooks = (hooks) => hooks;\n',
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
  const where = message.location ? ` (${message.location.file.replace(`${NAMESPACE}:`, '')}:${message.location.line})` : '';
  return `${message.text}${where}`;
}

/**
 * Whether a package-relative path names a regular file inside the package (`root`, a real
 * path) reached without any link and outside the top-level node_modules and .git; or why not.
 */
export async function checkPackagePath(root: string, rel: string): Promise<{ ok: true } | { ok: false; why: string } | { ok: false; missing: true }> {
  const parts = rel.split('/');
  if (parts[0] === 'node_modules' || parts[0] === '.git') return { ok: false, why: `${rel} is in the package's ${parts[0]}, which is not its content` };
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
  const read = new Set<string>();
  let total = 0;

  const packageFile = (rel: string) => checkPackagePath(root, rel);

  const confine: Plugin = {
    name: 'confine-to-package',
    setup(bundle) {
      bundle.onResolve({ filter: /.*/ }, async (args) => {
        const from = args.kind === 'entry-point' ? '' : args.namespace === NAMESPACE ? ` (${args.importer})` : '';
        const refuse = (why: string) => {
          refused.push(`${why}${from}`);
          return { errors: [{ text: why }] };
        };
        if (Object.keys(args.with).length > 0) return refuse(`import attributes are not allowed: ${JSON.stringify(args.with)} on "${args.path}"`);
        if (args.kind === 'require-resolve') return refuse(`require.resolve("${args.path}") is not allowed`);
        if (Object.hasOwn(sdkShims, args.path)) return { path: args.path, namespace: SDK_NAMESPACE };
        if (builtin.test(args.path)) return { errors: [{ text: `capability denied: imports node:${args.path.replace(/^node:/, '')}` }] };
        const spec = args.path;
        const relativeSpec = spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..';
        if (args.kind !== 'entry-point' && !relativeSpec) {
          if (isAbsolute(spec) || /^[a-z][a-z0-9+.-]*:/i.test(spec)) return refuse(`"${spec}" is outside the package: only the package's own files can be imported`);
          return refuse(`"${spec}" is not the SDK or a file of the package: a plugin imports nothing else`);
        }
        if (spec.includes('\0') || spec.includes('\\')) return refuse(`"${spec}" is not a plain relative path`);
        const base = args.kind === 'entry-point' ? '' : posix.dirname(args.importer);
        const rel = posix.normalize(posix.join(base, spec));
        if (rel === '..' || rel.startsWith('../') || posix.isAbsolute(rel)) return refuse(`"${spec}" is outside the package`);
        for (const suffix of candidates) {
          const candidate = posix.normalize(`${rel}${suffix}`).replace(/^\.\//, '');
          if (candidate === '.') continue;
          const found = await packageFile(candidate);
          if (found.ok) {
            if (!Object.hasOwn(loaders, extname(candidate))) return refuse(`${candidate}: only JavaScript, TypeScript and JSON files can be imported`);
            return { path: candidate, namespace: NAMESPACE };
          }
          if ('why' in found) return refuse(found.why);
        }
        return { errors: [{ text: `cannot find "${spec}" in the package` }] };
      });
      bundle.onLoad({ filter: /.*/, namespace: SDK_NAMESPACE }, ({ path }) => ({ contents: sdkShims[path]!, loader: 'js' }));
      bundle.onLoad({ filter: /.*/, namespace: NAMESPACE }, async ({ path, with: attributes }) => {
        if (Object.keys(attributes).length > 0) {
          refused.push(`import attributes are not allowed on ${path}`);
          return { errors: [{ text: 'import attributes are not allowed' }] };
        }
        // Read here, once, through a handle opened without following a link, and bounded.
        const handle = await open(join(root, path), constants.O_RDONLY | constants.O_NOFOLLOW);
        try {
          const size = (await handle.stat()).size;
          if (size > MAX_FILE_BYTES) return { errors: [{ text: `${path} has more than ${MAX_FILE_BYTES} bytes` }] };
          total += size;
          if (total > MAX_TOTAL_BYTES) return { errors: [{ text: `the bundle reads more than ${MAX_TOTAL_BYTES} bytes` }] };
          const contents = await handle.readFile();
          read.add(path);
          return { contents, loader: loaders[extname(path)]! };
        } finally {
          await handle.close();
        }
      });
    },
  };

  let code: string;
  try {
    const result = await build({
      entryPoints: [toPosix(entry).replace(/^\.\//, '')],
      absWorkingDir: root,
      bundle: true,
      format: 'cjs',
      platform: 'neutral',
      target: 'es2022',
      // See runner.mjs: no import() may reach the runner; esbuild lowers each to a `require` call.
      supported: { 'dynamic-import': false },
      banner: { js: "'use strict';" }, // ES modules are strict; CommonJS output is not unless told
      tsconfigRaw: {},
      plugins: [confine],
      write: false,
      logLevel: 'silent',
      legalComments: 'none',
      charset: 'utf8',
    });
    code = result.outputFiles[0]!.text;
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    if (!messages) throw error;
    const problems = messages.filter((m) => !refused.some((r) => r.startsWith(m.text))).map(located);
    throw new BundleError(entry, refused, problems);
  }
  if (refused.length > 0) throw new BundleError(entry, refused, []);
  return { code, filename: toPosix(entry).replace(/^\.\//, ''), sha256: createHash('sha256').update(code).digest('hex'), files: [...read].sort() };
}
