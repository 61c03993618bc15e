import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPluginVersion } from '../../catalog/install.ts';
import { buildPluginPackage } from '../../plugin-artifact/build.ts';
import { fromProjectRoot, packageFixture } from '../../testing/package-fixture.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// Form templates come from agency packages; the platform's origin holds citizens' sessions.
// Whatever a template holds (this one: a script, a form posting elsewhere, a meta refresh, and
// an SVG), it is served as a download that cannot run as a page of the platform.

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  // Installed directly, as a version checked before FORMS.FILES refused such templates would be.
  const hostile = await buildPluginPackage(
    app.config.pluginRoot,
    fromProjectRoot(await packageFixture('sandbox/fixtures/hostile/active-template')),
  );
  await app.artifacts.put(hostile.artifact);
  await app.prisma.$transaction((tx) => installPluginVersion(tx, hostile, { live: true, now: new Date() }));
});
afterAll(() => app.dispose());

const headers = (response: Response) =>
  Object.fromEntries([...response.headers].filter(([name]) => name !== 'content-length' && name !== 'date'));

describe('form template downloads', () => {
  it('serve an HTML template with a script, a form and a meta refresh as a sandboxed attachment', async () => {
    const response = await app.yoga.fetch('http://test/services/DNG-PTT-HT-KH-99/forms/TK-KH');
    expect(response.status).toBe(200);
    expect(headers(response)).toMatchInlineSnapshot(`
      {
        "cache-control": "public, max-age=300",
        "content-disposition": "attachment; filename*=UTF-8''to-khai-ket-hon.html",
        "content-security-policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'",
        "content-type": "text/html; charset=utf-8",
        "referrer-policy": "no-referrer",
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
      }
    `);
    expect(await response.text()).toContain('<script>'); // the bytes as shipped: what makes them safe is how they are served
  });

  it('serve a file type outside the allow-list as bytes with no type a browser renders', async () => {
    const response = await app.yoga.fetch('http://test/services/DNG-PTT-HT-KH-99/forms/LOGO');
    expect(response.status).toBe(200);
    expect(headers(response)).toMatchObject({
      'content-type': 'application/octet-stream',
      'content-disposition': "attachment; filename*=UTF-8''logo.svg",
      'x-content-type-options': 'nosniff',
    });
  });

  it('serve the example services’ templates the same way', async () => {
    const response = await app.yoga.fetch('http://test/services/DNG-STP-LLTP-01/forms/M%E1%BA%ABu%2003%2F2013%2FTT-LLTP');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''to-khai-lltp.html");
    expect(response.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none';/);
  });
});
