import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GROUP_SCHEMA } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';
import {
  BASE,
  LIST_SCHEMA,
  ROLE_ID,
  UNIQUENESS_ERROR,
  documentedPatch,
  documentedRole,
  documentedUser,
  expectDocumentedError,
  roleLocation,
} from './documented-examples.js';

// Replays the Groups (roles) examples of the strongDM SCIM API documentation: the List Groups,
// Create Group, Replace Group and Update Group pages under
// https://docs.strongdm.com/references/scim/groups/.
// Where strongDM echoes the member `display` the client sent, rolecall returns the user's
// current display name, and every member also carries `$ref` and `type`.

interface Member {
  value: string;
  display: string;
}

const EMPTY_NAME_ON_UPDATE =
  'could not update role name: cannot update role: invalid operation: name cannot be empty';

describe.each(testBackends())('documented Groups examples on %s', (dialect) => {
  let t: TestApp;
  let firstUser: Member;
  let secondUser: Member;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    firstUser = await createUser('member.one@example.test', 'Firstname', 'Lastname');
    secondUser = await createUser('member.two@example.test', 'Second', 'Member');
  });

  afterAll(async () => {
    await t.close();
  });

  /** Creates a user and returns it as a member reference with its display name. */
  async function createUser(userName: string, givenName: string, familyName: string) {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: documentedUser(userName, givenName, familyName),
    });
    if (response.status !== 201) {
      throw new Error(`creating user ${userName} failed with ${response.status}: ${response.text}`);
    }
    return { value: response.body.id as string, display: response.body.displayName as string };
  }

  async function createRole(displayName: string, members: Member[] = []) {
    const response = await t.request('POST', `${BASE}/Groups`, {
      body: documentedRole(displayName, members),
    });
    if (response.status !== 201) {
      throw new Error(
        `creating role ${displayName} failed with ${response.status}: ${response.text}`,
      );
    }
    return response.body.id as string;
  }

  function memberIds(body: { members?: { value: string }[] }): string[] {
    return (body.members ?? []).map((member) => member.value).sort();
  }

  describe('List Groups', () => {
    beforeAll(async () => {
      await createRole('group0', [firstUser]);
      for (const name of ['group1', 'group2', 'group3', 'group4']) await createRole(name);
    });

    it('finds a role by displayName', async () => {
      const filter = encodeURIComponent('displayName eq "group2"');
      const response = await t.request('GET', `${BASE}/Groups?filter=${filter}`);

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/scim+json');
      expect(response.body.schemas).toEqual([LIST_SCHEMA]);
      expect(response.body.totalResults).toBe(1);
      expect(response.body.Resources[0].displayName).toBe('group2');
    });

    it('pages five roles in id order', async () => {
      const response = await t.request('GET', `${BASE}/Groups?startIndex=1&count=5`);
      const roles = response.body.Resources as { id: string }[];
      const ids = roles.map((role) => role.id);

      expect(response.status).toBe(200);
      expect(response.body.startIndex).toBe(1);
      expect(response.body.itemsPerPage).toBe(5);
      expect(roles).toHaveLength(5);
      expect(ids).toEqual([...ids].sort());
    });

    it('renders roles as documented', async () => {
      const filter = encodeURIComponent('displayName sw "group"');
      const response = await t.request('GET', `${BASE}/Groups?filter=${filter}`);
      const roles = response.body.Resources as Record<string, any>[];
      const group0 = roles.find((role) => role.displayName === 'group0');
      const group3 = roles.find((role) => role.displayName === 'group3');

      expect(roles).toHaveLength(5);
      for (const role of roles) {
        expect(role.schemas).toEqual([GROUP_SCHEMA]);
        expect(role.id).toMatch(ROLE_ID);
        expect(role.meta).toMatchObject({ resourceType: 'Group', location: roleLocation(role.id) });
      }
      expect(group0?.members).toEqual([expect.objectContaining(firstUser)]);
      expect(group3?.members).toEqual([]);
    });
  });

  describe('Create Group', () => {
    it('creates a role with members', async () => {
      const response = await t.request('POST', `${BASE}/Groups`, {
        body: documentedRole('RoleName', [
          { value: firstUser.value, display: 'sent@example.test' },
        ]),
      });

      expect(response.status).toBe(201);
      expect(response.headers['content-type']).toBe('application/scim+json');
      expect(response.body).toMatchObject({
        schemas: [GROUP_SCHEMA],
        displayName: 'RoleName',
        meta: { resourceType: 'Group' },
      });
      expect(response.body.id).toMatch(ROLE_ID);
      expect(response.body.meta.location).toBe(roleLocation(response.body.id));
      expect(response.body.members).toEqual([expect.objectContaining(firstUser)]);
    });

    it('returns 400 without displayName', async () => {
      const response = await t.request('POST', `${BASE}/Groups`, {
        body: { schemas: [GROUP_SCHEMA], members: [] },
      });

      expectDocumentedError(
        response,
        400,
        'could not create role: cannot create role: invalid operation: name cannot be empty',
      );
    });

    it('returns 409 for a taken name', async () => {
      await createRole('Taken role');
      const response = await t.request('POST', `${BASE}/Groups`, {
        body: documentedRole('Taken role', []),
      });

      expect(response.status).toBe(409);
      expect(response.body).toEqual(UNIQUENESS_ERROR);
    });

    it('returns 400 for a malformed member id', async () => {
      const response = await t.request('POST', `${BASE}/Groups`, {
        body: documentedRole('Malformed member', [{ value: 'aa-31337', display: 'x' }]),
      });

      expectDocumentedError(response, 400, 'cannot parse member id: aa-31337');
    });

    it('ignores unknown well-formed member ids', async () => {
      const response = await t.request('POST', `${BASE}/Groups`, {
        body: documentedRole('Unknown member', [
          { value: 'a-00000000deadbeef', display: 'nobody' },
          firstUser,
        ]),
      });

      expect(response.status).toBe(201);
      expect(memberIds(response.body)).toEqual([firstUser.value]);
    });
  });

  describe('Replace Group', () => {
    it('replaces name and empties members', async () => {
      const id = await createRole('TestPutBasic', [firstUser]);
      const response = await t.request('PUT', `${BASE}/Groups/${id}`, {
        body: documentedRole('NewRoleName', []),
      });

      // NOTE: strongDM's example labels this response "Status 204" yet shows a body. rolecall
      // returns 200 with the resource, which RFC 7644 §3.5.1 specifies for a replace.
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/scim+json');
      expect(response.body).toMatchObject({
        schemas: [GROUP_SCHEMA],
        displayName: 'NewRoleName',
        id,
        meta: { resourceType: 'Group', location: roleLocation(id) },
      });
      expect(response.body.members ?? []).toEqual([]);
    });

    it('returns 404 for an unknown role', async () => {
      const response = await t.request('PUT', `${BASE}/Groups/r-4040404`, {
        body: documentedRole('Nowhere', []),
      });

      expectDocumentedError(response, 404, 'Resource r-4040404 not found.');
    });

    it('returns 400 for an empty name', async () => {
      const id = await createRole('Keeps its name');
      const response = await t.request('PUT', `${BASE}/Groups/${id}`, {
        body: documentedRole('', []),
      });

      expectDocumentedError(response, 400, EMPTY_NAME_ON_UPDATE);
    });

    it('returns 400 for a malformed member id', async () => {
      const id = await createRole('Malformed on replace');
      const response = await t.request('PUT', `${BASE}/Groups/${id}`, {
        body: documentedRole('Malformed on replace', [{ value: 'aa-123134', display: 'x' }]),
      });

      expectDocumentedError(response, 400, 'cannot parse member id: aa-123134');
    });

    it('returns 404 for an unknown member', async () => {
      const id = await createRole('Unknown on replace');
      const response = await t.request('PUT', `${BASE}/Groups/${id}`, {
        body: documentedRole('Unknown on replace', [{ value: 'a-00000000deadbeef', display: 'x' }]),
      });

      expectDocumentedError(response, 404, 'Resource a-00000000deadbeef not found.');
    });

    it('returns 409 for a taken name', async () => {
      await createRole('Occupied name');
      const id = await createRole('Wants that name');
      const response = await t.request('PUT', `${BASE}/Groups/${id}`, {
        body: documentedRole('Occupied name', []),
      });

      expect(response.status).toBe(409);
      expect(response.body).toEqual(UNIQUENESS_ERROR);
    });
  });

  describe('Update Group', () => {
    it('adds members', async () => {
      const id = await createRole('Patch add');
      const response = await t.request('PATCH', `${BASE}/Groups/${id}`, {
        body: documentedPatch({ op: 'add', path: 'members', value: [firstUser] }),
      });

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/scim+json');
      expect(response.body.members).toEqual([expect.objectContaining(firstUser)]);
    });

    it('returns 204 re-adding a member', async () => {
      const id = await createRole('Patch add again', [firstUser]);
      const response = await t.request('PATCH', `${BASE}/Groups/${id}`, {
        body: documentedPatch({ op: 'add', path: 'members', value: [firstUser] }),
      });

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
    });

    it('renames the role', async () => {
      const id = await createRole('Patch rename');
      const response = await t.request('PATCH', `${BASE}/Groups/${id}`, {
        body: documentedPatch({ op: 'replace', value: { displayName: 'newName' } }),
      });

      expect(response.status).toBe(200);
      expect(response.body.displayName).toBe('newName');
    });

    it('accepts the role id beside the new name', async () => {
      const id = await createRole('Patch rename with id');
      const response = await t.request('PATCH', `${BASE}/Groups/${id}`, {
        body: documentedPatch({ op: 'replace', value: { id, displayName: 'Renamed with id' } }),
      });

      expect(response.status).toBe(200);
      expect(response.body.id).toBe(id);
      expect(response.body.displayName).toBe('Renamed with id');
    });

    it('replaces all members', async () => {
      const id = await createRole('Patch replace members', [firstUser]);
      const response = await t.request('PATCH', `${BASE}/Groups/${id}`, {
        body: documentedPatch({ op: 'replace', path: 'members', value: [secondUser] }),
      });

      expect(response.status).toBe(200);
      expect(memberIds(response.body)).toEqual([secondUser.value]);
    });

    it('removes a member by value filter', async () => {
      const id = await createRole('Patch remove', [firstUser, secondUser]);
      const response = await t.request('PATCH', `${BASE}/Groups/${id}`, {
        body: documentedPatch({ op: 'remove', path: `members[value eq "${firstUser.value}"]` }),
      });

      expect(response.status).toBe(200);
      expect(memberIds(response.body)).toEqual([secondUser.value]);
    });

    it('ignores removing a non-member', async () => {
      const id = await createRole('Patch remove non-member', [firstUser]);
      const response = await t.request('PATCH', `${BASE}/Groups/${id}`, {
        body: documentedPatch({ op: 'remove', path: `members[value eq "${secondUser.value}"]` }),
      });
      const after = await t.request('GET', `${BASE}/Groups/${id}`);

      expect(response.status).toBe(204);
      expect(memberIds(after.body)).toEqual([firstUser.value]);
    });

    it('ignores removing an unknown user', async () => {
      const id = await createRole('Patch remove unknown', [firstUser]);
      const response = await t.request('PATCH', `${BASE}/Groups/${id}`, {
        body: documentedPatch({ op: 'remove', path: 'members[value eq "a-00000000deadbeef"]' }),
      });

      expect(response.status).toBe(204);
    });

    it('rejects a filter not on value', async () => {
      const id = await createRole('Patch remove by display', [firstUser]);
      const response = await t.request('PATCH', `${BASE}/Groups/${id}`, {
        body: documentedPatch({
          op: 'remove',
          path: `members[display eq "${firstUser.display}"]`,
        }),
      });

      expect(response.status).toBe(400);
      expect(response.body.status).toBe('400');
    });

    it('returns 404 adding an unknown user', async () => {
      const id = await createRole('Patch add unknown');
      const response = await t.request('PATCH', `${BASE}/Groups/${id}`, {
        body: documentedPatch({
          op: 'add',
          path: 'members',
          value: [{ value: 'a-00000000deadbeef', display: 'nobody' }],
        }),
      });

      expectDocumentedError(response, 404, 'Resource a-00000000deadbeef not found.');
    });

    it('returns 400 for a malformed member id', async () => {
      const id = await createRole('Patch add malformed');
      const response = await t.request('PATCH', `${BASE}/Groups/${id}`, {
        body: documentedPatch({ op: 'add', path: 'members', value: [{ value: 'aa-123134' }] }),
      });

      expectDocumentedError(response, 400, 'cannot parse member id: aa-123134');
    });

    it('returns 400 for an empty displayName', async () => {
      const id = await createRole('Patch empty name');
      const response = await t.request('PATCH', `${BASE}/Groups/${id}`, {
        body: documentedPatch({ op: 'replace', value: { displayName: '' } }),
      });

      expectDocumentedError(response, 400, EMPTY_NAME_ON_UPDATE);
    });

    it('returns 404 for an unknown role', async () => {
      const response = await t.request('PATCH', `${BASE}/Groups/r-00000000deadbeef`, {
        body: documentedPatch({ op: 'replace', value: { displayName: 'Nowhere' } }),
      });

      expectDocumentedError(response, 404, 'Resource r-00000000deadbeef not found.');
    });
  });
});
