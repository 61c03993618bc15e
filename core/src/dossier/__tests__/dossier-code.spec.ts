import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { submitJudicialRecord } from '../../testing/dossier-scenario.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

describe('a configured dossier code pattern', () => {
  let now = new Date('2026-12-31T16:00:00+07:00');
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ dossierCodePattern: 'HS.{yyyy}.{agency}-{seq:6}', tokenTtlSeconds: 30 * 24 * 3600 }, () => now);
  });
  afterAll(() => app.dispose());

  const submit = (token: string) => submitJudicialRecord(app, token);

  it('makes codes by it, counting within what it renders before the sequence (here: per year and agency)', async () => {
    const citizen = await app.login('citizen@demo.egov.vn');
    expect(await submit(citizen)).toBe('HS.2026.STP-000001');
    expect(await submit(citizen)).toBe('HS.2026.STP-000002');
    now = new Date('2027-01-01T08:00:00+07:00'); // a new year in Đà Nẵng
    expect(await submit(citizen)).toBe('HS.2027.STP-000001');
  });
});

describe('DOSSIER_CODE_PATTERN', () => {
  const secret = { AUTH_SECRET: 'a'.repeat(32) };
  it.each([
    ['{agency}-{yy}{mm}{dd}', 'must contain {seq:N} once'],
    ['{agency}-{seq:4}-{seq:2}', 'must contain {seq:N} once'],
    ['{agency}/{seq:4}', 'may hold only'],
    ['{agency}-{hour}-{seq:4}', 'may hold only'],
  ])('refuses %s', (pattern, message) => {
    expect(() => loadConfig({ ...secret, DOSSIER_CODE_PATTERN: pattern })).toThrow(`DOSSIER_CODE_PATTERN ${message}`);
  });
  it('defaults to <agency>-<yymmdd>-<4 digits>', () => {
    expect(loadConfig(secret).dossierCodePattern).toBe('{agency}-{yy}{mm}{dd}-{seq:4}');
  });
});
