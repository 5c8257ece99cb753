import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GROUP_SCHEMA, groupBody, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const BASE = '/provisioning/generic/v2';

describe.each(testBackends())('groups over HTTP on %s', (dialect) => {
  let t: TestApp;
  let alice: { id: string };
  let bob: { id: string };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    alice = (await t.request('POST', `${BASE}/Users`, { body: userBody('alice@example.test') }))
      .body;
    bob = (
      await t.request('POST', `${BASE}/Users`, {
        body: userBody('bob@example.test', { displayName: 'Bob B' }),
      })
    ).body;
  });

  afterAll(async () => {
    await t.close();
  });

  it('creates a role with members and renders them', async () => {
    const response = await t.request('POST', `${BASE}/Groups`, {
      body: groupBody('Engineering', { members: [{ value: alice.id }, { value: bob.id }] }),
    });

    expect(response.status).toBe(201);
    expect(response.body.id).toMatch(/^r-[0-9a-f]{16}$/);
    expect(response.body.schemas).toEqual([GROUP_SCHEMA]);
    expect(response.body.displayName).toBe('Engineering');
    expect(response.headers.location).toBe(
      `https://scim.example.test${BASE}/Groups/${response.body.id}`,
    );
    expect(response.body.members).toHaveLength(2);
    expect(response.body.members).toContainEqual({
      value: bob.id,
      display: 'Bob B',
      $ref: `https://scim.example.test${BASE}/Users/${bob.id}`,
      type: 'User',
    });
  });

  it('ignores well-formed unknown member ids on create', async () => {
    const response = await t.request('POST', `${BASE}/Groups`, {
      body: groupBody('Unknown members', {
        members: [{ value: 'a-0000000000000000' }, { value: alice.id }],
      }),
    });

    expect(response.status).toBe(201);
    expect(response.body.members.map((member: { value: string }) => member.value)).toEqual([
      alice.id,
    ]);
  });

  it('rejects a malformed member id with the strongDM text', async () => {
    const response = await t.request('POST', `${BASE}/Groups`, {
      body: groupBody('Malformed', { members: [{ value: 'not-an-id' }] }),
    });

    expect(response.status).toBe(400);
    expect(response.body.detail).toBe('cannot parse member id: not-an-id');
  });

  it('rejects a nested group member', async () => {
    const other = await t.request('POST', `${BASE}/Groups`, { body: groupBody('Inner') });
    const byType = await t.request('POST', `${BASE}/Groups`, {
      body: groupBody('Outer 1', { members: [{ value: alice.id, type: 'Group' }] }),
    });
    const byId = await t.request('POST', `${BASE}/Groups`, {
      body: groupBody('Outer 2', { members: [{ value: other.body.id }] }),
    });

    expect(byType.status).toBe(400);
    expect(byId.status).toBe(400);
    expect(byId.body.detail).toContain(other.body.id);
  });

  it('returns the strongDM text when displayName is missing', async () => {
    const response = await t.request('POST', `${BASE}/Groups`, {
      body: { schemas: [GROUP_SCHEMA] },
    });

    expect(response.status).toBe(400);
    expect(response.body.detail).toBe(
      'could not create role: cannot create role: invalid operation: name cannot be empty',
    );
  });

  it('returns 409 for a role name taken in another case', async () => {
    await t.request('POST', `${BASE}/Groups`, { body: groupBody('Sales') });
    const response = await t.request('POST', `${BASE}/Groups`, { body: groupBody('SALES') });

    expect(response.status).toBe(409);
    expect(response.body.scimType).toBe('uniqueness');
  });

  it('replaces the member list in full on PUT', async () => {
    const created = await t.request('POST', `${BASE}/Groups`, {
      body: groupBody('Support', { members: [{ value: alice.id }] }),
    });
    const replaced = await t.request('PUT', `${BASE}/Groups/${created.body.id}`, {
      body: groupBody('Support Team', { members: [{ value: bob.id }] }),
    });

    expect(replaced.status).toBe(200);
    expect(replaced.body.displayName).toBe('Support Team');
    expect(replaced.body.members.map((member: { value: string }) => member.value)).toEqual([
      bob.id,
    ]);
    expect(replaced.body.meta.version).toBe('W/"2"');
  });

  it('answers 404 for an unknown member id on PUT and changes nothing', async () => {
    const created = await t.request('POST', `${BASE}/Groups`, {
      body: groupBody('Finance', { members: [{ value: alice.id }] }),
    });
    const response = await t.request('PUT', `${BASE}/Groups/${created.body.id}`, {
      body: groupBody('Finance 2', { members: [{ value: 'a-0000000000000009' }] }),
    });
    const after = await t.request('GET', `${BASE}/Groups/${created.body.id}`);

    expect(response.status).toBe(404);
    expect(response.body.detail).toBe('Resource a-0000000000000009 not found.');
    expect(after.body.displayName).toBe('Finance');
    expect(after.body.members).toHaveLength(1);
  });

  it('returns the strongDM text when PUT empties the name', async () => {
    const created = await t.request('POST', `${BASE}/Groups`, { body: groupBody('Legal') });
    const response = await t.request('PUT', `${BASE}/Groups/${created.body.id}`, {
      body: groupBody(''),
    });

    expect(response.status).toBe(400);
    expect(response.body.detail).toBe(
      'could not update role name: cannot update role: invalid operation: name cannot be empty',
    );
  });

  it("lists a user's roles in groups", async () => {
    const response = await t.request('GET', `${BASE}/Users/${alice.id}`);

    expect(response.body.groups).toContainEqual(
      expect.objectContaining({
        display: 'Engineering',
        $ref: expect.stringContaining('/Groups/r-'),
      }),
    );
  });

  it('deletes a role with its memberships', async () => {
    const created = await t.request('POST', `${BASE}/Groups`, {
      body: groupBody('Temporary', { members: [{ value: bob.id }] }),
    });
    const deleted = await t.request('DELETE', `${BASE}/Groups/${created.body.id}`);
    const again = await t.request('GET', `${BASE}/Groups/${created.body.id}`);
    const user = await t.request('GET', `${BASE}/Users/${bob.id}`);

    expect(deleted.status).toBe(204);
    expect(again.status).toBe(404);
    expect(user.body.groups ?? []).not.toContainEqual(
      expect.objectContaining({ value: created.body.id }),
    );
  });

  it('deleting a user removes it from its roles and moves their versions', async () => {
    const carol = await t.request('POST', `${BASE}/Users`, {
      body: userBody('carol@example.test'),
    });
    const role = await t.request('POST', `${BASE}/Groups`, {
      body: groupBody('Carol only', { members: [{ value: carol.body.id }] }),
    });
    await t.request('DELETE', `${BASE}/Users/${carol.body.id}`);
    const after = await t.request('GET', `${BASE}/Groups/${role.body.id}`);

    expect(after.body.members).toEqual([]);
    expect(after.body.meta.version).toBe('W/"2"');
  });

  it('moves a role version when a member is renamed', async () => {
    const dana = await t.request('POST', `${BASE}/Users`, { body: userBody('dana@example.test') });
    const role = await t.request('POST', `${BASE}/Groups`, {
      body: groupBody('Dana only', { members: [{ value: dana.body.id }] }),
    });
    await t.request('PUT', `${BASE}/Users/${dana.body.id}`, {
      body: userBody('dana@example.test', { displayName: 'Dana D' }),
    });
    const cached = await t.request('GET', `${BASE}/Groups/${role.body.id}`, {
      headers: { 'if-none-match': role.body.meta.version },
    });

    expect(cached.status).toBe(200);
    expect(cached.body.members[0].display).toBe('Dana D');
    expect(cached.body.meta.version).toBe('W/"2"');
  });

  it('streams the full representation as the projected one renders it', async () => {
    const role = await t.request('POST', `${BASE}/Groups`, {
      body: groupBody('Streamed', { members: [{ value: alice.id }, { value: bob.id }] }),
    });
    const streamed = await t.request('GET', `${BASE}/Groups/${role.body.id}`);
    const projected = await t.request(
      'GET',
      `${BASE}/Groups/${role.body.id}?attributes=displayName,members,externalId`,
    );

    expect(streamed.headers['content-type']).toBe('application/scim+json');
    expect(streamed.headers.etag).toBe(streamed.body.meta.version);
    expect(streamed.body).toEqual(projected.body);
    expect(streamed.body.members).toHaveLength(2);
  });

  it('keeps member labels on azure only', async () => {
    const token = await t.tokenFor('azure');
    const created = await t.request('POST', '/provisioning/azure/v2/Groups', {
      token,
      body: groupBody('Labelled', { members: [{ value: bob.id, displayName: 'new User' }] }),
    });
    const azure = await t.request('GET', `/provisioning/azure/v2/Groups/${created.body.id}`, {
      token,
    });
    const generic = await t.request('GET', `${BASE}/Groups/${created.body.id}`);

    expect(azure.body.members[0].display).toBe('new User');
    expect(generic.body.members[0].display).toBe('Bob B');
  });
});
