import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

describe.each(testBackends())('internal errors on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });

  afterAll(async () => {
    await t.close();
  });

  it('reports health while the database answers', async () => {
    const response = await t.app.server.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });

  it('answers 500 with only the request id when the database is gone', async () => {
    await t.app.database.close();
    const response = await t.request('GET', '/provisioning/generic/v2/Users/a-0000000000000000');
    const summary = t.requests.at(-1)!;

    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toBe('application/scim+json');
    expect(response.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      detail: `An internal error occurred. Quote request id ${summary.requestId} when reporting it.`,
      status: '500',
    });
    expect(summary.errorCode).toBe('internal_error');
  });

  it('reports 503 health when the database is gone', async () => {
    const response = await t.app.server.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
  });
});
