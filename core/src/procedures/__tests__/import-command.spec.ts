import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../config.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// `pnpm procedures:import <file>`: the operators' way into the registry, on the database at
// DATABASE_URL (SQLite or PostgreSQL, as the test project runs), with the API's checks.

const dir = mkdtempSync(join(tmpdir(), 'egov-procedures-cli-'));

describe('pnpm procedures:import', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the command from `dir`, so the file is named as an operator would, relative to where they are. */
  const run = (file: string) => {
    const result = spawnSync('pnpm', ['--dir', projectRoot, 'procedures:import', file], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: app.config.databaseUrl, AUTH_SECRET: 'cli-secret-cli-secret-cli-secret-cli' },
      encoding: 'utf8',
    });
    return { status: result.status, output: result.stdout + result.stderr };
  };

  it('imports a CSV file into the database, Vietnamese text as written', async () => {
    writeFileSync(
      join(dir, 'danh-muc.csv'),
      '\uFEFFcode;name;agencyCode;field;decisionNumber;decidedOn\r\nDNG-STP-CTT-01;Chứng thực bản sao từ bản chính;STP;Chứng thực;1234/QĐ-UBND;15/03/2024\r\nDNG-PTT-HT-KH-01;Đăng ký kết hôn;PTT;Hộ tịch;;\r\n',
    );
    const { status, output } = run('danh-muc.csv');
    expect(output).toContain('Imported danh-muc.csv into');
    expect(output).toContain('1 created, 0 updated, 1 unchanged');
    expect(status).toBe(0);
    const read = await app.gql<{ procedure: unknown }>(
      '{ procedure(code: "DNG-STP-CTT-01") { name agency { code } decisionNumber decidedOn } }',
    );
    expect(read.data!.procedure).toEqual({
      name: 'Chứng thực bản sao từ bản chính',
      agency: { code: 'STP' },
      decisionNumber: '1234/QĐ-UBND',
      decidedOn: '2024-03-14T17:00:00.000Z',
    });
  }, 60_000);

  it('refuses a file with a bad row, naming row and field, and changes nothing', async () => {
    const before = await app.prisma.procedure.findMany({ orderBy: { code: 'asc' } });
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify([
        { code: 'DNG-STP-CTT-02', name: 'Chứng thực chữ ký', agencyCode: 'STP', field: 'Chứng thực' },
        { code: 'DNG-XYZ-01', name: 'Không có cơ quan', agencyCode: 'XYZ', field: 'Khác' },
      ]),
    );
    const { status, output } = run('bad.json');
    expect(status).toBe(1);
    expect(output).toContain('Nothing was imported from bad.json:\n  row 2, agencyCode: no agency XYZ');
    expect(await app.prisma.procedure.findMany({ orderBy: { code: 'asc' } })).toEqual(before);
    expect(run('missing.csv')).toMatchObject({
      status: 1,
      output: expect.stringContaining(`Cannot read ${join(dir, 'missing.csv')}: ENOENT`),
    });
  }, 60_000);
});
