import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { revokeToken, rotateToken } from '../../src/tokens/token-service.js';
import { ERROR_SCHEMA, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const BASE = '/provisioning/generic/v2';

function expectScimError(
  response: { status: number; headers: Record<string, unknown>; body: any },
  status: number,
) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/scim+json');
  expect(response.body.schemas).toEqual([ERROR_SCHEMA]);
  expect(response.body.status).toBe(String(status));
  expect(typeof response.body.detail).toBe('string');
}

describe.each(testBackends())('HTTP transport on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('authentication', () => {
    it('answers 401 with WWW-Authenticate without a token', async () => {
      const response = await t.request('GET', `${BASE}/Users`, { token: null });

      expectScimError(response, 401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it('answers 401 for an unknown token', async () => {
      const response = await t.request('GET', `${BASE}/Users/a-0000000000000000`, {
        token: 'rcl_unknown',
      });

      expectScimError(response, 401);
      expect(response.headers['www-authenticate']).toContain('invalid_token');
    });

    it('answers 401 for another authorization scheme', async () => {
      const response = await t.request('GET', `${BASE}/Users/a-0000000000000000`, {
        headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      });

      expectScimError(response, 401);
    });

    it('accepts a doubled Bearer prefix and any scheme case', async () => {
      const doubled = await t.request('GET', `${BASE}/Users/a-0000000000000000`, {
        headers: { authorization: `Bearer Bearer ${t.token}` },
      });
      const lower = await t.request('GET', `${BASE}/Users/a-0000000000000000`, {
        headers: { authorization: `bearer ${t.token}` },
      });

      expect(doubled.status).toBe(404);
      expect(lower.status).toBe(404);
    });

    it('accepts a token on every prefix and marks with its provider', async () => {
      const oktaToken = await t.tokenFor('okta');
      const response = await t.request('POST', '/provisioning/azure/v2/Users', {
        token: oktaToken,
        body: userBody('crossprefix@example.test'),
      });
      const user = await t.app.store.users.find(t.organizationId, response.body.id);

      expect(response.status).toBe(201);
      expect(user!.managedBy).toBe('okta');
    });

    it('stops accepting a rotated-out or revoked token', async () => {
      const secret = await t.tokenFor('generic');
      const tokens = await t.app.store.tokens.list(t.organizationId);
      const token = tokens.at(-1)!;
      const rotated = await rotateToken(t.app, t.organizationId, token.id);
      const old = await t.request('GET', `${BASE}/Users/a-0000000000000000`, { token: secret });
      const fresh = await t.request('GET', `${BASE}/Users/a-0000000000000000`, {
        token: rotated!.secret,
      });
      await revokeToken(t.app, t.organizationId, token.id);
      const revoked = await t.request('GET', `${BASE}/Users/a-0000000000000000`, {
        token: rotated!.secret,
      });

      expectScimError(old, 401);
      expect(fresh.status).toBe(404);
      expectScimError(revoked, 401);
    });

    it('rejects the admin token on SCIM endpoints', async () => {
      const response = await t.request('GET', `${BASE}/Users/a-0000000000000000`, {
        token: t.adminToken,
      });

      expectScimError(response, 401);
    });
  });

  describe('media types and bodies', () => {
    it('accepts application/json with a charset and no Content-Type at all', async () => {
      const json = await t.request('POST', `${BASE}/Users`, {
        body: userBody('json@example.test'),
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
      const untyped = await t.app.server.inject({
        method: 'POST',
        url: `${BASE}/Users`,
        headers: { authorization: `Bearer ${t.token}` },
        payload: JSON.stringify(userBody('untyped@example.test')),
      });

      expect(json.status).toBe(201);
      expect(untyped.statusCode).toBe(201);
    });

    it('answers 415 for another content type', async () => {
      const response = await t.request('POST', `${BASE}/Users`, {
        body: 'userName=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });

      expectScimError(response, 415);
      expect(response.body.detail).toContain('application/x-www-form-urlencoded');
    });

    it('answers 400 invalidSyntax for malformed JSON', async () => {
      const response = await t.request('POST', `${BASE}/Users`, { body: '{"userName": tru' });

      expectScimError(response, 400);
      expect(response.body.scimType).toBe('invalidSyntax');
    });

    it('answers 400 for a body that is not an object', async () => {
      const response = await t.request('POST', `${BASE}/Users`, { body: '[1,2]' });

      expectScimError(response, 400);
    });

    it('answers 413 for a body over the limit', async () => {
      const response = await t.request('POST', `${BASE}/Users`, {
        body: userBody('large@example.test', { title: 'x'.repeat(1024 * 1024 + 1) }),
      });

      expectScimError(response, 413);
    });

    it('ignores unknown query parameters', async () => {
      const response = await t.request('POST', `${BASE}/Users?aadOptscim062020&foo=bar`, {
        body: userBody('query@example.test'),
      });

      expect(response.status).toBe(201);
    });
  });

  describe('routing', () => {
    it('answers 404 as a SCIM error for an unknown path', async () => {
      expectScimError(await t.request('GET', '/nothing/here'), 404);
    });

    it('answers 404 for an unknown provider prefix', async () => {
      expectScimError(await t.request('GET', '/provisioning/onelogin/v2/Users'), 404);
    });

    it('answers 405 with Allow for an unsupported method', async () => {
      const response = await t.request('DELETE', `${BASE}/Users`);

      expectScimError(response, 405);
      expect(response.headers.allow).toBe('GET, POST');
    });

    it('answers 501 on /Me', async () => {
      expectScimError(await t.request('GET', `${BASE}/Me`), 501);
      expectScimError(await t.request('PATCH', `${BASE}/Me`, { body: {} }), 501);
    });

    it('serves endpoint names in any letter case', async () => {
      const created = await t.request('POST', `${BASE}/users`, {
        body: userBody('lower@example.test'),
      });
      const read = await t.request('GET', `${BASE}/USERS/${created.body.id}`);
      const schema = await t.request(
        'GET',
        `${BASE}/schemas/urn:ietf:params:scim:schemas:core:2.0:User`,
        { token: null },
      );

      expect(created.status).toBe(201);
      expect(read.body.id).toBe(created.body.id);
      expect(schema.body.id).toBe('urn:ietf:params:scim:schemas:core:2.0:User');
    });

    it('serves a collection path with a trailing slash', async () => {
      const response = await t.request('POST', `${BASE}/Users/`, {
        body: userBody('slash@example.test'),
      });

      expect(response.status).toBe(201);
    });
  });

  it('writes one summary per request with the error code', async () => {
    await t.request('GET', `${BASE}/Users/a-0000000000000001`);
    const summary = t.requests.at(-1)!;

    expect(summary.status).toBe(404);
    expect(summary.errorCode).toBe('resource_not_found');
    expect(summary.organizationId).toBe(t.organizationId);
    expect(summary.provider).toBe('generic');
    expect(summary.resourceIds).toEqual(['a-0000000000000001']);
  });
});
