import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore } from './files.ts';

const dir = mkdtempSync(join(tmpdir(), 'egov-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the file store', () => {
  it('stores the same content written twice at once (two fields, one scan) once, without failing', async () => {
    const store = new FileStore(dir);
    const bytes = new TextEncoder().encode('%PDF-1.4 the same scan');
    const [a, b, c] = await Promise.all([store.put(bytes), store.put(bytes), store.put(bytes)]);
    expect(new Set([a, b, c]).size).toBe(1);
    expect(readFileSync(store.path(a)).toString()).toBe('%PDF-1.4 the same scan');
    expect(readdirSync(join(dir, a.slice(0, 2)))).toEqual([a]); // no temporary files left
  });
});
