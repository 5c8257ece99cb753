import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest } from '../support/admin-api.js';
import { groupBody, patchBody, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const OKTA = '/provisioning/okta/v2';
const GENERIC = '/provisioning/generic/v2';

describe.each(testBackends())('managed marking through the admin API on %s', (dialect) => {
  let t: TestApp;
  let okta: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    okta = await t.tokenFor('okta');
  });

  afterAll(async () => {
    await t.close();
  });

  async function scimUser(userName: string, extra: Record<string, unknown> = {}) {
    const response = await t.request('POST', `${OKTA}/Users`, {
      body: userBody(userName, extra),
      token: okta,
    });
    expect(response.status).toBe(201);
    return response.body as { id: string };
  }

  async function adminUser(id: string) {
    return (await adminRequest(t, 'GET', `/users/${id}`)).body.user;
  }

  it('marks a user a SCIM request creates', async () => {
    const user = await scimUser('created@example.test');

    expect((await adminUser(user.id)).managedBy).toBe('okta');
  });

  it('marks with the token provider, not the URL prefix', async () => {
    const response = await t.request('POST', `${GENERIC}/Users`, {
      body: userBody('prefix@example.test'),
      token: okta,
    });

    expect((await adminUser(response.body.id)).managedBy).toBe('okta');
  });

  it('does not mark on a SCIM read', async () => {
    const created = await adminRequest(t, 'POST', '/users', {
      body: { email: 'read-only@example.test', givenName: 'R', familyName: 'O' },
    });
    const id = created.body.user.id;
    await t.request('GET', `${OKTA}/Users/${id}`, { token: okta });

    expect((await adminUser(id)).managedBy).toBeNull();
  });

  it('marks a user a SCIM group request names as a member', async () => {
    const created = await adminRequest(t, 'POST', '/users', {
      body: { email: 'named@example.test', givenName: 'N', familyName: 'M' },
    });
    const id = created.body.user.id;
    const group = await t.request('POST', `${OKTA}/Groups`, {
      body: groupBody('Named members', { members: [{ value: id }] }),
      token: okta,
    });
    const role = await adminRequest(t, 'GET', `/roles/${group.body.id}`);

    expect((await adminUser(id)).managedBy).toBe('okta');
    expect(role.body.role.managedBy).toBe('okta');
  });

  it('clears the marking when the admin API suspends', async () => {
    const user = await scimUser('admin-suspend@example.test');
    const response = await adminRequest(t, 'POST', `/users/${user.id}/suspend`);

    expect(response.status).toBe(200);
    expect(response.body.user.suspended).toBe(true);
    expect(response.body.user.managedBy).toBeNull();
    expect((await adminUser(user.id)).managedBy).toBeNull();
  });

  it('does not mark again on admin reactivation', async () => {
    const user = await scimUser('admin-reactivate@example.test');
    await adminRequest(t, 'POST', `/users/${user.id}/suspend`);
    const response = await adminRequest(t, 'POST', `/users/${user.id}/reactivate`);

    expect(response.body.user.suspended).toBe(false);
    expect(response.body.user.managedBy).toBeNull();
  });

  it('marks again when SCIM reactivates', async () => {
    const user = await scimUser('scim-reactivate@example.test');
    await adminRequest(t, 'POST', `/users/${user.id}/suspend`);
    const response = await t.request('PUT', `${OKTA}/Users/${user.id}`, {
      body: userBody('scim-reactivate@example.test', { active: true }),
      token: okta,
    });

    expect(response.status).toBe(200);
    expect(response.body.active).toBe(true);
    expect((await adminUser(user.id)).managedBy).toBe('okta');
  });

  it('marks again when a SCIM PATCH reactivates', async () => {
    const user = await scimUser('patch-reactivate@example.test');
    await adminRequest(t, 'POST', `/users/${user.id}/suspend`);
    const response = await t.request('PATCH', `${OKTA}/Users/${user.id}`, {
      body: patchBody({ op: 'replace', value: { active: true } }),
      token: okta,
    });

    expect(response.status).toBe(200);
    expect((await adminUser(user.id)).managedBy).toBe('okta');
  });

  it('clears the marking when a SCIM PATCH suspends', async () => {
    const user = await scimUser('patch-suspend@example.test');
    await t.request('PATCH', `${OKTA}/Users/${user.id}`, {
      body: patchBody({ op: 'replace', path: 'active', value: false }),
      token: okta,
    });

    expect((await adminUser(user.id)).managedBy).toBeNull();
  });

  it('marks a user a SCIM PATCH adds to a group', async () => {
    const created = await adminRequest(t, 'POST', '/users', {
      body: { email: 'patched-member@example.test', givenName: 'P', familyName: 'M' },
    });
    const role = await adminRequest(t, 'POST', '/roles', { body: { name: 'Patched group' } });
    const response = await t.request('PATCH', `${OKTA}/Groups/${role.body.role.id}`, {
      body: patchBody({ op: 'add', path: 'members', value: [{ value: created.body.user.id }] }),
      token: okta,
    });
    const after = await adminRequest(t, 'GET', `/roles/${role.body.role.id}`);

    expect(response.status).toBeLessThan(300);
    expect((await adminUser(created.body.user.id)).managedBy).toBe('okta');
    expect(after.body.role.managedBy).toBe('okta');
  });

  it('clears the marking when SCIM suspends', async () => {
    const user = await scimUser('scim-suspend@example.test');
    await t.request('PUT', `${OKTA}/Users/${user.id}`, {
      body: userBody('scim-suspend@example.test', { active: false }),
      token: okta,
    });

    const stored = await adminUser(user.id);
    expect(stored.suspended).toBe(true);
    expect(stored.managedBy).toBeNull();
  });

  it('applies an edit of a managed user with a warning', async () => {
    const user = await scimUser('warned@example.test');
    const response = await adminRequest(t, 'PATCH', `/users/${user.id}`, {
      body: { givenName: 'Renamed' },
    });

    expect(response.status).toBe(200);
    expect(response.body.user.givenName).toBe('Renamed');
    expect(response.body.user.managedBy).toBe('okta');
    expect(response.body.warnings).toEqual([
      {
        code: 'managed',
        message: `User ${user.id} is managed by okta: the next sync from okta may revert this rename.`,
      },
    ]);
  });

  it('names an email change in the warning', async () => {
    const user = await scimUser('warned-email@example.test');
    const response = await adminRequest(t, 'PATCH', `/users/${user.id}`, {
      body: { email: 'moved@example.test' },
    });

    expect(response.body.warnings[0].message).toContain('may revert this email change');
  });

  it('rejects an edit of a managed user under the reject policy', async () => {
    const user = await scimUser('rejected@example.test');
    const response = await adminRequest(t, 'PATCH', `/users/${user.id}`, {
      body: { familyName: 'Changed' },
      headers: { 'x-rolecall-managed': 'reject' },
    });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('managed_resource');
    expect(response.body.error.message).toContain(`User ${user.id} is managed by okta`);
    expect((await adminUser(user.id)).familyName).toBe('Example');
  });

  it('allows a permission level change on a managed user without a warning', async () => {
    const user = await scimUser('level-managed@example.test');
    const response = await adminRequest(t, 'PATCH', `/users/${user.id}`, {
      body: { permissionLevel: 'auditor' },
      headers: { 'x-rolecall-managed': 'reject' },
    });

    expect(response.status).toBe(200);
    expect(response.body.warnings).toEqual([]);
    expect(response.body.user.permissionLevel).toBe('auditor');
  });

  it('never lets SCIM change a permission level', async () => {
    const user = await scimUser('level-scim@example.test');
    await adminRequest(t, 'PATCH', `/users/${user.id}`, { body: { permissionLevel: 'admin' } });
    const put = await t.request('PUT', `${OKTA}/Users/${user.id}`, {
      body: userBody('level-scim@example.test', { permissionLevel: 'user', userType: 'Admin' }),
      token: okta,
    });
    const patch = await t.request('PATCH', `${OKTA}/Users/${user.id}`, {
      body: patchBody(
        { op: 'replace', path: 'permissionLevel', value: 'user' },
        { op: 'replace', value: { permissionLevel: 'user' } },
      ),
      token: okta,
    });
    const created = await scimUser('level-created@example.test', { permissionLevel: 'admin' });

    expect(put.status).toBe(200);
    expect(patch.status).not.toBe(500);
    expect(put.body.permissionLevel).toBeUndefined();
    expect((await adminUser(user.id)).permissionLevel).toBe('admin');
    expect((await adminUser(created.id)).permissionLevel).toBe('user');
  });

  it('deletes a managed user with a warning, or rejects under the reject policy', async () => {
    const user = await scimUser('delete-managed@example.test');
    const rejected = await adminRequest(t, 'DELETE', `/users/${user.id}`, {
      headers: { 'x-rolecall-managed': 'reject' },
    });
    const deleted = await adminRequest(t, 'DELETE', `/users/${user.id}`);

    expect(rejected.status).toBe(409);
    expect(deleted.status).toBe(200);
    expect(deleted.body.warnings[0].message).toContain('may revert this deletion');
  });

  it('suspends a managed user under the reject policy', async () => {
    const user = await scimUser('suspend-policy@example.test');
    const response = await adminRequest(t, 'POST', `/users/${user.id}/suspend`, {
      headers: { 'x-rolecall-managed': 'reject' },
    });

    expect(response.status).toBe(200);
    expect(response.body.user.managedBy).toBeNull();
  });
});
