import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest } from '../support/admin-api.js';
import { userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

describe.each(testBackends())('admin API access and organizations on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 401 with WWW-Authenticate without a token', async () => {
    const response = await adminRequest(t, 'GET', '/users', { token: null });

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="rolecall-admin"/);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body.error.code).toBe('missing_token');
    expect(response.body.error.message).toContain('Authorization: Bearer');
  });

  it('answers 401 for an unknown token', async () => {
    const response = await adminRequest(t, 'GET', '/users', { token: 'rcl_unknown' });

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_token');
  });

  it('rejects a provisioning token', async () => {
    const response = await adminRequest(t, 'GET', '/users', { token: t.token });

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_token');
  });

  it('rejects a malformed authorization header', async () => {
    const response = await adminRequest(t, 'GET', '/users', {
      token: null,
      headers: { authorization: 'Basic abc' },
    });

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_token');
  });

  it('answers 404 in the admin format for an unknown route', async () => {
    const response = await adminRequest(t, 'GET', '/nothing-here');

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('route_not_found');
    expect(response.body.error.message).toContain('GET /admin/v1/nothing-here');
  });

  it('answers 404 for a method the route does not serve', async () => {
    const response = await adminRequest(t, 'PUT', '/users');

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('route_not_found');
  });

  it('answers 400 in the admin format for malformed JSON', async () => {
    const response = await adminRequest(t, 'POST', '/users', { body: '{"email": ' });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_json');
    expect(response.body.error.message).toContain('not valid JSON');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const response = await adminRequest(t, 'POST', '/roles', {
      body: 'name=Ops',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('unsupported_media_type');
  });

  it('answers 400 for a body that is not an object', async () => {
    const response = await adminRequest(t, 'POST', '/roles', { body: [1, 2] });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_request');
    expect(response.body.error.message).toContain('must be a JSON object');
  });

  it('answers 400 for an invalid managed policy header', async () => {
    const response = await adminRequest(t, 'GET', '/users', {
      headers: { 'x-rolecall-managed': 'ignore' },
    });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('X-Rolecall-Managed');
  });

  it('answers 400 for an out-of-range paging parameter', async () => {
    const response = await adminRequest(t, 'GET', '/users?limit=5000');

    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'Invalid limit parameter "5000": expected an integer from 0 to 500.',
    );
  });

  it("lists only the token's own organization", async () => {
    const response = await adminRequest(t, 'GET', '/organizations');

    expect(response.status).toBe(200);
    expect(response.body.organizations).toHaveLength(1);
    expect(response.body.organizations[0]).toMatchObject({
      id: t.organizationId,
      name: 'Default organization',
    });
  });

  it('reads the organization with its counts', async () => {
    await t.request('POST', '/provisioning/generic/v2/Users', {
      body: userBody('count@example.test'),
    });
    const response = await adminRequest(t, 'GET', `/organizations/${t.organizationId}`);

    expect(response.status).toBe(200);
    expect(response.body.organization.id).toBe(t.organizationId);
    expect(response.body.organization.users).toBeGreaterThanOrEqual(1);
    expect(response.body.organization.roles).toBe(0);
    expect(response.body.organization.liveTokens).toBe(2);
  });

  it('answers 404 for another organization', async () => {
    const response = await adminRequest(t, 'GET', '/organizations/o-0000000000000000');

    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain('Organization o-0000000000000000 not found');
  });

  it('sends no-store on admin responses', async () => {
    const response = await adminRequest(t, 'GET', '/organizations');

    expect(response.headers['cache-control']).toBe('no-store');
  });
});
