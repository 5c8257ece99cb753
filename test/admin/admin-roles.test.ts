import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest } from '../support/admin-api.js';
import { groupBody, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const SCIM = '/provisioning/generic/v2';

describe.each(testBackends())('admin API roles on %s', (dialect) => {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const user = async (email: string) =>
      (
        await adminRequest(t, 'POST', '/users', {
          body: { email, givenName: email.split('@')[0], familyName: 'Example' },
        })
      ).body.user.id as string;
    alice = await user('alice@example.test');
    bob = await user('bob@example.test');
  });

  afterAll(async () => {
    await t.close();
  });

  async function createRole(name: string) {
    const response = await adminRequest(t, 'POST', '/roles', { body: { name } });
    expect(response.status).toBe(201);
    return response.body.role as { id: string; name: string };
  }

  async function scimRole(name: string, members: string[] = []) {
    const response = await t.request('POST', `${SCIM}/Groups`, {
      body: groupBody(name, { members: members.map((value) => ({ value })) }),
    });
    expect(response.status).toBe(201);
    return response.body as { id: string };
  }

  it('creates an unmanaged role that SCIM serves as a group', async () => {
    const role = await createRole('Engineering');
    const scim = await t.request('GET', `${SCIM}/Groups/${role.id}`);

    expect(role).toMatchObject({ name: 'Engineering', managedBy: null, memberCount: 0 });
    expect(role.id).toMatch(/^r-[0-9a-f]{16}$/);
    expect(scim.status).toBe(200);
    expect(scim.body.displayName).toBe('Engineering');
    expect(scim.headers.etag).toBe('W/"1"');
  });

  it('rejects a role name taken in another case with 409', async () => {
    const existing = await createRole('Finance');
    const response = await adminRequest(t, 'POST', '/roles', { body: { name: 'FINANCE' } });

    expect(response.status).toBe(409);
    expect(response.body.error.message).toBe(
      `Role name "FINANCE" is already used by role ${existing.id} (role names are unique per organization, ignoring case). Choose another name.`,
    );
  });

  it('rejects a role without a name', async () => {
    const missing = await adminRequest(t, 'POST', '/roles', { body: {} });
    const blank = await adminRequest(t, 'POST', '/roles', { body: { name: '  ' } });

    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('Missing "name"');
    expect(blank.status).toBe(400);
  });

  it('renames a role and moves its SCIM version', async () => {
    const role = await createRole('Old name');
    const response = await adminRequest(t, 'PATCH', `/roles/${role.id}`, {
      body: { name: 'New name' },
    });
    const scim = await t.request('GET', `${SCIM}/Groups/${role.id}`);

    expect(response.status).toBe(200);
    expect(response.body.role.name).toBe('New name');
    expect(response.body.warnings).toEqual([]);
    expect(scim.body.displayName).toBe('New name');
    expect(scim.headers.etag).toBe('W/"2"');
  });

  it('renames a role to another case of its own name', async () => {
    const role = await createRole('casing');
    const response = await adminRequest(t, 'PATCH', `/roles/${role.id}`, {
      body: { name: 'Casing' },
    });

    expect(response.status).toBe(200);
    expect(response.body.role.name).toBe('Casing');
  });

  it('rejects a rename to a taken name', async () => {
    await createRole('Taken');
    const role = await createRole('Free');
    const response = await adminRequest(t, 'PATCH', `/roles/${role.id}`, {
      body: { name: 'taken' },
    });

    expect(response.status).toBe(409);
  });

  it('renames a managed role with a warning, or rejects under the reject policy', async () => {
    const role = await scimRole('Synced');
    const rejected = await adminRequest(t, 'PATCH', `/roles/${role.id}`, {
      body: { name: 'Renamed' },
      headers: { 'x-rolecall-managed': 'reject' },
    });
    const renamed = await adminRequest(t, 'PATCH', `/roles/${role.id}`, {
      body: { name: 'Renamed' },
    });

    expect(rejected.status).toBe(409);
    expect(rejected.body.error.message).toContain(`Role ${role.id} is managed by generic`);
    expect(renamed.status).toBe(200);
    expect(renamed.body.warnings).toEqual([
      {
        code: 'managed',
        message: `Role ${role.id} is managed by generic: the next sync from generic may revert this rename.`,
      },
    ]);
  });

  it('adds and removes members as set operations', async () => {
    const role = await createRole('Members');
    const added = await adminRequest(t, 'POST', `/roles/${role.id}/members`, {
      body: { add: [alice, bob] },
    });
    const again = await adminRequest(t, 'POST', `/roles/${role.id}/members`, {
      body: { add: [alice] },
    });
    const removed = await adminRequest(t, 'POST', `/roles/${role.id}/members`, {
      body: { remove: [bob] },
    });
    const scim = await t.request('GET', `${SCIM}/Groups/${role.id}`);

    expect(added.status).toBe(200);
    expect(added.body.added).toEqual([alice, bob]);
    expect(added.body.role.memberCount).toBe(2);
    expect(again.body.changed).toBe(false);
    expect(again.body.role.version).toBe(2);
    expect(removed.body.removed).toEqual([bob]);
    expect(removed.body.role.memberCount).toBe(1);
    expect(scim.body.members.map((member: { value: string }) => member.value)).toEqual([alice]);
    expect(scim.headers.etag).toBe('W/"3"');
  });

  it('does not mark users an administrator adds', async () => {
    const role = await createRole('No marking');
    await adminRequest(t, 'POST', `/roles/${role.id}/members`, { body: { add: [alice] } });
    const user = await adminRequest(t, 'GET', `/users/${alice}`);

    expect(user.body.user.managedBy).toBeNull();
  });

  it('lists members in pages ordered by userName', async () => {
    const role = await createRole('Listed');
    await adminRequest(t, 'POST', `/roles/${role.id}/members`, { body: { add: [bob, alice] } });
    const first = await adminRequest(t, 'GET', `/roles/${role.id}/members?limit=1`);
    const second = await adminRequest(t, 'GET', `/roles/${role.id}/members?limit=1&offset=1`);

    expect(first.body.total).toBe(2);
    expect(first.body.members).toEqual([
      {
        id: alice,
        userName: 'alice@example.test',
        displayName: 'alice Example',
        email: 'alice@example.test',
        suspended: false,
        managedBy: null,
      },
    ]);
    expect(second.body.members[0].id).toBe(bob);
  });

  it.each([
    [{ add: ['nobody'] }, 400, 'Invalid member id "nobody"'],
    [{ add: ['r-0000000000000000'] }, 400, 'roles contain users only'],
    [{ add: ['a-0000000000000000'] }, 404, 'User a-0000000000000000 not found'],
    [{ remove: ['a-0000000000000000'] }, 404, 'User a-0000000000000000 not found'],
    [{}, 400, 'Name at least one user id'],
    [
      { add: 'a-0000000000000000', remove: ['a-0000000000000000'] },
      400,
      'both in "add" and in "remove"',
    ],
    [{ add: [1] }, 400, 'Invalid "add" [1]'],
  ])('rejects an invalid membership change %#', async (body, status, message) => {
    const role = await createRole(`Invalid members ${JSON.stringify(body)}`);
    const response = await adminRequest(t, 'POST', `/roles/${role.id}/members`, { body });

    expect(response.status).toBe(status);
    expect(response.body.error.message).toContain(message);
  });

  it('changes members of a managed role with a warning, or rejects them', async () => {
    const role = await scimRole('Synced members', [alice]);
    const rejected = await adminRequest(t, 'POST', `/roles/${role.id}/members`, {
      body: { add: [bob] },
      headers: { 'x-rolecall-managed': 'reject' },
    });
    const changed = await adminRequest(t, 'POST', `/roles/${role.id}/members`, {
      body: { add: [bob] },
    });

    expect(rejected.status).toBe(409);
    expect(changed.status).toBe(200);
    expect(changed.body.added).toEqual([bob]);
    expect(changed.body.warnings[0].message).toContain('may revert this membership change');
  });

  it('deletes a role, warning when it is managed', async () => {
    const plain = await createRole('Delete me');
    const managed = await scimRole('Delete synced');
    const deletedPlain = await adminRequest(t, 'DELETE', `/roles/${plain.id}`);
    const rejected = await adminRequest(t, 'DELETE', `/roles/${managed.id}`, {
      headers: { 'x-rolecall-managed': 'reject' },
    });
    const deletedManaged = await adminRequest(t, 'DELETE', `/roles/${managed.id}`);
    const scim = await t.request('GET', `${SCIM}/Groups/${plain.id}`);

    expect(deletedPlain.body).toEqual({ deleted: { kind: 'Role', id: plain.id }, warnings: [] });
    expect(rejected.status).toBe(409);
    expect(deletedManaged.body.warnings).toHaveLength(1);
    expect(scim.status).toBe(404);
  });

  it('lists roles with member counts and filters', async () => {
    const role = await scimRole('Counted', [alice, bob]);
    const all = await adminRequest(t, 'GET', '/roles?q=count');
    const managed = await adminRequest(t, 'GET', '/roles?managedBy=generic&limit=500');
    const unmanaged = await adminRequest(t, 'GET', '/roles?managedBy=none&limit=500');

    expect(all.body.total).toBe(1);
    expect(all.body.roles[0]).toMatchObject({ id: role.id, memberCount: 2, managedBy: 'generic' });
    expect(managed.body.roles.map((item: { id: string }) => item.id)).toContain(role.id);
    expect(unmanaged.body.roles.map((item: { id: string }) => item.id)).not.toContain(role.id);
  });

  it('answers 404 for an unknown role', async () => {
    for (const [method, path] of [
      ['GET', '/roles/r-0000000000000000'],
      ['GET', '/roles/r-0000000000000000/members'],
      ['DELETE', '/roles/r-0000000000000000'],
    ] as const) {
      const response = await adminRequest(t, method, path);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const rename = await adminRequest(t, 'PATCH', '/roles/r-0000000000000000', {
      body: { name: 'X' },
    });
    expect(rename.status).toBe(404);
  });

  it('keeps the SCIM group readable after admin changes', async () => {
    const user = await t.request('POST', `${SCIM}/Users`, { body: userBody('scim@example.test') });
    const role = await createRole('Mixed');
    await adminRequest(t, 'POST', `/roles/${role.id}/members`, { body: { add: [user.body.id] } });
    const scimUser = await t.request('GET', `${SCIM}/Users/${user.body.id}`);

    expect(scimUser.body.groups).toEqual([
      {
        value: role.id,
        display: 'Mixed',
        $ref: `https://scim.example.test${SCIM}/Groups/${role.id}`,
      },
    ]);
  });
});
