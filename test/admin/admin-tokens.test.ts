import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest } from '../support/admin-api.js';
import { userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const SCIM = '/provisioning/okta/v2';

describe.each(testBackends())('admin API tokens on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });

  afterAll(async () => {
    await t.close();
  });

  function scimCreate(token: string, userName: string) {
    return t.request('POST', `${SCIM}/Users`, { body: userBody(userName), token });
  }

  it('creates a provisioning token whose secret works once shown', async () => {
    const response = await adminRequest(t, 'POST', '/tokens', {
      body: { provider: 'okta', label: 'Okta production' },
    });
    const created = await scimCreate(response.body.secret, 'token-user@example.test');
    const user = await adminRequest(t, 'GET', `/users/${created.body.id}`);

    expect(response.status).toBe(201);
    expect(response.body.secret).toMatch(/^rcl_/);
    expect(response.body.token).toMatchObject({
      kind: 'provisioning',
      provider: 'okta',
      label: 'Okta production',
      secretEndsWith: response.body.secret.slice(-4),
      revoked: null,
    });
    expect(created.status).toBe(201);
    expect(user.body.user.managedBy).toBe('okta');
  });

  it('lists tokens without secrets or hashes', async () => {
    const created = await adminRequest(t, 'POST', '/tokens', { body: { provider: 'azure' } });
    const response = await adminRequest(t, 'GET', '/tokens');

    expect(response.status).toBe(200);
    expect(response.body.tokens.map((token: { id: string }) => token.id)).toContain(
      created.body.token.id,
    );
    expect(response.text).not.toContain(created.body.secret);
    expect(response.text).not.toContain('secretHash');
    expect(response.body.tokens[0]).toHaveProperty('lastUsed');
  });

  it('rotates a token: the old secret stops working', async () => {
    const created = await adminRequest(t, 'POST', '/tokens', { body: { provider: 'okta' } });
    const rotated = await adminRequest(t, 'POST', `/tokens/${created.body.token.id}/rotate`);

    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect((await scimCreate(created.body.secret, 'rotated-old@example.test')).status).toBe(401);
    expect((await scimCreate(rotated.body.secret, 'rotated-new@example.test')).status).toBe(201);
  });

  it('revokes a token and rejects revoking or rotating it again', async () => {
    const created = await adminRequest(t, 'POST', '/tokens', { body: { provider: 'okta' } });
    const id = created.body.token.id;
    const revoked = await adminRequest(t, 'POST', `/tokens/${id}/revoke`);
    const again = await adminRequest(t, 'POST', `/tokens/${id}/revoke`);
    const rotate = await adminRequest(t, 'POST', `/tokens/${id}/rotate`);

    expect(revoked.status).toBe(200);
    expect(revoked.body.token.revoked).not.toBeNull();
    expect((await scimCreate(created.body.secret, 'revoked@example.test')).status).toBe(401);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('token_revoked');
    expect(rotate.status).toBe(409);
  });

  it('creates admin tokens that open the admin API', async () => {
    const created = await adminRequest(t, 'POST', '/tokens', {
      body: { kind: 'admin', label: 'CI' },
    });
    const response = await adminRequest(t, 'GET', '/users', { token: created.body.secret });
    const scim = await scimCreate(created.body.secret, 'admin-token@example.test');

    expect(created.status).toBe(201);
    expect(created.body.token).toMatchObject({ kind: 'admin', provider: null });
    expect(response.status).toBe(200);
    expect(scim.status).toBe(401);
  });

  it("refuses to revoke the organization's last admin token", async () => {
    const list = await adminRequest(t, 'GET', '/tokens');
    const admins = list.body.tokens.filter(
      (token: { kind: string; revoked: string | null }) =>
        token.kind === 'admin' && token.revoked === null,
    );
    const ownId = admins[0].id;
    for (const token of admins.slice(1)) {
      expect((await adminRequest(t, 'POST', `/tokens/${token.id}/revoke`)).status).toBe(200);
    }
    const response = await adminRequest(t, 'POST', `/tokens/${ownId}/revoke`);

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('last_admin_token');
    expect(response.body.error.message).toContain('Create another admin token first');
  });

  it.each([
    [{}, 'Invalid provider null: expected one of generic, okta, azure'],
    [{ provider: 'ping' }, 'Invalid provider "ping"'],
    [{ kind: 'root', provider: 'okta' }, 'Invalid kind "root"'],
    [{ kind: 'admin', provider: 'okta' }, 'Admin tokens have no provider'],
    [{ provider: 'okta', secret: 'mine' }, 'Unknown field "secret"'],
  ])('rejects an invalid token request %#', async (body, message) => {
    const response = await adminRequest(t, 'POST', '/tokens', { body });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });

  it('answers 404 for an unknown token', async () => {
    const rotate = await adminRequest(t, 'POST', '/tokens/t-0000000000000000/rotate');
    const revoke = await adminRequest(t, 'POST', '/tokens/t-0000000000000000/revoke');

    expect(rotate.status).toBe(404);
    expect(revoke.status).toBe(404);
  });
});
