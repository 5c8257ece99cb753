import { connect } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { groupBody, patchBody, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const BASE = '/provisioning/generic/v2';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

describe.each(testBackends())('hostile input on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });

  afterAll(async () => {
    await t.close();
  });

  const raw = (
    method: string,
    path: string,
    payload: string | Buffer,
    headers: Record<string, string>,
  ) =>
    t.app.server.inject({
      method: method as 'POST',
      url: path,
      payload,
      headers: { authorization: `Bearer ${t.token}`, ...headers },
    });

  it('rejects a NUL character in a string with 400', async () => {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: userBody('nul@example.test', { displayName: 'a\u0000b' }),
    });

    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
    expect(response.body.detail).toContain('U+0000');
  });

  it('rejects an unpaired surrogate with 400', async () => {
    const response = await t.request('POST', `${BASE}/Groups`, {
      body: '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"a\\ud800b"}',
    });

    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('surrogate');
  });

  it('answers 404 for an id with a NUL character', async () => {
    const response = await t.request('GET', `${BASE}/Users/a%00b`);

    expect(response.status).toBe(404);
    expect(response.body.detail).toBe('Resource "a\\u0000b" not found.');
  });

  it('answers 404 for a very long id', async () => {
    const response = await t.request('GET', `${BASE}/Groups/${'r'.repeat(5000)}`);

    expect(response.status).toBe(404);
    expect(response.body.detail.length).toBeLessThan(200);
  });

  it('rejects deeply nested JSON with 400', async () => {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: `${'['.repeat(10000)}${']'.repeat(10000)}`,
    });

    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidSyntax');
    expect(response.body.detail).toContain('64 levels');
  });

  it('rejects an indexed value over 512 characters', async () => {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: userBody(`${'x'.repeat(600)}@example.test`),
    });
    const role = await t.request('POST', `${BASE}/Groups`, { body: groupBody('r'.repeat(513)) });

    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('the limit is 512');
    expect(role.status).toBe(400);
  });

  it('reports numbers out of range by value', async () => {
    const response = await t.request('POST', `${BASE}/Users`, {
      body: '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":1e400}',
    });

    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('Infinity (out of range)');
  });

  it('redacts a token sent in the query string from the request summary', async () => {
    await t.request('GET', `${BASE}/Users?access_token=${t.token}&count=1`, { token: null });
    const summary = t.requests.at(-1)!;

    expect(summary.path).not.toContain(t.token);
    expect(summary.path).toContain('access_token=[redacted]');
    expect(summary.path).toContain('count=1');
  });

  it('limits PATCH operations and values per attribute', async () => {
    const user = await t.request('POST', `${BASE}/Users`, {
      body: userBody('limits@example.test'),
    });
    const operations = Array.from({ length: 1001 }, (_, index) => ({
      op: 'add',
      path: 'emails',
      value: [{ value: `e${index}@example.test` }],
    }));
    const tooMany = await t.request('PATCH', `${BASE}/Users/${user.body.id}`, {
      body: patchBody(...operations),
    });
    const emails = Array.from({ length: 1001 }, (_, index) => ({
      value: `v${index}@example.test`,
    }));
    const tooLarge = await t.request('PATCH', `${BASE}/Users/${user.body.id}`, {
      body: patchBody({ op: 'add', path: 'emails', value: emails }),
    });

    expect(tooMany.status).toBe(413);
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.detail).toContain('the limit is 1000');
  });

  it('merges one-member PATCH operations into one statement run', async () => {
    const users = [];
    for (let index = 0; index < 30; index += 1) {
      users.push(
        (await t.request('POST', `${BASE}/Users`, { body: userBody(`merge${index}@example.test`) }))
          .body.id,
      );
    }
    const group = await t.request('POST', `${BASE}/Groups`, { body: groupBody('Merged adds') });
    const response = await t.request('PATCH', `${BASE}/Groups/${group.body.id}`, {
      body: patchBody(
        ...users.map((id) => ({ op: 'add', path: 'members', value: [{ value: id }] })),
        { op: 'add', path: 'members', value: [{ value: users[0] }] },
        { op: 'remove', path: `members[value eq "${users[1]}"]` },
      ),
    });

    expect(response.status).toBe(200);
    expect(response.body.members).toHaveLength(29);
  });

  describe('bulk', () => {
    it('reports a malformed percent-escape per operation and keeps earlier results', async () => {
      const response = await t.request('POST', `${BASE}/Bulk`, {
        body: {
          schemas: [BULK],
          Operations: [
            {
              method: 'POST',
              path: '/Users',
              bulkId: 'u',
              data: userBody('bulk-escape@example.test'),
            },
            { method: 'DELETE', path: '/Users/%' },
          ],
        },
      });

      expect(response.status).toBe(200);
      expect(response.body.Operations[0].status).toBe('201');
      expect(response.body.Operations[1].status).toBe('400');
      expect(response.body.Operations[1].response.detail).toContain('percent-escape');
    });

    it('answers 409 for an operation that refers to its own bulkId', async () => {
      const response = await t.request('POST', `${BASE}/Bulk`, {
        body: {
          schemas: [BULK],
          Operations: [
            {
              method: 'POST',
              path: '/Groups',
              bulkId: 'self',
              data: groupBody('Self', { members: [{ value: 'bulkId:self' }] }),
            },
          ],
        },
      });

      expect(response.body.Operations[0].status).toBe('409');
    });

    it('rejects keys that differ only in case', async () => {
      const response = await t.request('POST', `${BASE}/Bulk`, {
        body: { schemas: [BULK], Operations: [], operations: [] },
      });

      expect(response.status).toBe(400);
      expect(response.body.detail).toContain('twice');
    });
  });

  it('rejects duplicate search and schemas keys', async () => {
    const search = await t.request('POST', `${BASE}/Users/.search`, {
      body: { schemas: [SEARCH], filter: 'userName pr', Filter: 'title pr' },
    });
    const schemas = await t.request('POST', `${BASE}/Users`, {
      body: { ...userBody('dup-schemas@example.test'), Schemas: ['urn:example:other'] },
    });

    expect(search.status).toBe(400);
    expect(schemas.status).toBe(400);
  });

  describe('media types and encodings', () => {
    it('answers 415 for a malformed content type', async () => {
      const response = await raw(
        'POST',
        `${BASE}/Users`,
        JSON.stringify(userBody('ct@example.test')),
        {
          'content-type': 'application/scim+json,text/html',
        },
      );

      expect(response.statusCode).toBe(415);
      expect(JSON.parse(response.body).detail).toContain('application/scim+json,text/html');
    });

    it('answers 415 for a charset other than UTF-8', async () => {
      const response = await raw(
        'POST',
        `${BASE}/Users`,
        JSON.stringify(userBody('latin@example.test')),
        {
          'content-type': 'application/scim+json; charset=latin1',
        },
      );

      expect(response.statusCode).toBe(415);
    });

    it('answers 415 for a compressed body', async () => {
      const response = await raw(
        'POST',
        `${BASE}/Users`,
        JSON.stringify(userBody('gz@example.test')),
        {
          'content-type': 'application/scim+json',
          'content-encoding': 'br',
        },
      );

      expect(response.statusCode).toBe(415);
      expect(JSON.parse(response.body).detail).toContain('Content-Encoding');
    });

    it('answers 400 for bytes that are not UTF-8', async () => {
      const body = Buffer.concat([
        Buffer.from('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}'),
      ]);
      const response = await raw('POST', `${BASE}/Users`, body, {
        'content-type': 'application/scim+json',
      });

      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body).detail).toContain('UTF-8');
    });
  });

  describe('methods', () => {
    it('serves HEAD like GET without a body', async () => {
      const user = await t.request('POST', `${BASE}/Users`, {
        body: userBody('head@example.test'),
      });
      const response = await t.app.server.inject({
        method: 'HEAD',
        url: `${BASE}/Users/${user.body.id}`,
        headers: { authorization: `Bearer ${t.token}` },
      });

      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('W/"1"');
      expect(response.body).toBe('');
    });

    it('lists the allowed methods for OPTIONS', async () => {
      const response = await t.app.server.inject({ method: 'OPTIONS', url: `${BASE}/Users` });

      expect(response.statusCode).toBe(204);
      expect(response.headers.allow).toBe('GET, POST, OPTIONS');
    });

    it('answers 405 for TRACE and 501 for an unknown method', async () => {
      const trace = await t.app.server.inject({ method: 'TRACE' as 'GET', url: `${BASE}/Users` });
      const propfind = await t.app.server.inject({
        method: 'PROPFIND' as 'GET',
        url: `${BASE}/Users`,
      });

      expect(trace.statusCode).toBe(405);
      expect(JSON.parse(trace.body).status).toBe('405');
      expect(propfind.statusCode).toBe(501);
      expect(JSON.parse(propfind.body).status).toBe('501');
    });

    it('answers a malformed URL escape with a SCIM error', async () => {
      const response = await t.app.server.inject({ method: 'GET', url: `${BASE}/Users/%zz` });

      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body).schemas).toEqual([
        'urn:ietf:params:scim:api:messages:2.0:Error',
      ]);
    });
  });

  it('answers requests the HTTP parser rejects with a SCIM error', async () => {
    await t.app.server.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.addresses()[0] as { port: number };
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(address.port, '127.0.0.1', () => {
        socket.write(
          `GET ${BASE}/Users HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`,
        );
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });

    expect(reply).toMatch(/^HTTP\/1\.1 431 /);
    expect(reply).toContain('application/scim+json');
    expect(reply).toContain('"status":"431"');
  });
});
