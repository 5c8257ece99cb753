import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ERROR_SCHEMA, groupBody, patchBody, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const BASE = '/provisioning/generic/v2';

/** What the version tests need to know about one resource type. */
interface ResourceCase {
  readonly endpoint: 'Users' | 'Groups';
  createBody(name: string): Record<string, unknown>;
  /** A PUT body that changes the resource. */
  replaceBody(name: string, id: string, round: number): Record<string, unknown>;
  /** A PATCH body that changes the resource. */
  changingPatch(round: number): Record<string, unknown>;
  /** A PATCH body that leaves the resource as it is. */
  unchangingPatch(): Record<string, unknown>;
}

const CASES: readonly ResourceCase[] = [
  {
    endpoint: 'Users',
    createBody: (name) => userBody(`${name}@example.test`),
    replaceBody: (name, id, round) =>
      userBody(`${name}@example.test`, { id, title: `Title ${round}` }),
    changingPatch: (round) =>
      patchBody({ op: 'replace', path: 'nickName', value: `Nick ${round}` }),
    unchangingPatch: () => patchBody({ op: 'remove', path: 'profileUrl' }),
  },
  {
    endpoint: 'Groups',
    createBody: (name) => groupBody(name),
    replaceBody: (name, id, round) => groupBody(name, { id, externalId: `ext-${round}` }),
    changingPatch: (round) =>
      patchBody({ op: 'replace', path: 'externalId', value: `patched-${round}` }),
    unchangingPatch: () =>
      patchBody({ op: 'remove', path: 'members[value eq "a-0000000000000000"]' }),
  },
];

/** Checks that a single-resource response carries its version in meta and in ETag. */
function expectVersion(response: TestResponse, version: number): void {
  const tag = `W/"${version}"`;
  expect(response.headers.etag).toBe(tag);
  if (response.body !== undefined) expect(response.body.meta.version).toBe(tag);
}

function expectPreconditionFailed(response: TestResponse): void {
  expect(response.status).toBe(412);
  expect(response.headers['content-type']).toBe('application/scim+json');
  expect(response.body.schemas).toEqual([ERROR_SCHEMA]);
  expect(response.body.status).toBe('412');
}

describe.each(testBackends())('versions and conditional requests on %s', (dialect) => {
  let t: TestApp;
  let counter = 0;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });

  afterAll(async () => {
    await t.close();
  });

  describe.each(CASES)('$endpoint', (resource) => {
    const path = (id: string) => `${BASE}/${resource.endpoint}/${id}`;

    async function create(): Promise<{ id: string; name: string }> {
      counter += 1;
      const name = `versions-${resource.endpoint.toLowerCase()}-${counter}`;
      const response = await t.request('POST', `${BASE}/${resource.endpoint}`, {
        body: resource.createBody(name),
      });
      expect(response.status).toBe(201);
      return { id: response.body.id, name };
    }

    it('sends the version in meta and ETag on every single-resource response', async () => {
      counter += 1;
      const name = `every-${resource.endpoint.toLowerCase()}-${counter}`;
      const created = await t.request('POST', `${BASE}/${resource.endpoint}`, {
        body: resource.createBody(name),
      });
      const id = created.body.id as string;
      const read = await t.request('GET', path(id));
      const replaced = await t.request('PUT', path(id), {
        body: resource.replaceBody(name, id, 1),
      });
      const patched = await t.request('PATCH', path(id), { body: resource.changingPatch(1) });
      const unchanged = await t.request('PATCH', path(id), { body: resource.unchangingPatch() });
      const projected = await t.request('GET', `${path(id)}?attributes=externalId`);

      expect(created.status).toBe(201);
      expectVersion(created, 1);
      expect(read.status).toBe(200);
      expectVersion(read, 1);
      expect(replaced.status).toBe(200);
      expectVersion(replaced, 2);
      expect(patched.status).toBe(200);
      expectVersion(patched, 3);
      expect(unchanged.status).toBe(204);
      expectVersion(unchanged, 3);
      expectVersion(projected, 3);
    });

    it('keeps the version when a PUT changes nothing', async () => {
      const { id, name } = await create();
      const first = await t.request('PUT', path(id), { body: resource.replaceBody(name, id, 5) });
      const again = await t.request('PUT', path(id), { body: resource.replaceBody(name, id, 5) });

      expectVersion(first, 2);
      expect(again.status).toBe(200);
      expectVersion(again, 2);
    });

    it('sends the new version with the 204 of an azure PATCH', async () => {
      const { id } = await create();
      const response = await t.request(
        'PATCH',
        `/provisioning/azure/v2/${resource.endpoint}/${id}`,
        { body: resource.changingPatch(9) },
      );

      expect(response.status).toBe(204);
      expect(response.headers.etag).toBe('W/"2"');
    });

    describe.each(['PUT', 'PATCH', 'DELETE'] as const)('If-Match on %s', (method) => {
      const send = (id: string, name: string, ifMatch: string, round: number) =>
        t.request(method, path(id), {
          headers: { 'if-match': ifMatch },
          body:
            method === 'PUT'
              ? resource.replaceBody(name, id, round)
              : method === 'PATCH'
                ? resource.changingPatch(round)
                : undefined,
        });

      it('answers 412 and changes nothing for another version', async () => {
        const { id, name } = await create();
        const before = await t.request('GET', path(id));

        const response = await send(id, name, 'W/"2"', 1);
        const after = await t.request('GET', path(id));

        expectPreconditionFailed(response);
        expect(response.body.detail).toContain('W/"1"');
        expect(after.status).toBe(200);
        expect(after.body).toEqual(before.body);
      });

      it('applies the request for the current version, weak or strong', async () => {
        for (const tag of ['W/"1"', '"1"', 'W/"7", W/"1"']) {
          const { id, name } = await create();

          const response = await send(id, name, tag, 1);

          expect(response.status).toBe(method === 'DELETE' ? 204 : 200);
          if (method !== 'DELETE') expectVersion(response, 2);
        }
      });

      it('applies the request for *', async () => {
        const { id, name } = await create();
        await t.request('PATCH', path(id), { body: resource.changingPatch(1) });

        const response = await send(id, name, '*', 2);

        expect(response.status).toBe(method === 'DELETE' ? 204 : 200);
        if (method === 'DELETE') expect((await t.request('GET', path(id))).status).toBe(404);
        else expectVersion(response, 3);
      });

      it('answers 412 to a version read before another write', async () => {
        const { id, name } = await create();
        const read = await t.request('GET', path(id));
        await t.request('PATCH', path(id), { body: resource.changingPatch(1) });

        const stale = await send(id, name, read.headers.etag as string, 2);
        const current = await t.request('GET', path(id));
        const fresh = await send(id, name, current.headers.etag as string, 3);

        expectPreconditionFailed(stale);
        expect(fresh.status).toBe(method === 'DELETE' ? 204 : 200);
      });
    });

    describe('If-None-Match on GET', () => {
      it('answers 304 without a body while the version is current', async () => {
        const { id } = await create();

        for (const tag of ['W/"1"', '"1"', '*', 'W/"4", W/"1"']) {
          const response = await t.request('GET', path(id), { headers: { 'if-none-match': tag } });

          expect(response.status).toBe(304);
          expect(response.text).toBe('');
          expect(response.headers.etag).toBe('W/"1"');
        }
      });

      it('answers 200 with the new version after a change', async () => {
        const { id } = await create();
        const first = await t.request('GET', path(id));
        await t.request('PATCH', path(id), { body: resource.changingPatch(1) });

        const response = await t.request('GET', path(id), {
          headers: { 'if-none-match': first.headers.etag as string },
        });

        expect(response.status).toBe(200);
        expectVersion(response, 2);
      });

      it('answers 200 for another version', async () => {
        const { id } = await create();

        const response = await t.request('GET', path(id), {
          headers: { 'if-none-match': 'W/"9"' },
        });

        expect(response.status).toBe(200);
        expectVersion(response, 1);
      });
    });
  });

  describe('group versions and membership', () => {
    async function userId(name: string): Promise<string> {
      const response = await t.request('POST', `${BASE}/Users`, {
        body: userBody(`${name}@example.test`),
      });
      return response.body.id;
    }

    it('moves the group version with each membership change only', async () => {
      const alice = await userId('member-alice');
      const group = await t.request('POST', `${BASE}/Groups`, { body: groupBody('Members A') });
      const id = group.body.id as string;
      const add = patchBody({ op: 'add', path: 'members', value: [{ value: alice }] });
      const remove = patchBody({ op: 'remove', path: `members[value eq "${alice}"]` });

      const added = await t.request('PATCH', `${BASE}/Groups/${id}`, { body: add });
      const addedAgain = await t.request('PATCH', `${BASE}/Groups/${id}`, { body: add });
      const removed = await t.request('PATCH', `${BASE}/Groups/${id}`, { body: remove });
      const removedAgain = await t.request('PATCH', `${BASE}/Groups/${id}`, { body: remove });

      expectVersion(added, 2);
      expect(addedAgain.status).toBe(204);
      expectVersion(addedAgain, 2);
      expectVersion(removed, 3);
      expect(removedAgain.status).toBe(204);
      expectVersion(removedAgain, 3);
    });

    it('moves the group version when a member user is deleted', async () => {
      const bob = await userId('member-bob');
      const group = await t.request('POST', `${BASE}/Groups`, {
        body: groupBody('Members B', { members: [{ value: bob }] }),
      });
      const id = group.body.id as string;

      await t.request('DELETE', `${BASE}/Users/${bob}`);
      const read = await t.request('GET', `${BASE}/Groups/${id}`, {
        headers: { 'if-none-match': 'W/"1"' },
      });

      expect(read.status).toBe(200);
      expectVersion(read, 2);
      expect(read.body.members ?? []).toEqual([]);
    });

    it('rejects a membership PATCH with a stale If-Match and keeps the members', async () => {
      const carol = await userId('member-carol');
      const dave = await userId('member-dave');
      const group = await t.request('POST', `${BASE}/Groups`, {
        body: groupBody('Members C', { members: [{ value: carol }] }),
      });
      const id = group.body.id as string;
      await t.request('PATCH', `${BASE}/Groups/${id}`, {
        body: patchBody({ op: 'add', path: 'members', value: [{ value: dave }] }),
      });

      const stale = await t.request('PATCH', `${BASE}/Groups/${id}`, {
        headers: { 'if-match': 'W/"1"' },
        body: patchBody({ op: 'remove', path: 'members' }),
      });
      const read = await t.request('GET', `${BASE}/Groups/${id}`);

      expectPreconditionFailed(stale);
      expect(read.body.members.map((member: { value: string }) => member.value).sort()).toEqual(
        [carol, dave].sort(),
      );
    });
  });
});
