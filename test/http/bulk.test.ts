import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GROUP_SCHEMA, PATCH_SCHEMA, USER_SCHEMA, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const BASE = '/provisioning/generic/v2';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

describe.each(testBackends())('bulk requests on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });

  afterAll(async () => {
    await t.close();
  });

  const bulk = (Operations: unknown[], extra: Record<string, unknown> = {}) =>
    t.request('POST', `${BASE}/Bulk`, { body: { schemas: [BULK], Operations, ...extra } });

  it('creates a user and a role that refers to it by bulkId, in either order', async () => {
    const response = await bulk([
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'role',
        data: {
          schemas: [GROUP_SCHEMA],
          displayName: 'Bulk role',
          members: [{ value: 'bulkId:user' }],
        },
      },
      { method: 'POST', path: '/Users', bulkId: 'user', data: userBody('bulk@example.test') },
    ]);

    expect(response.status).toBe(200);
    expect(response.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:BulkResponse']);
    const [role, user] = response.body.Operations;
    expect(role).toMatchObject({ method: 'POST', bulkId: 'role', status: '201' });
    expect(user).toMatchObject({ method: 'POST', bulkId: 'user', status: '201', version: 'W/"1"' });
    const userId = user.location.split('/').at(-1);
    const group = await t.request('GET', new URL(role.location).pathname);
    expect(group.body.members.map((member: { value: string }) => member.value)).toEqual([userId]);
  });

  it('runs PUT, PATCH and DELETE with per-operation results', async () => {
    const created = await t.request('POST', `${BASE}/Users`, {
      body: userBody('bulk2@example.test'),
    });
    const id = created.body.id;
    const response = await bulk([
      {
        method: 'PATCH',
        path: `/Users/${id}`,
        data: {
          schemas: [PATCH_SCHEMA],
          Operations: [{ op: 'replace', path: 'title', value: 'T' }],
        },
      },
      {
        method: 'PUT',
        path: `/Users/${id}`,
        version: 'W/"9"',
        data: userBody('bulk2@example.test'),
      },
      { method: 'DELETE', path: `/Users/${id}` },
      { method: 'DELETE', path: `/Users/${id}` },
    ]);

    expect(
      response.body.Operations.map((operation: { status: string }) => operation.status),
    ).toEqual(['200', '412', '204', '404']);
    expect(response.body.Operations[3].response.detail).toBe(`Resource ${id} not found.`);
  });

  it('stops after failOnErrors failures', async () => {
    const response = await bulk(
      [
        { method: 'POST', path: '/Users', bulkId: 'a', data: { schemas: [USER_SCHEMA] } },
        { method: 'POST', path: '/Users', bulkId: 'b', data: { schemas: [USER_SCHEMA] } },
        { method: 'POST', path: '/Users', bulkId: 'c', data: userBody('never@example.test') },
      ],
      { failOnErrors: 2 },
    );

    expect(response.body.Operations).toHaveLength(2);
    expect(response.body.Operations[0].response.detail).toBe(
      'could not create user: cannot create user: invalid operation: email cannot be blank',
    );
  });

  it('reports a reference to a failed operation with 409', async () => {
    const response = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'bad', data: { schemas: [USER_SCHEMA] } },
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'g',
        data: {
          schemas: [GROUP_SCHEMA],
          displayName: 'Refers to bad',
          members: [{ value: 'bulkId:bad' }],
        },
      },
    ]);

    expect(response.body.Operations[1].status).toBe('409');
  });

  it('rejects more operations than the advertised maximum with 413', async () => {
    const operations = Array.from({ length: 1001 }, (_, index) => ({
      method: 'DELETE',
      path: `/Users/a-${String(index).padStart(16, '0')}`,
    }));
    const response = await bulk(operations);

    expect(response.status).toBe(413);
    expect(response.body.detail).toContain('1000');
  });

  it('rejects a POST without bulkId and a request without the schema', async () => {
    const noBulkId = await bulk([
      { method: 'POST', path: '/Users', data: userBody('x@example.test') },
    ]);
    const noSchema = await t.request('POST', `${BASE}/Bulk`, { body: { Operations: [] } });

    expect(noBulkId.status).toBe(400);
    expect(noSchema.status).toBe(400);
  });
});
