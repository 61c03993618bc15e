import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The modules of core/src import one another without a cycle, type imports included: a domain
// depends on the lifecycle engine, identity, errors and the database, never the other way.

const root = dirname(new URL(import.meta.url).pathname);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' || entry.name === '__fixtures__' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Each module's imports of other modules of core/src (static, dynamic and type-only). */
function importGraph(): Map<string, string[]> {
  const files = sources(root);
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const local = importedFiles
        .map((i) => i.fileName)
        .filter((name) => name.startsWith('.'))
        .map((name) => resolve(dirname(file), name));
      return [file, local.filter((target) => known.has(target))];
    }),
  );
}

/** Every cycle (as a path of modules), found by depth-first search. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(root, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('the import graph of core/src', () => {
  it('has no cycle', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('is checked by a search that finds a cycle when there is one', () => {
    const graph = new Map([
      ['/a.ts', ['/b.ts']],
      ['/b.ts', ['/c.ts']],
      ['/c.ts', ['/a.ts']],
    ]);
    expect(cycles(graph)).toHaveLength(1);
  });

  it('keeps the lifecycle engine free of the domains', () => {
    const graph = importGraph();
    const engine = [...graph].filter(([file]) => relative(root, file).startsWith('lifecycle/'));
    const reaches = engine
      .flatMap(([, targets]) => targets.map((t) => relative(root, t)))
      .filter((t) => !/^(lifecycle|db|identity|errors)[/.]/.test(t));
    expect(reaches).toEqual([]);
  });

  it('lets only the GraphQL layer see the whole context: domain code takes the ports and its own deps', () => {
    const graph = importGraph();
    const context = resolve(root, 'context.ts');
    const layer = /^(app\.ts|builder\.ts|schema\.ts|http\/use-[\w-]+\.ts|[\w-]+\/[\w-]+\.graphql\.ts)$/;
    const importers = [...graph].filter(([, targets]) => targets.includes(context)).map(([file]) => relative(root, file));
    expect(importers.length).toBeGreaterThan(3);
    expect(importers.filter((file) => !layer.test(file))).toEqual([]);
  });
});
