import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest } from '../support/admin-api.js';
import { groupBody, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const SCIM = '/provisioning/generic/v2';

describe.each(testBackends())('admin API users on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });

  afterAll(async () => {
    await t.close();
  });

  async function createUser(email: string, extra: Record<string, unknown> = {}) {
    const response = await adminRequest(t, 'POST', '/users', {
      body: { email, givenName: 'Ada', familyName: 'Lovelace', ...extra },
    });
    expect(response.status).toBe(201);
    return response.body.user;
  }

  it('creates an unmanaged user with SCIM defaults', async () => {
    const response = await adminRequest(t, 'POST', '/users', {
      body: { email: 'ada@example.test', givenName: 'Ada', familyName: 'Lovelace' },
    });
    const id = response.body.user.id;
    const scim = await t.request('GET', `${SCIM}/Users/${id}`);

    expect(response.status).toBe(201);
    expect(response.body.warnings).toEqual([]);
    expect(response.body.user).toMatchObject({
      userName: 'ada@example.test',
      email: 'ada@example.test',
      displayName: 'Ada Lovelace',
      suspended: false,
      permissionLevel: 'user',
      managedBy: null,
      version: 1,
    });
    expect(id).toMatch(/^a-[0-9a-f]{16}$/);
    expect(scim.status).toBe(200);
    expect(scim.body.userName).toBe('ada@example.test');
    expect(scim.body.name).toEqual({
      givenName: 'Ada',
      familyName: 'Lovelace',
      formatted: 'Ada Lovelace',
    });
    expect(scim.body.emails).toEqual([{ value: 'ada@example.test', primary: true }]);
    expect(scim.body.active).toBe(true);
    expect(scim.body.meta.version).toBe('W/"1"');
  });

  it('creates a user with its own userName and permission level', async () => {
    const user = await createUser('grace@example.test', {
      userName: 'grace',
      permissionLevel: 'auditor',
      displayName: 'Amazing Grace',
    });

    expect(user.userName).toBe('grace');
    expect(user.email).toBe('grace@example.test');
    expect(user.permissionLevel).toBe('auditor');
    expect(user.displayName).toBe('Amazing Grace');
  });

  it('rejects a userName taken in another case with 409', async () => {
    await createUser('taken@example.test');
    const response = await adminRequest(t, 'POST', '/users', {
      body: { email: 'TAKEN@example.test', givenName: 'A', familyName: 'B' },
    });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('uniqueness');
    expect(response.body.error.message).toContain(
      '"TAKEN@example.test" is already used by user a-',
    );
  });

  it('rejects an email taken by another userName with 409', async () => {
    await createUser('shared@example.test', { userName: 'first-owner' });
    const response = await adminRequest(t, 'POST', '/users', {
      body: {
        email: 'Shared@example.test',
        userName: 'second-owner',
        givenName: 'A',
        familyName: 'B',
      },
    });

    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain('Email "Shared@example.test" is already used');
  });

  it.each([
    [{ givenName: 'A', familyName: 'B' }, 'Missing "email"'],
    [{ email: 'x@example.test', familyName: 'B' }, 'Missing "givenName"'],
    [{ email: 'not-an-email', givenName: 'A', familyName: 'B' }, 'Invalid email "not-an-email"'],
    [{ email: 'x@example.test', givenName: ' ', familyName: 'B' }, 'Invalid "givenName" " "'],
    [
      { email: 'x@example.test', givenName: 'A', familyName: 'B', admin: true },
      'Unknown field "admin"',
    ],
    [
      { email: 'x@example.test', givenName: 'A', familyName: 'B', permissionLevel: 'root' },
      'Invalid permissionLevel "root": expected one of user, auditor, database-admin, admin',
    ],
  ])('rejects an invalid create body %#', async (body, message) => {
    const response = await adminRequest(t, 'POST', '/users', { body });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });

  it('reads a user with its roles and SCIM attributes', async () => {
    const user = await createUser('reader@example.test');
    const role = await t.request('POST', `${SCIM}/Groups`, {
      body: groupBody('Readers', { members: [{ value: user.id }] }),
    });
    const response = await adminRequest(t, 'GET', `/users/${user.id}`);

    expect(response.status).toBe(200);
    expect(response.body.user.roles).toEqual([{ id: role.body.id, name: 'Readers' }]);
    expect(response.body.user.scimAttributes.userName).toBe('reader@example.test');
  });

  it('answers 404 naming an unknown user id', async () => {
    const response = await adminRequest(t, 'GET', '/users/a-0000000000000000');

    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe(
      'User a-0000000000000000 not found in this organization. Check the id against the list endpoint.',
    );
  });

  it('lists users in pages ordered by userName', async () => {
    for (const name of ['page-c', 'page-a', 'page-b']) await createUser(`${name}@example.test`);
    const first = await adminRequest(t, 'GET', '/users?q=page-&limit=2');
    const second = await adminRequest(t, 'GET', '/users?q=page-&limit=2&offset=2');

    expect(first.status).toBe(200);
    expect(first.body.total).toBe(3);
    expect(first.body.users.map((user: { userName: string }) => user.userName)).toEqual([
      'page-a@example.test',
      'page-b@example.test',
    ]);
    expect(second.body.users.map((user: { userName: string }) => user.userName)).toEqual([
      'page-c@example.test',
    ]);
    expect(second.body).toMatchObject({ offset: 2, limit: 2 });
  });

  it('searches case-insensitively and treats % and _ literally', async () => {
    await createUser('under_score@example.test');
    const found = await adminRequest(t, 'GET', '/users?q=UNDER_SCORE');
    const wildcard = await adminRequest(t, 'GET', '/users?q=%25');

    expect(found.body.total).toBe(1);
    expect(wildcard.body.total).toBe(0);
  });

  it('filters by managing provider and suspension', async () => {
    const scim = await t.request('POST', `${SCIM}/Users`, {
      body: userBody('filter@example.test'),
    });
    const managed = await adminRequest(t, 'GET', '/users?managedBy=generic');
    const unmanaged = await adminRequest(t, 'GET', '/users?managedBy=none');
    await adminRequest(t, 'POST', `/users/${scim.body.id}/suspend`);
    const suspended = await adminRequest(t, 'GET', '/users?suspended=true');

    const ids = (response: { body: { users: { id: string }[] } }) =>
      response.body.users.map((user) => user.id);
    expect(ids(managed)).toContain(scim.body.id);
    expect(ids(unmanaged)).not.toContain(scim.body.id);
    expect(ids(suspended)).toEqual([scim.body.id]);
  });

  it('rejects an invalid managedBy filter', async () => {
    const response = await adminRequest(t, 'GET', '/users?managedBy=Okta!');

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('managedBy parameter "Okta!"');
  });

  it('renames a user and keeps the SCIM document consistent', async () => {
    const user = await createUser('rename@example.test');
    const response = await adminRequest(t, 'PATCH', `/users/${user.id}`, {
      body: { givenName: 'Augusta', familyName: 'King' },
    });
    const scim = await t.request('GET', `${SCIM}/Users/${user.id}`);

    expect(response.status).toBe(200);
    expect(response.body.changed).toBe(true);
    expect(response.body.warnings).toEqual([]);
    expect(response.body.user.displayName).toBe('Augusta King');
    expect(response.body.user.version).toBe(2);
    expect(scim.body.name).toEqual({
      givenName: 'Augusta',
      familyName: 'King',
      formatted: 'Augusta King',
    });
    expect(scim.body.displayName).toBe('Augusta King');
    expect(scim.headers.etag).toBe('W/"2"');
    expect(scim.body.meta.lastModified > scim.body.meta.created).toBe(true);
  });

  it('keeps a displayName the client chose when the names change', async () => {
    const scim = await t.request('POST', `${SCIM}/Users`, {
      body: userBody('chosen@example.test', { displayName: 'Al' }),
    });
    const response = await adminRequest(t, 'PATCH', `/users/${scim.body.id}`, {
      body: { familyName: 'Other' },
    });

    expect(response.body.user.displayName).toBe('Al');
    expect(response.body.user.familyName).toBe('Other');
  });

  it('changes the email, the primary email and a userName equal to it', async () => {
    const scim = await t.request('POST', `${SCIM}/Users`, {
      body: userBody('old@example.test', {
        emails: [
          { value: 'old@example.test', type: 'work', primary: true },
          { value: 'home@example.test', type: 'home' },
        ],
      }),
    });
    const response = await adminRequest(t, 'PATCH', `/users/${scim.body.id}`, {
      body: { email: 'new@example.test' },
    });
    const after = await t.request('GET', `${SCIM}/Users/${scim.body.id}`);

    expect(response.status).toBe(200);
    expect(response.body.user.email).toBe('new@example.test');
    expect(response.body.user.userName).toBe('new@example.test');
    expect(after.body.userName).toBe('new@example.test');
    expect(after.body.emails).toEqual([
      { value: 'new@example.test', type: 'work', primary: true },
      { value: 'home@example.test', type: 'home' },
    ]);
  });

  it('changes the userName alone', async () => {
    const user = await createUser('username@example.test');
    const response = await adminRequest(t, 'PATCH', `/users/${user.id}`, {
      body: { userName: 'uname' },
    });

    expect(response.body.user.userName).toBe('uname');
    expect(response.body.user.email).toBe('username@example.test');
  });

  it('rejects an edit to a taken userName or email with 409', async () => {
    const first = await createUser('first@example.test');
    const second = await createUser('second@example.test', { userName: 'second' });
    const userName = await adminRequest(t, 'PATCH', `/users/${second.id}`, {
      body: { userName: 'FIRST@example.test' },
    });
    const email = await adminRequest(t, 'PATCH', `/users/${second.id}`, {
      body: { email: 'first@EXAMPLE.test' },
    });

    expect(userName.status).toBe(409);
    expect(userName.body.error.message).toContain(`already used by user ${first.id}`);
    expect(email.status).toBe(409);
    expect(email.body.error.message).toContain('Email "first@EXAMPLE.test"');
  });

  it('answers an edit that changes nothing without moving the version', async () => {
    const user = await createUser('same@example.test');
    const response = await adminRequest(t, 'PATCH', `/users/${user.id}`, {
      body: { givenName: 'Ada' },
    });

    expect(response.status).toBe(200);
    expect(response.body.changed).toBe(false);
    expect(response.body.user.version).toBe(1);
  });

  it('rejects an empty edit and unknown fields', async () => {
    const user = await createUser('empty-edit@example.test');
    const empty = await adminRequest(t, 'PATCH', `/users/${user.id}`, { body: {} });
    const unknown = await adminRequest(t, 'PATCH', `/users/${user.id}`, {
      body: { suspended: true },
    });

    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('Send at least one field');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('Unknown field "suspended"');
  });

  it('sets a permission level without moving the SCIM version', async () => {
    const user = await createUser('level@example.test');
    const response = await adminRequest(t, 'PATCH', `/users/${user.id}`, {
      body: { permissionLevel: 'admin' },
    });
    const scim = await t.request('GET', `${SCIM}/Users/${user.id}`);

    expect(response.status).toBe(200);
    expect(response.body.user.permissionLevel).toBe('admin');
    expect(response.body.changed).toBe(true);
    expect(response.body.warnings).toEqual([]);
    expect(scim.headers.etag).toBe('W/"1"');
  });

  it('suspends and reactivates a user', async () => {
    const user = await createUser('suspend@example.test');
    const suspended = await adminRequest(t, 'POST', `/users/${user.id}/suspend`);
    const again = await adminRequest(t, 'POST', `/users/${user.id}/suspend`);
    const scimSuspended = await t.request('GET', `${SCIM}/Users/${user.id}`);
    const reactivated = await adminRequest(t, 'POST', `/users/${user.id}/reactivate`);
    const scimActive = await t.request('GET', `${SCIM}/Users/${user.id}`);

    expect(suspended.status).toBe(200);
    expect(suspended.body.user.suspended).toBe(true);
    expect(suspended.body.user.version).toBe(2);
    expect(again.body.changed).toBe(false);
    expect(again.body.user.version).toBe(2);
    expect(scimSuspended.body.active).toBe(false);
    expect(reactivated.body.user.suspended).toBe(false);
    expect(scimActive.body.active).toBe(true);
    expect(scimActive.headers.etag).toBe('W/"3"');
  });

  it('deletes a user and moves the versions of its roles', async () => {
    const user = await createUser('delete@example.test');
    const role = await adminRequest(t, 'POST', '/roles', { body: { name: 'Deleted member' } });
    const roleId = role.body.role.id;
    await adminRequest(t, 'POST', `/roles/${roleId}/members`, { body: { add: [user.id] } });
    const response = await adminRequest(t, 'DELETE', `/users/${user.id}`);
    const scimUser = await t.request('GET', `${SCIM}/Users/${user.id}`);
    const scimRole = await t.request('GET', `${SCIM}/Groups/${roleId}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ deleted: { kind: 'User', id: user.id }, warnings: [] });
    expect(scimUser.status).toBe(404);
    expect(scimRole.body.members ?? []).toEqual([]);
    expect(scimRole.headers.etag).toBe('W/"3"');
  });

  it('answers 404 for actions on an unknown user', async () => {
    for (const [method, path] of [
      ['PATCH', '/users/a-0000000000000000'],
      ['DELETE', '/users/a-0000000000000000'],
      ['POST', '/users/a-0000000000000000/suspend'],
      ['POST', '/users/a-0000000000000000/reactivate'],
    ] as const) {
      const response = await adminRequest(t, method, path, {
        body: method === 'PATCH' ? { givenName: 'X' } : undefined,
      });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
  });
});
