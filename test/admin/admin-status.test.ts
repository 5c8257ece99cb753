import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest } from '../support/admin-api.js';
import { userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

interface ProviderStatus {
  provider: string;
  activeTokens: number;
  lastRequest: string | null;
  requests: number;
  clientErrors: number;
  serverErrors: number;
  errorRate: number | null;
  lastError: { status: number; detail: string | null } | null;
}

describe.each(testBackends())('admin API provisioning status on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const okta = await t.tokenFor('okta');
    await t.tokenFor('okta');
    for (const userName of ['s1@example.test', 's2@example.test', 's3@example.test']) {
      await t.request('POST', '/provisioning/okta/v2/Users', {
        body: userBody(userName),
        token: okta,
      });
    }
    await t.request('POST', '/provisioning/okta/v2/Users', {
      body: userBody('S1@example.test'),
      token: okta,
    });
  });

  afterAll(async () => {
    await t.close();
  });

  async function status(query = ''): Promise<ProviderStatus[]> {
    const response = await adminRequest(t, 'GET', `/status${query}`);
    expect(response.status).toBe(200);
    return response.body.providers;
  }

  it('counts requests and errors per provider', async () => {
    const okta = (await status()).find((item) => item.provider === 'okta')!;

    expect(okta.activeTokens).toBe(2);
    expect(okta.requests).toBe(4);
    expect(okta.clientErrors).toBe(1);
    expect(okta.serverErrors).toBe(0);
    expect(okta.errorRate).toBe(0.25);
    expect(okta.lastRequest).not.toBeNull();
    expect(okta.lastError).toMatchObject({
      status: 409,
      detail: 'One or more of the attribute values are already in use or are reserved.',
    });
  });

  it('lists every built-in provider, with or without traffic', async () => {
    const providers = await status();
    const azure = providers.find((item) => item.provider === 'azure')!;

    expect(providers.map((item) => item.provider)).toEqual(
      expect.arrayContaining(['generic', 'okta', 'azure']),
    );
    expect(azure).toMatchObject({ activeTokens: 0, requests: 0, errorRate: null, lastError: null });
  });

  it('reports the window it counted', async () => {
    const response = await adminRequest(t, 'GET', '/status?window=1h');
    const since = Date.parse(response.body.window.since);
    const until = Date.parse(response.body.window.until);

    expect(until - since).toBe(60 * 60 * 1000);
  });

  it('rejects an invalid window', async () => {
    const response = await adminRequest(t, 'GET', '/status?window=soon');

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('Invalid window "soon"');
  });
});
