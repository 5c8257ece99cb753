import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ENTERPRISE_SCHEMA, ERROR_SCHEMA, USER_SCHEMA, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const BASE = '/provisioning/generic/v2';

describe.each(testBackends())('users over HTTP on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });

  afterAll(async () => {
    await t.close();
  });

  it('creates a user with 201, Location and ETag', async () => {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: userBody('create@example.test'),
    });

    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('application/scim+json');
    expect(response.body.id).toMatch(/^a-[0-9a-f]{16}$/);
    expect(response.headers.location).toBe(
      `https://scim.example.test${BASE}/Users/${response.body.id}`,
    );
    expect(response.headers.etag).toBe('W/"1"');
    expect(response.body.meta).toMatchObject({
      resourceType: 'User',
      location: response.headers.location,
      version: 'W/"1"',
    });
    expect(response.body.meta.created).toBe(response.body.meta.lastModified);
  });

  it('derives displayName, name.formatted, userType, active and emails', async () => {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: userBody('derived@example.test'),
    });

    expect(response.body.displayName).toBe('Alice Example');
    expect(response.body.name.formatted).toBe('Alice Example');
    expect(response.body.userType).toBe('user');
    expect(response.body.active).toBe(true);
    expect(response.body.emails).toEqual([{ value: 'derived@example.test', primary: true }]);
    expect(response.body.schemas).toEqual([USER_SCHEMA]);
  });

  it('returns the strongDM documented create example', async () => {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: {
        schemas: [USER_SCHEMA],
        userName: 'myUser@example.test',
        name: { givenName: 'My', familyName: 'User' },
        emails: [{ value: 'myUser@example.test', type: 'work', primary: true }],
        active: true,
      },
    });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      schemas: [USER_SCHEMA],
      userName: 'myUser@example.test',
      name: { givenName: 'My', familyName: 'User', formatted: 'My User' },
      displayName: 'My User',
      active: true,
      emails: [{ value: 'myUser@example.test', type: 'work', primary: true }],
    });
  });

  it('stores enterprise attributes and lists the extension schema', async () => {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: userBody('enterprise@example.test', {
        schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
        [ENTERPRISE_SCHEMA]: { department: 'Sales', Manager: { Value: 'a-0000000000000001' } },
      }),
    });

    expect(response.status).toBe(201);
    expect(response.body.schemas).toEqual([USER_SCHEMA, ENTERPRISE_SCHEMA]);
    expect(response.body[ENTERPRISE_SCHEMA]).toEqual({
      department: 'Sales',
      manager: { value: 'a-0000000000000001' },
    });
  });

  it('reads attribute names case-insensitively and answers in canonical case', async () => {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: {
        Schemas: [USER_SCHEMA],
        USERNAME: 'case@example.test',
        Name: { GivenName: 'Case', FAMILYNAME: 'Insensitive' },
        Emails: [{ Value: 'case@example.test', Primary: true }],
      },
    });

    expect(response.status).toBe(201);
    expect(response.body.userName).toBe('case@example.test');
    expect(response.body.name).toMatchObject({ givenName: 'Case', familyName: 'Insensitive' });
    expect(response.body.emails).toEqual([{ value: 'case@example.test', primary: true }]);
  });

  it('ignores read-only and unknown attributes and never returns the password', async () => {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: userBody('readonly@example.test', {
        id: 'a-ffffffffffffffff',
        meta: { created: '2001-01-01T00:00:00Z' },
        groups: [{ value: 'r-ffffffffffffffff' }],
        password: 'S3cret!',
        favouriteColour: 'green',
      }),
    });

    expect(response.status).toBe(201);
    expect(response.body.id).not.toBe('a-ffffffffffffffff');
    expect(response.body.meta.created).not.toBe('2001-01-01T00:00:00Z');
    expect(response.body.groups).toEqual([]);
    expect(response.body.password).toBeUndefined();
    expect(response.body.favouriteColour).toBeUndefined();
    expect(t.requests.at(-1)!.ignoredAttributes).toEqual(['favouriteColour']);
  });

  it('keeps at most one primary value and drops identical values', async () => {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: userBody('primary@example.test', {
        emails: [
          { value: 'one@example.test', type: 'work', primary: true },
          { value: 'ONE@example.test', type: 'work' },
          { value: 'two@example.test', type: 'home', primary: true },
        ],
      }),
    });

    expect(response.body.emails).toEqual([
      { value: 'one@example.test', type: 'work', primary: false },
      { value: 'two@example.test', type: 'home', primary: true },
    ]);
  });

  it('returns 409 uniqueness when the userName is taken, in any case', async () => {
    await t.request('POST', `${BASE}/Users`, { body: userBody('taken@example.test') });
    const response = await t.request('POST', `${BASE}/Users`, {
      body: userBody('TAKEN@example.test'),
    });

    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      schemas: [ERROR_SCHEMA],
      scimType: 'uniqueness',
      detail: 'One or more of the attribute values are already in use or are reserved.',
      status: '409',
    });
  });

  it('returns the strongDM text when userName is missing', async () => {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: { schemas: [USER_SCHEMA], name: { givenName: 'No', familyName: 'Name' } },
    });

    expect(response.status).toBe(400);
    expect(response.body.detail).toBe(
      'could not create user: cannot create user: invalid operation: email cannot be blank',
    );
    expect(response.body.status).toBe('400');
  });

  it('rejects a user without name.givenName', async () => {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: { schemas: [USER_SCHEMA], userName: 'nogiven@example.test', name: { familyName: 'X' } },
    });

    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
    expect(response.body.detail).toContain('name.givenName');
  });

  it('reads a user and answers 304 to a matching If-None-Match', async () => {
    const created = await t.request('POST', `${BASE}/Users`, {
      body: userBody('read@example.test'),
    });
    const read = await t.request('GET', `${BASE}/Users/${created.body.id}`);
    const cached = await t.request('GET', `${BASE}/Users/${created.body.id}`, {
      headers: { 'if-none-match': 'W/"1"' },
    });

    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(cached.status).toBe(304);
    expect(cached.text).toBe('');
  });

  it('returns the strongDM 404 text for an unknown id', async () => {
    const response = await t.request('GET', `${BASE}/Users/a-0123456789abcdef`);

    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      schemas: [ERROR_SCHEMA],
      detail: 'Resource a-0123456789abcdef not found.',
      status: '404',
    });
  });

  it('replaces a user, clearing omitted attributes but keeping active', async () => {
    const created = await t.request('POST', `${BASE}/Users`, {
      body: userBody('replace@example.test', { title: 'Engineer', active: false }),
    });
    const replaced = await t.request('PUT', `${BASE}/Users/${created.body.id}`, {
      body: userBody('replace@example.test', { id: created.body.id, nickName: 'Al' }),
    });

    expect(replaced.status).toBe(200);
    expect(replaced.body.title).toBeUndefined();
    expect(replaced.body.nickName).toBe('Al');
    expect(replaced.body.active).toBe(false);
    expect(replaced.body.meta.version).toBe('W/"2"');
    expect(replaced.headers.etag).toBe('W/"2"');
  });

  it('rejects a PUT whose body id differs from the URL with 400 mutability', async () => {
    const created = await t.request('POST', `${BASE}/Users`, {
      body: userBody('mut@example.test'),
    });
    const response = await t.request('PUT', `${BASE}/Users/${created.body.id}`, {
      body: userBody('mut@example.test', { id: 'a-0000000000000000' }),
    });

    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('mutability');
  });

  it('returns 412 when If-Match names another version', async () => {
    const created = await t.request('POST', `${BASE}/Users`, {
      body: userBody('etag@example.test'),
    });
    const response = await t.request('PUT', `${BASE}/Users/${created.body.id}`, {
      body: userBody('etag@example.test', { title: 'x' }),
      headers: { 'if-match': 'W/"7"' },
    });
    const matching = await t.request('PUT', `${BASE}/Users/${created.body.id}`, {
      body: userBody('etag@example.test', { title: 'x' }),
      headers: { 'if-match': 'W/"1"' },
    });

    expect(response.status).toBe(412);
    expect(response.body.status).toBe('412');
    expect(matching.status).toBe(200);
  });

  it('deletes a user with 204 and then answers 404', async () => {
    const created = await t.request('POST', `${BASE}/Users`, {
      body: userBody('delete@example.test'),
    });
    const deleted = await t.request('DELETE', `${BASE}/Users/${created.body.id}`);
    const again = await t.request('GET', `${BASE}/Users/${created.body.id}`);

    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(again.status).toBe(404);
  });

  it('coerces string booleans on azure and rejects them on generic', async () => {
    const azureToken = await t.tokenFor('azure');
    const azure = await t.request('POST', '/provisioning/azure/v2/Users', {
      token: azureToken,
      body: userBody('strbool@example.test', { active: 'False' }),
    });
    const generic = await t.request('POST', `${BASE}/Users`, {
      body: userBody('strbool2@example.test', { active: 'True' }),
    });

    expect(azure.status).toBe(201);
    expect(azure.body.active).toBe(false);
    expect(t.requests.at(-2)!.rules).toContain('string-boolean');
    expect(generic.status).toBe(400);
    expect(generic.body.scimType).toBe('invalidValue');
    expect(generic.body.detail).toContain('/provisioning/azure/v2');
  });
});
