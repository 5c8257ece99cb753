import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createToken } from '../../src/tokens/token-service.js';
import { adminRequest, flushActivity } from '../support/admin-api.js';
import { userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

describe.each(testBackends())('organization isolation in the admin API on %s', (dialect) => {
  let t: TestApp;
  let otherAdmin: string;
  let userId: string;
  let roleId: string;
  let tokenId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const other = { id: 'o-00000000000000aa', name: 'Other', created: new Date().toISOString() };
    await t.app.store.organizations.insert(other);
    otherAdmin = (
      await createToken(t.app, {
        organizationId: other.id,
        kind: 'admin',
        provider: null,
        label: null,
      })
    ).secret;
    const user = await t.request('POST', '/provisioning/generic/v2/Users', {
      body: userBody('first-org@example.test'),
    });
    userId = user.body.id;
    const role = await adminRequest(t, 'POST', '/roles', { body: { name: 'First org role' } });
    roleId = role.body.role.id;
    const tokens = await adminRequest(t, 'GET', '/tokens');
    tokenId = tokens.body.tokens[0].id;
  });

  afterAll(async () => {
    await t.close();
  });

  function asOther(method: string, path: string, body?: unknown) {
    return adminRequest(t, method, path, { token: otherAdmin, body });
  }

  it('lists only its own users, roles, tokens and organization', async () => {
    const users = await asOther('GET', '/users');
    const roles = await asOther('GET', '/roles');
    const tokens = await asOther('GET', '/tokens');
    const organizations = await asOther('GET', '/organizations');

    expect(users.body.total).toBe(0);
    expect(roles.body.total).toBe(0);
    expect(tokens.body.tokens.map((token: { id: string }) => token.id)).not.toContain(tokenId);
    expect(organizations.body.organizations.map((item: { id: string }) => item.id)).toEqual([
      'o-00000000000000aa',
    ]);
  });

  it("answers 404 for another organization's resources", async () => {
    const checks: [string, string, unknown][] = [
      ['GET', `/users/${userId}`, undefined],
      ['PATCH', `/users/${userId}`, { givenName: 'X' }],
      ['POST', `/users/${userId}/suspend`, undefined],
      ['DELETE', `/users/${userId}`, undefined],
      ['GET', `/roles/${roleId}`, undefined],
      ['POST', `/roles/${roleId}/members`, { add: [userId] }],
      ['POST', `/tokens/${tokenId}/revoke`, undefined],
      ['GET', `/organizations/${t.organizationId}`, undefined],
    ];
    for (const [method, path, body] of checks) {
      const response = await asOther(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const user = await adminRequest(t, 'GET', `/users/${userId}`);
    expect(user.body.user.suspended).toBe(false);
  });

  it("rejects adding another organization's user to its own role", async () => {
    const role = await asOther('POST', '/roles', { name: 'Other role' });
    const response = await asOther('POST', `/roles/${role.body.role.id}/members`, {
      add: [userId],
    });

    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain(`User ${userId} not found`);
  });

  it("does not show another organization's activity", async () => {
    const own = await adminRequest(t, 'GET', `/activity?resourceId=${userId}`);
    const other = await asOther('GET', `/activity?resourceId=${userId}`);
    const entry = await asOther('GET', `/activity/${own.body.entries[0].id}`);

    const ownIds = own.body.entries.map((item: { id: string }) => item.id);
    const otherEntries: { id: string; source: string; status: number }[] = other.body.entries;

    expect(ownIds.length).toBeGreaterThan(0);
    // The other organization's log contains only its own rejected requests naming the id.
    expect(otherEntries.filter((item) => ownIds.includes(item.id))).toEqual([]);
    expect(otherEntries.every((item) => item.source === 'admin' && item.status === 404)).toBe(true);
    expect(entry.status).toBe(404);
  });

  it('drops requests without an organization once there are several', async () => {
    await t.request('POST', '/provisioning/generic/v2/Users', {
      body: userBody('nobody@example.test'),
      token: 'rcl_unknown',
    });
    await flushActivity(t);
    const first = await adminRequest(t, 'GET', '/activity?status=401');
    const second = await asOther('GET', '/activity?status=401');

    expect(first.body.entries).toEqual([]);
    expect(second.body.entries).toEqual([]);
  });
});
