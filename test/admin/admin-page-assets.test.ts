import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../support/test-app.js';

describe('admin page files', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });

  afterAll(async () => {
    await t.close();
  });

  /** Fetches a page file; the test app's own helper would parse the body as JSON. */
  async function get(path: string) {
    const response = await t.app.server.inject({ method: 'GET', url: path });
    return { status: response.statusCode, headers: response.headers, text: response.body };
  }

  it('serves the page at /admin with a strict content security policy', async () => {
    const response = await get('/admin');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.text).toContain('<script type="module" src="admin/assets/main.js">');
  });

  it('names files relative to /admin', async () => {
    const response = await get('/admin');
    const links = [...response.text.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((match) => match[1]!)
      .filter((link) => !link.startsWith('data:') && !link.startsWith('#'));
    const page = 'https://proxy.example.test/rolecall/admin';

    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(new URL(link, page).pathname, link).toMatch(/^\/rolecall\/admin\/assets\//);
    }
  });

  it('redirects /admin/ relatively', async () => {
    const response = await get('/admin/');

    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('../admin');
  });

  it('serves scripts and styles with their types', async () => {
    const script = await get('/admin/assets/main.js');
    const style = await get('/admin/assets/admin.css');

    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for files it does not have, including paths outside its folder', async () => {
    for (const path of [
      '/admin/assets/missing.js',
      '/admin/assets/..%2F..%2Fapp.ts',
      '/admin/assets/%2e%2e%2fadmin-page.ts',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
    }
  });

  it('does not record page loads in the activity log', async () => {
    await get('/admin');
    await t.app.activity.recorder.flush();
    const entries = await t.app.activity.repository.list(t.organizationId, {}, 100, undefined);

    expect(entries.filter((entry) => entry.path.startsWith('/admin/assets'))).toEqual([]);
    expect(entries.filter((entry) => entry.path === '/admin')).toEqual([]);
  });
});
