import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { groupBody, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const BASE = '/provisioning/generic/v2';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

describe.each(testBackends())('list and search on %s', (dialect) => {
  let t: TestApp;
  const ids: string[] = [];
  let roleId: string;

  const get = (query: string) => t.request('GET', `${BASE}/Users?${query}`);

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const people = [
      ['ann@example.test', 'Ann', 'Smith', 'Sales'],
      ['bob@example.org', 'Bob', 'Jones', 'Sales'],
      ['cid@example.test', 'Cid', 'Smith', 'Support'],
      ['dee@example.test', 'Dee', 'Brown', undefined],
      ['eve@example.test', 'Ève', 'Ödegaard', 'Support'],
    ] as const;
    for (const [userName, givenName, familyName, department] of people) {
      const response = await t.request('POST', `${BASE}/Users`, {
        body: userBody(userName, {
          name: { givenName, familyName },
          emails: [{ value: userName, type: 'work', primary: true }],
          ...(department
            ? { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department } }
            : {}),
        }),
      });
      ids.push(response.body.id);
    }
    const role = await t.request('POST', `${BASE}/Groups`, {
      body: groupBody('Admins', { members: [{ value: ids[0] }, { value: ids[2] }] }),
    });
    roleId = role.body.id;
    await t.request('POST', `${BASE}/Groups`, { body: groupBody('Readers') });
  });

  afterAll(async () => {
    await t.close();
  });

  it('lists every user in id order with integer paging fields', async () => {
    const response = await get('');

    expect(response.status).toBe(200);
    expect(response.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    expect(response.body.totalResults).toBe(5);
    expect(response.body.startIndex).toBe(1);
    expect(response.body.itemsPerPage).toBe(5);
    expect(response.body.Resources.map((user: { id: string }) => user.id)).toEqual([...ids].sort());
  });

  it('finds a user by userName in any case', async () => {
    const response = await get(`filter=${encodeURIComponent('userName eq "ANN@example.test"')}`);

    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0].id).toBe(ids[0]);
  });

  it('answers 200 with no resources when nothing matches', async () => {
    const response = await get(`filter=${encodeURIComponent('userName eq "nobody@example.test"')}`);

    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(0);
    expect(response.body.itemsPerPage).toBe(0);
    expect(response.body.Resources).toEqual([]);
  });

  it('combines and, or and parentheses', async () => {
    const filter = 'name.familyName eq "Smith" and (emails.value co "example.test" or title pr)';
    const response = await get(`filter=${encodeURIComponent(filter)}`);

    expect(response.body.Resources.map((user: { id: string }) => user.id).sort()).toEqual(
      [ids[0], ids[2]].sort(),
    );
  });

  it('filters on non-ASCII values case-insensitively', async () => {
    const response = await get(`filter=${encodeURIComponent('name.familyName eq "ÖDEGAARD"')}`);

    expect(response.body.totalResults).toBe(1);
  });

  it('filters on enterprise attributes and value paths', async () => {
    const department = await get(
      `filter=${encodeURIComponent('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"')}`,
    );
    const valuePath = await get(
      `filter=${encodeURIComponent('emails[type eq "work" and value ew ".org"]')}`,
    );

    expect(department.body.totalResults).toBe(2);
    expect(valuePath.body.Resources.map((user: { id: string }) => user.id)).toEqual([ids[1]]);
  });

  it('filters on group membership and meta.created', async () => {
    const members = await get(`filter=${encodeURIComponent(`groups.value eq "${roleId}"`)}`);
    const created = await get(
      `filter=${encodeURIComponent('meta.created gt "2000-01-01T00:00:00Z"')}`,
    );

    expect(members.body.totalResults).toBe(2);
    expect(created.body.totalResults).toBe(5);
  });

  it('rejects a bad filter with 400 invalidFilter naming the position', async () => {
    const response = await get(`filter=${encodeURIComponent('userName equals "x"')}`);

    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidFilter');
    expect(response.body.detail).toContain('position 9');
  });

  it('rejects an unknown attribute and an operator that does not fit', async () => {
    const unknown = await get(`filter=${encodeURIComponent('shoeSize gt 9')}`);
    const operator = await get(`filter=${encodeURIComponent('active gt true')}`);

    expect(unknown.status).toBe(400);
    expect(unknown.body.scimType).toBe('invalidFilter');
    expect(operator.status).toBe(400);
    expect(operator.body.scimType).toBe('invalidFilter');
  });

  it('accepts unquoted values on azure only', async () => {
    const token = await t.tokenFor('azure');
    const filter = encodeURIComponent('name.familyName eq Smith');
    const azure = await t.request('GET', `/provisioning/azure/v2/Users?filter=${filter}`, {
      token,
    });
    const generic = await get(`filter=${filter}`);

    expect(azure.body.totalResults).toBe(2);
    expect(t.requests.at(-2)!.rules).toContain('bare-filter-values');
    expect(generic.status).toBe(400);
    expect(generic.body.detail).toContain('/provisioning/azure/v2');
  });

  it('pages with startIndex and count, below 1 read as 1', async () => {
    const second = await get('startIndex=2&count=2');
    const zero = await get('startIndex=0&count=1');
    const beyond = await get('startIndex=50');

    expect(second.body.startIndex).toBe(2);
    expect(second.body.itemsPerPage).toBe(2);
    expect(second.body.Resources.map((user: { id: string }) => user.id)).toEqual(
      [...ids].sort().slice(1, 3),
    );
    expect(zero.body.Resources[0].id).toBe([...ids].sort()[0]);
    expect(beyond.body.totalResults).toBe(5);
    expect(beyond.body.Resources).toEqual([]);
  });

  it('returns only totalResults for count=0', async () => {
    const response = await get('count=0');

    expect(response.body.totalResults).toBe(5);
    expect(response.body.itemsPerPage).toBe(0);
    expect(response.body.Resources).toEqual([]);
  });

  it('rejects a count that is not a number', async () => {
    const response = await get('count=ten');

    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('count');
  });

  it('sorts by a single-valued attribute in both orders', async () => {
    const ascending = await get('sortBy=name.givenName');
    const descending = await get('sortBy=name.givenName&sortOrder=descending');
    const names = (response: typeof ascending) =>
      response.body.Resources.map((user: { name: { givenName: string } }) => user.name.givenName);

    expect(names(ascending)).toEqual(['Ann', 'Bob', 'Cid', 'Dee', 'Ève']);
    expect(names(descending)).toEqual(['Ève', 'Dee', 'Cid', 'Bob', 'Ann']);
  });

  it('projects attributes and always returns id, meta and schemas', async () => {
    const response = await get('attributes=userName,name.familyName');
    const first = response.body.Resources[0];

    expect(Object.keys(first).sort()).toEqual(['id', 'meta', 'name', 'schemas', 'userName']);
    expect(Object.keys(first.name)).toEqual(['familyName']);
  });

  it('excludes attributes', async () => {
    const response = await t.request(
      'GET',
      `${BASE}/Users/${ids[0]}?excludedAttributes=emails,groups`,
    );

    expect(response.body.emails).toBeUndefined();
    expect(response.body.groups).toBeUndefined();
    expect(response.body.userName).toBe('ann@example.test');
  });

  it('rejects an unknown attribute in attributes', async () => {
    const response = await get('attributes=shoeSize');

    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });

  it('reads groups without members when they are excluded', async () => {
    const response = await t.request(
      'GET',
      `${BASE}/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "admins"')}`,
    );

    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0].displayName).toBe('Admins');
    expect(response.body.Resources[0].members).toBeUndefined();
  });

  it('filters groups by member', async () => {
    const response = await t.request(
      'GET',
      `${BASE}/Groups?filter=${encodeURIComponent(`members.value eq "${ids[2]}"`)}`,
    );

    expect(response.body.Resources.map((group: { id: string }) => group.id)).toEqual([roleId]);
    expect(response.body.Resources[0].members).toHaveLength(2);
  });

  it('runs the same query from a .search body', async () => {
    const response = await t.request('POST', `${BASE}/Users/.search`, {
      body: {
        schemas: [SEARCH],
        filter: 'name.familyName eq "Smith"',
        attributes: ['userName'],
        sortBy: 'userName',
        startIndex: 1,
        count: 10,
      },
    });

    expect(response.status).toBe(200);
    expect(response.body.Resources.map((user: { userName: string }) => user.userName)).toEqual([
      'ann@example.test',
      'cid@example.test',
    ]);
  });

  it('searches users and groups together at the root', async () => {
    const all = await t.request('POST', `${BASE}/.search`, { body: { schemas: [SEARCH] } });
    const paged = await t.request('POST', `${BASE}/.search`, {
      body: { schemas: [SEARCH], startIndex: 5, count: 2 },
    });
    const byName = await t.request('POST', `${BASE}/.search`, {
      body: { schemas: [SEARCH], filter: 'displayName eq "Readers"' },
    });

    expect(all.body.totalResults).toBe(7);
    expect(paged.body.Resources.map((resource: { id: string }) => resource.id[0])).toEqual([
      'a',
      'r',
    ]);
    expect(byName.body.totalResults).toBe(1);
    expect(byName.body.Resources[0].meta.resourceType).toBe('Group');
  });

  it('rejects a .search body without the SearchRequest schema', async () => {
    const response = await t.request('POST', `${BASE}/Users/.search`, {
      body: { filter: 'userName pr' },
    });

    expect(response.status).toBe(400);
  });
});
