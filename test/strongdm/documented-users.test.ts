import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ENTERPRISE_SCHEMA, USER_SCHEMA } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';
import {
  BASE,
  LIST_SCHEMA,
  UNIQUENESS_ERROR,
  USER_ID,
  documentedPatch,
  documentedRole,
  documentedUser,
  expectDocumentedError,
  userLocation,
} from './documented-examples.js';

// Replays the Users examples of the strongDM SCIM API documentation: the List Users, Create User,
// Replace User and Update User pages under https://docs.strongdm.com/references/scim/users/.
// strongDM shows `meta.location` relative ("Users/a-…"), but rolecall sends the absolute URL.

describe.each(testBackends())('documented Users examples on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });

  afterAll(async () => {
    await t.close();
  });

  async function createUser(userName: string, givenName = 'Firstname', familyName = 'Lastname') {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: documentedUser(userName, givenName, familyName),
    });
    if (response.status !== 201) {
      throw new Error(`creating user ${userName} failed with ${response.status}: ${response.text}`);
    }
    return response.body as { id: string };
  }

  describe('List Users', () => {
    const userNames = [1, 2, 3, 4, 5].map((n) => `list${n}@example.test`);

    beforeAll(async () => {
      for (const userName of userNames) await createUser(userName);
    });

    it('finds a user by userName filter', async () => {
      const filter = encodeURIComponent(`userName eq "${userNames[2]}"`);
      const response = await t.request('GET', `${BASE}/Users?filter=${filter}`);
      const user = response.body.Resources[0];

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/scim+json');
      expect(response.body.schemas).toEqual([LIST_SCHEMA]);
      expect(response.body.totalResults).toBe(1);
      expect(response.body.startIndex).toBe(1);
      expect(response.body.itemsPerPage).toBe(1);
      expect(user).toMatchObject({
        schemas: [USER_SCHEMA],
        userName: userNames[2],
        active: true,
        displayName: 'Firstname Lastname',
        emails: [{ primary: true, value: userNames[2] }],
        name: { familyName: 'Lastname', formatted: 'Firstname Lastname', givenName: 'Firstname' },
        userType: 'user',
        meta: { resourceType: 'User', location: userLocation(user.id) },
      });
      expect(user.id).toMatch(USER_ID);
      expect(user.groups).toEqual([]);
    });

    it('treats the documented startIndex=0 as 1', async () => {
      const response = await t.request('GET', `${BASE}/Users?startIndex=0&count=1`);

      expect(response.status).toBe(200);
      expect(response.body.totalResults).toBe(userNames.length);
      expect(response.body.startIndex).toBe(1);
      expect(response.body.itemsPerPage).toBe(1);
      expect(response.body.Resources).toHaveLength(1);
    });

    it('returns an empty list without match', async () => {
      const filter = encodeURIComponent('userName eq "nobody@example.test"');
      const response = await t.request('GET', `${BASE}/Users?filter=${filter}`);

      expect(response.status).toBe(200);
      expect(response.body.totalResults).toBe(0);
      expect(response.body.Resources).toEqual([]);
    });

    it('lists alike under every provider prefix', async () => {
      const filter = encodeURIComponent(`userName eq "${userNames[0]}"`);

      for (const provider of ['generic', 'okta', 'azure'] as const) {
        const base = `/provisioning/${provider}/v2`;
        const token = provider === 'generic' ? t.token : await t.tokenFor(provider);
        const response = await t.request('GET', `${base}/Users?filter=${filter}`, { token });
        const user = response.body.Resources[0];

        expect(response.status, provider).toBe(200);
        expect(response.body.totalResults, provider).toBe(1);
        expect(user.userName, provider).toBe(userNames[0]);
        expect(user.meta.location, provider).toBe(userLocation(user.id, base));
      }
    });
  });

  describe('Create User', () => {
    it('returns 201 with the documented body', async () => {
      const response = await t.request('POST', `${BASE}/Users`, {
        body: documentedUser('kim.lee@example.test', 'Kim', 'Lee'),
      });

      expect(response.status).toBe(201);
      expect(response.headers['content-type']).toBe('application/scim+json');
      expect(response.body).toMatchObject({
        schemas: [USER_SCHEMA],
        active: true,
        displayName: 'Kim Lee',
        name: { familyName: 'Lee', formatted: 'Kim Lee', givenName: 'Kim' },
        userName: 'kim.lee@example.test',
        userType: 'user',
        meta: { resourceType: 'User' },
      });
      expect(response.body.id).toMatch(USER_ID);
      expect(response.body.meta.location).toBe(userLocation(response.body.id));
    });

    it('returns 409 for a conflicting email', async () => {
      await createUser('taken@example.test');
      const response = await t.request('POST', `${BASE}/Users`, {
        body: documentedUser('taken@example.test', 'Other', 'Person'),
      });

      expect(response.status).toBe(409);
      expect(response.body).toEqual(UNIQUENESS_ERROR);
    });

    it('returns 400 without an email', async () => {
      const response = await t.request('POST', `${BASE}/Users`, {
        body: { schemas: [USER_SCHEMA], name: { givenName: 'No', familyName: 'Email' } },
      });

      expectDocumentedError(
        response,
        400,
        'could not create user: cannot create user: invalid operation: email cannot be blank',
      );
    });
  });

  describe('Replace User', () => {
    it('ignores id and meta in the body', async () => {
      const { id } = await createUser('replace@example.test', 'Before', 'Rename');
      const response = await t.request('PUT', `${BASE}/Users/${id}`, {
        body: {
          ...documentedUser('replace@example.test', 'After', 'Rename'),
          id,
          meta: { resourceType: 'User', location: `Users/${id}` },
        },
      });

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/scim+json');
      expect(response.body).toMatchObject({
        schemas: [USER_SCHEMA],
        id,
        active: true,
        displayName: 'After Rename',
        name: { familyName: 'Rename', formatted: 'After Rename', givenName: 'After' },
        userName: 'replace@example.test',
        userType: 'user',
        meta: { resourceType: 'User', location: userLocation(id) },
      });
    });

    it('suspends a user given active false', async () => {
      const { id } = await createUser('suspend@example.test');
      const response = await t.request('PUT', `${BASE}/Users/${id}`, {
        body: { ...documentedUser('suspend@example.test', 'Firstname', 'Lastname'), active: false },
      });

      expect(response.status).toBe(200);
      expect(response.body.active).toBe(false);
    });

    it('returns 409 for a conflicting email', async () => {
      await createUser('first.owner@example.test');
      const { id } = await createUser('second.owner@example.test');
      const response = await t.request('PUT', `${BASE}/Users/${id}`, {
        body: documentedUser('first.owner@example.test', 'Firstname', 'Lastname'),
      });

      expect(response.status).toBe(409);
      expect(response.body).toEqual(UNIQUENESS_ERROR);
    });

    it('returns 404 for an unknown user id', async () => {
      const response = await t.request('PUT', `${BASE}/Users/a-00000000deadbeef`, {
        body: documentedUser('ghost@example.test', 'Firstname', 'Lastname'),
      });

      expectDocumentedError(response, 404, 'Resource a-00000000deadbeef not found.');
    });

    it('returns 404 for a role id', async () => {
      const role = await t.request('POST', `${BASE}/Groups`, {
        body: documentedRole('Not a user', []),
      });
      const response = await t.request('PUT', `${BASE}/Users/${role.body.id}`, {
        body: documentedUser('role@example.test', 'Firstname', 'Lastname'),
      });

      expectDocumentedError(response, 404, `Resource ${role.body.id} not found.`);
    });
  });

  describe('Update User', () => {
    const reactivate = documentedPatch({ op: 'replace', value: { active: true } });

    it('reactivates a suspended user', async () => {
      const { id } = await createUser('patch@example.test', 'Alex', 'Moreau');
      await t.request('PATCH', `${BASE}/Users/${id}`, {
        body: documentedPatch({ op: 'replace', value: { active: false } }),
      });
      const response = await t.request('PATCH', `${BASE}/Users/${id}`, { body: reactivate });

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/scim+json');
      expect(response.body).toMatchObject({
        schemas: [USER_SCHEMA],
        id,
        active: true,
        displayName: 'Alex Moreau',
        emails: [{ primary: true, value: 'patch@example.test' }],
        name: { familyName: 'Moreau', formatted: 'Alex Moreau', givenName: 'Alex' },
        userName: 'patch@example.test',
        userType: 'user',
        meta: { resourceType: 'User', location: userLocation(id) },
      });
      expect(response.body.groups).toEqual([]);
    });

    it('returns 204 when nothing changes', async () => {
      const { id } = await createUser('unchanged@example.test');
      const response = await t.request('PATCH', `${BASE}/Users/${id}`, { body: reactivate });

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
    });

    it('returns 404 for an unknown user id', async () => {
      const response = await t.request('PATCH', `${BASE}/Users/a-00000000deadbeef`, {
        body: reactivate,
      });

      expectDocumentedError(response, 404, 'Resource a-00000000deadbeef not found.');
    });

    it('returns 404 for a role id', async () => {
      const role = await t.request('POST', `${BASE}/Groups`, {
        body: documentedRole('Also not a user', []),
      });
      const response = await t.request('PATCH', `${BASE}/Users/${role.body.id}`, {
        body: reactivate,
      });

      expectDocumentedError(response, 404, `Resource ${role.body.id} not found.`);
    });

    it('rejects groups and manager.displayName', async () => {
      const { id } = await createUser('readonly@example.test');
      const groups = await t.request('PATCH', `${BASE}/Users/${id}`, {
        body: documentedPatch({
          op: 'add',
          path: 'groups',
          value: [{ value: 'r-0000000000000001' }],
        }),
      });
      const managerName = await t.request('PATCH', `${BASE}/Users/${id}`, {
        body: documentedPatch({
          op: 'replace',
          path: `${ENTERPRISE_SCHEMA}:manager.displayName`,
          value: 'Pat Manager',
        }),
      });

      expect(groups.status).toBe(400);
      expect(groups.body.scimType).toBe('mutability');
      expect(managerName.status).toBe(400);
      expect(managerName.body.scimType).toBe('mutability');
    });
  });
});
