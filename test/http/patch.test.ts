import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { groupBody, patchBody, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const BASE = '/provisioning/generic/v2';

describe.each(testBackends())('PATCH over HTTP on %s', (dialect) => {
  let t: TestApp;
  let azureToken: string;
  let oktaToken: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    azureToken = await t.tokenFor('azure');
    oktaToken = await t.tokenFor('okta');
  });

  afterAll(async () => {
    await t.close();
  });

  const newUser = async (userName: string, extra: Record<string, unknown> = {}) =>
    (await t.request('POST', `${BASE}/Users`, { body: userBody(userName, extra) })).body;

  it('answers 200 with the changed user and a new version', async () => {
    const user = await newUser('patch200@example.test');
    const response = await t.request('PATCH', `${BASE}/Users/${user.id}`, {
      body: patchBody({ op: 'replace', path: 'title', value: 'Lead' }),
    });

    expect(response.status).toBe(200);
    expect(response.body.title).toBe('Lead');
    expect(response.body.meta.version).toBe('W/"2"');
    expect(response.headers.etag).toBe('W/"2"');
  });

  it('answers 204 when the request changes nothing', async () => {
    const user = await newUser('patch204@example.test', { title: 'Lead' });
    const response = await t.request('PATCH', `${BASE}/Users/${user.id}`, {
      body: patchBody({ op: 'replace', path: 'title', value: 'Lead' }),
    });
    const after = await t.request('GET', `${BASE}/Users/${user.id}`);

    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(after.body.meta.version).toBe('W/"1"');
  });

  it('always answers 204 on azure', async () => {
    const user = await newUser('azure204@example.test');
    const response = await t.request('PATCH', `/provisioning/azure/v2/Users/${user.id}`, {
      token: azureToken,
      body: patchBody({ op: 'Replace', path: 'displayName', value: 'Changed' }),
    });
    const after = await t.request('GET', `${BASE}/Users/${user.id}`);

    expect(response.status).toBe(204);
    expect(after.body.displayName).toBe('Changed');
    expect(t.requests.at(-2)!.rules).toEqual(
      expect.arrayContaining(['op-case', 'patch-always-204']),
    );
  });

  it('rejects a capitalised op on generic naming the flavoured endpoints', async () => {
    const user = await newUser('capital@example.test');
    const response = await t.request('PATCH', `${BASE}/Users/${user.id}`, {
      body: patchBody({ op: 'Replace', path: 'displayName', value: 'X' }),
    });

    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidSyntax');
    expect(response.body.detail).toContain('/provisioning/okta/v2');
  });

  it('suspends and reactivates a user with a path-less replace', async () => {
    const user = await newUser('okta-cycle@example.test');
    const suspended = await t.request('PATCH', `/provisioning/okta/v2/Users/${user.id}`, {
      token: oktaToken,
      body: patchBody({ op: 'replace', value: { active: false } }),
    });
    const record = await t.app.store.users.find(t.organizationId, user.id);
    const reactivated = await t.request('PATCH', `/provisioning/okta/v2/Users/${user.id}`, {
      token: oktaToken,
      body: patchBody({ op: 'replace', value: { active: true } }),
    });
    const after = await t.app.store.users.find(t.organizationId, user.id);

    expect(suspended.status).toBe(200);
    expect(suspended.body.active).toBe(false);
    expect(record!.managedBy).toBeNull();
    expect(reactivated.body.active).toBe(true);
    expect(after!.managedBy).toBe('okta');
  });

  it('returns 412 when If-Match is stale and 404 for an unknown user', async () => {
    const user = await newUser('patch412@example.test');
    const stale = await t.request('PATCH', `${BASE}/Users/${user.id}`, {
      body: patchBody({ op: 'replace', path: 'title', value: 'X' }),
      headers: { 'if-match': 'W/"9"' },
    });
    const unknown = await t.request('PATCH', `${BASE}/Users/a-0000000000000000`, {
      body: patchBody({ op: 'replace', path: 'title', value: 'X' }),
    });

    expect(stale.status).toBe(412);
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('Resource a-0000000000000000 not found.');
  });

  it('rejects a PATCH of groups with 400 mutability', async () => {
    const user = await newUser('groups-patch@example.test');
    const response = await t.request('PATCH', `${BASE}/Users/${user.id}`, {
      body: patchBody({ op: 'add', path: 'groups', value: [{ value: 'r-0000000000000000' }] }),
    });

    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('mutability');
  });

  it('leaves the user unchanged when the last operation fails', async () => {
    const user = await newUser('atomic@example.test', { title: 'Before' });
    const response = await t.request('PATCH', `${BASE}/Users/${user.id}`, {
      body: patchBody(
        { op: 'replace', path: 'title', value: 'After' },
        { op: 'replace', path: 'active', value: 'maybe' },
      ),
    });
    const after = await t.request('GET', `${BASE}/Users/${user.id}`);

    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('Operations[1]');
    expect(after.body.title).toBe('Before');
    expect(after.body.meta.version).toBe('W/"1"');
  });

  describe('groups', () => {
    let members: string[];

    beforeAll(async () => {
      members = [];
      for (const name of ['m1', 'm2', 'm3'])
        members.push((await newUser(`${name}@example.test`)).id);
    });

    const newGroup = async (name: string, initial: string[] = []) =>
      (
        await t.request('POST', `${BASE}/Groups`, {
          body: groupBody(name, { members: initial.map((value) => ({ value })) }),
        })
      ).body;

    it('adds and removes members, answering 200 then 204 on a repeat', async () => {
      const group = await newGroup('Patch members', [members[0]!]);
      const add = patchBody(
        { op: 'add', path: 'members', value: [{ value: members[1] }] },
        { op: 'remove', path: `members[value eq "${members[0]}"]` },
      );
      const first = await t.request('PATCH', `${BASE}/Groups/${group.id}`, { body: add });
      const again = await t.request('PATCH', `${BASE}/Groups/${group.id}`, { body: add });

      expect(first.status).toBe(200);
      expect(first.body.members.map((member: { value: string }) => member.value)).toEqual([
        members[1],
      ]);
      expect(again.status).toBe(204);
    });

    it('leaves members out of the response when excluded', async () => {
      const group = await newGroup('Excluded members', [members[0]!]);
      const response = await t.request(
        'PATCH',
        `${BASE}/Groups/${group.id}?excludedAttributes=members`,
        { body: patchBody({ op: 'add', path: 'members', value: [{ value: members[2] }] }) },
      );

      expect(response.status).toBe(200);
      expect(response.body.members).toBeUndefined();
      expect(response.body.meta.version).toBe('W/"2"');
    });

    it('answers 404 for an unknown member and changes nothing', async () => {
      const group = await newGroup('Unknown member', [members[0]!]);
      const response = await t.request('PATCH', `${BASE}/Groups/${group.id}`, {
        body: patchBody(
          { op: 'remove', path: `members[value eq "${members[0]}"]` },
          { op: 'add', path: 'members', value: [{ value: 'a-0000000000000000' }] },
        ),
      });
      const after = await t.request('GET', `${BASE}/Groups/${group.id}`);

      expect(response.status).toBe(404);
      expect(response.body.detail).toBe('Resource a-0000000000000000 not found.');
      expect(after.body.members).toHaveLength(1);
    });

    it('answers the strongDM text for a malformed member id', async () => {
      const group = await newGroup('Malformed member');
      const response = await t.request('PATCH', `${BASE}/Groups/${group.id}`, {
        body: patchBody({ op: 'add', path: 'members', value: [{ value: 'bob' }] }),
      });

      expect(response.status).toBe(400);
      expect(response.body.detail).toBe('cannot parse member id: bob');
    });

    it('answers the strongDM text when a rename empties the name', async () => {
      const group = await newGroup('Rename empty');
      const response = await t.request('PATCH', `${BASE}/Groups/${group.id}`, {
        body: patchBody({ op: 'replace', path: 'displayName', value: '' }),
      });

      expect(response.status).toBe(400);
      expect(response.body.detail).toBe(
        'could not update role name: cannot update role: invalid operation: name cannot be empty',
      );
    });

    it('accepts a rename carrying the group own id, as Okta sends it', async () => {
      const group = await newGroup('Okta before');
      const response = await t.request('PATCH', `/provisioning/okta/v2/Groups/${group.id}`, {
        token: oktaToken,
        body: patchBody({ op: 'replace', value: { id: group.id, displayName: 'Okta after' } }),
      });
      const other = await t.request('PATCH', `${BASE}/Groups/${group.id}`, {
        body: patchBody({ op: 'replace', value: { id: 'r-0000000000000000', displayName: 'X' } }),
      });

      expect(response.status).toBe(200);
      expect(response.body.displayName).toBe('Okta after');
      expect(other.status).toBe(400);
      expect(other.body.scimType).toBe('mutability');
    });

    it('removes listed members on azure and refuses that form on generic', async () => {
      const group = await newGroup('Remove by value', [members[0]!, members[1]!]);
      const body = patchBody({ op: 'Remove', path: 'members', value: [{ value: members[0] }] });
      const generic = await t.request('PATCH', `${BASE}/Groups/${group.id}`, {
        body: { ...body, Operations: [{ ...body.Operations[0], op: 'remove' }] },
      });
      const azure = await t.request('PATCH', `/provisioning/azure/v2/Groups/${group.id}`, {
        token: azureToken,
        body,
      });
      const after = await t.request('GET', `${BASE}/Groups/${group.id}`);

      expect(generic.status).toBe(400);
      expect(generic.body.scimType).toBe('invalidSyntax');
      expect(azure.status).toBe(204);
      expect(after.body.members.map((member: { value: string }) => member.value)).toEqual([
        members[1],
      ]);
    });

    it('empties a group with a replace of an empty list', async () => {
      const group = await newGroup('Push now', [members[0]!]);
      const response = await t.request('PATCH', `${BASE}/Groups/${group.id}`, {
        body: patchBody({ op: 'replace', path: 'members', value: [] }),
      });

      expect(response.status).toBe(200);
      expect(response.body.members).toEqual([]);
    });
  });
});
