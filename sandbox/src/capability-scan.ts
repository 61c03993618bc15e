import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** A capability plugin code must not reach for; each has its check ID. */
export type Capability = 'CAP.FS' | 'CAP.NET' | 'CAP.PROCESS' | 'CAP.ENV' | 'CAP.DYNAMIC_CODE' | 'CAP.PROTOTYPE';

export interface Finding {
  capability: Capability;
  file: string;
  line: number;
  what: string;
}

const modules: Record<string, Capability> = {
  fs: 'CAP.FS',
  'fs/promises': 'CAP.FS',
  net: 'CAP.NET',
  http: 'CAP.NET',
  https: 'CAP.NET',
  http2: 'CAP.NET',
  tls: 'CAP.NET',
  dgram: 'CAP.NET',
  dns: 'CAP.NET',
  'dns/promises': 'CAP.NET',
  child_process: 'CAP.PROCESS',
  worker_threads: 'CAP.PROCESS',
  cluster: 'CAP.PROCESS',
  process: 'CAP.PROCESS',
  os: 'CAP.PROCESS',
  vm: 'CAP.DYNAMIC_CODE',
  module: 'CAP.DYNAMIC_CODE',
  inspector: 'CAP.DYNAMIC_CODE',
};

/** Names of the global object: plugin code has no reason to touch it but to reach around this scan. */
const globalObjects = new Set(['globalThis', 'global', 'self', 'window']);
/** Globals a plugin may read through the global object, e.g. `globalThis.Intl`. */
const harmlessGlobals = new Set([
  'Math',
  'JSON',
  'Date',
  'Intl',
  'Number',
  'String',
  'Boolean',
  'Array',
  'Object',
  'RegExp',
  'Map',
  'Set',
  'Symbol',
  'BigInt',
  'Error',
  'TypeError',
  'RangeError',
  'Promise',
  'structuredClone',
  'parseInt',
  'parseFloat',
  'isNaN',
  'isFinite',
  'encodeURIComponent',
  'decodeURIComponent',
]);

/** An expression without the casts, parentheses and `!` around it. */
function bare(node: ts.Node): ts.Node {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    ts.isSatisfiesExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** The expression a cast-wrapped node sits in, past its casts and parentheses. */
function outer(node: ts.Node): ts.Node {
  let current = node;
  while (
    ts.isParenthesizedExpression(current.parent) ||
    ts.isAsExpression(current.parent) ||
    ts.isNonNullExpression(current.parent) ||
    ts.isTypeAssertionExpression(current.parent) ||
    ts.isSatisfiesExpression(current.parent)
  ) {
    current = current.parent;
  }
  return current;
}

const capabilityOfModule = (name: string): Capability | undefined => modules[name.replace(/^node:/, '')];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return (
    entries
      // Only the package's own top-level node_modules (the platform's SDK link) is not its code;
      // a node_modules folder anywhere deeper is the package's and is read like the rest.
      .filter(
        (e) =>
          e.isFile() && /\.(c|m)?[jt]sx?$/.test(e.name) && !relative(dir, e.parentPath).split(/[\\/]/).slice(0, 1).includes('node_modules'),
      )
      .map((e) => join(e.parentPath, e.name))
  );
}

/**
 * Reads every source file of a plugin package and reports what it reaches for: node modules
 * for files, network, processes or dynamic code; `process` (environment, exit, bindings);
 * `eval`, `Function`, `fetch`, `require` and non-literal `import()`; writes to built-in
 * prototypes. A static check: the hook runner limits what runs, this says what is asked.
 */
export async function scanCapabilities(packageDir: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const path of await sourceFiles(packageDir)) {
    const file = relative(packageDir, path);
    const source = ts.createSourceFile(path, await readFile(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const add = (capability: Capability, node: ts.Node, what: string) =>
      findings.push({ capability, file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, what });
    const visit = (node: ts.Node) => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        const capability = capabilityOfModule(node.moduleSpecifier.text);
        if (capability) add(capability, node, `imports ${node.moduleSpecifier.text}`);
      }
      if (ts.isCallExpression(node)) {
        const callee = bare(node.expression);
        const first = node.arguments[0];
        if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
          if (first && ts.isStringLiteralLike(first)) {
            const capability = capabilityOfModule(first.text);
            if (capability) add(capability, node, `loads ${first.text}`);
          } else add('CAP.DYNAMIC_CODE', node, 'loads a module named at run time');
        }
        if (ts.isIdentifier(callee) && (callee.text === 'eval' || callee.text === 'Function'))
          add('CAP.DYNAMIC_CODE', node, `calls ${callee.text}`);
        if (ts.isIdentifier(callee) && callee.text === 'fetch') add('CAP.NET', node, 'calls fetch');
      }
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Function')
        add('CAP.DYNAMIC_CODE', node, 'new Function');
      if (ts.isIdentifier(node) && node.text === 'process' && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
        const property = ts.isPropertyAccessExpression(node.parent) ? node.parent.name.text : '';
        add(property === 'env' ? 'CAP.ENV' : 'CAP.PROCESS', node, `uses process${property ? `.${property}` : ''}`);
      }
      // The global object, other than to read a harmless global by name (`globalThis.Intl`):
      // `globalThis['pro' + 'cess']`, or an alias of it, reaches anything.
      if (
        ts.isIdentifier(node) &&
        globalObjects.has(node.text) &&
        !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) &&
        !ts.isPropertyAssignment(node.parent)
      ) {
        const use = outer(node).parent;
        const harmless = ts.isPropertyAccessExpression(use) && bare(use.expression) === node && harmlessGlobals.has(use.name.text);
        if (!harmless) add('CAP.DYNAMIC_CODE', node, `uses the global object (${node.text}) other than to read a standard global`);
      }
      // `require` other than called with a string literal: passed around, aliased, `require.resolve`.
      if (ts.isIdentifier(node) && node.text === 'require' && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
        const use = outer(node).parent;
        if (!(ts.isCallExpression(use) && bare(use.expression) === node))
          add('CAP.DYNAMIC_CODE', node, 'uses require other than to call it');
      }
      if (ts.isIdentifier(node) && node.text === 'getBuiltinModule') add('CAP.PROCESS', node, 'loads a built-in module (getBuiltinModule)');
      // `x.constructor.constructor` is Function: code from a string.
      if (
        ts.isPropertyAccessExpression(node) &&
        node.name.text === 'constructor' &&
        ts.isPropertyAccessExpression(bare(node.expression)) &&
        (bare(node.expression) as ts.PropertyAccessExpression).name.text === 'constructor'
      ) {
        add('CAP.DYNAMIC_CODE', node, 'reaches Function through constructor.constructor');
      }
      if (ts.isIdentifier(node) && (node.text === 'WebSocket' || node.text === 'XMLHttpRequest')) add('CAP.NET', node, `uses ${node.text}`);
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const target = node.left.getText(source);
        // Through casts and parentheses too: `(Object.prototype as any).x = …`.
        if (/\bprototype\b|__proto__/.test(target)) add('CAP.PROTOTYPE', node, `assigns ${target}`);
      }
      if (
        ts.isCallExpression(node) &&
        /^(Object\.(defineProperty|setPrototypeOf|assign)|Reflect\.(set|defineProperty|setPrototypeOf))$/.test(
          node.expression.getText(source),
        )
      ) {
        const target = node.arguments[0]?.getText(source) ?? '';
        if (/prototype|__proto__/.test(target)) add('CAP.PROTOTYPE', node, `changes ${target}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}
