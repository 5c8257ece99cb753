import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { groupBody, patchBody, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const BASE = '/provisioning/generic/v2';
const CONCURRENT_REQUESTS = 50;
const SKIP_NOTE = 'this build does not serve PATCH /Users/{id} and PATCH /Groups/{id}';

describe.each(testBackends())('PATCH over HTTP on %s', (dialect) => {
  let app: TestApp;
  let served: boolean;

  beforeAll(async () => {
    app = await startTestApp(dialect);
    // Both endpoints return 405 until the service wires the PATCH engine into them.
    const users = await app.request('PATCH', `${BASE}/Users/a-0000000000000000`, { body: {} });
    const groups = await app.request('PATCH', `${BASE}/Groups/r-0000000000000000`, { body: {} });
    served = users.status !== 405 && groups.status !== 405;
    if (!served) console.warn(`PATCH HTTP tests skipped on ${dialect}: ${SKIP_NOTE}.`);
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach((context) => {
    context.skip(!served, SKIP_NOTE);
  });

  async function createUser(userName: string, extra: Record<string, unknown> = {}) {
    const response = await app.request('POST', `${BASE}/Users`, {
      body: userBody(userName, extra),
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; meta: { version: string } };
  }

  async function createGroup(displayName: string, memberIds: readonly string[] = []) {
    const members = memberIds.map((value) => ({ value }));
    const response = await app.request('POST', `${BASE}/Groups`, {
      body: groupBody(displayName, { members }),
    });
    expect(response.status).toBe(201);
    return response.body as { id: string };
  }

  async function memberIds(groupId: string): Promise<string[]> {
    const response = await app.request('GET', `${BASE}/Groups/${groupId}`);
    expect(response.status).toBe(200);
    const members = (response.body.members ?? []) as { value: string }[];
    return members.map((member) => member.value).sort();
  }

  async function createUsers(prefix: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      ids.push((await createUser(`${prefix}-${index}@example.test`)).id);
    }
    return ids;
  }

  describe('atomicity', () => {
    it('leaves a user unchanged when the last operation fails', async () => {
      const user = await createUser('atomic.user@example.test', { displayName: 'Before' });

      const response = await app.request('PATCH', `${BASE}/Users/${user.id}`, {
        body: patchBody(
          { op: 'replace', path: 'displayName', value: 'After' },
          { op: 'add', path: 'emails', value: [{ value: 'second@example.test', type: 'home' }] },
          { op: 'replace', path: 'active', value: false },
          { op: 'remove', path: 'userName' },
        ),
      });
      const after = await app.request('GET', `${BASE}/Users/${user.id}`);

      expect(response.status).toBe(400);
      expect(response.body.scimType).toBe('mutability');
      expect(response.body.detail).toMatch(/^Operations\[3\]: /);
      expect(after.body.displayName).toBe('Before');
      expect(after.body.active).toBe(true);
      expect(after.body.emails).toHaveLength(1);
      expect(after.body.meta.version).toBe(user.meta.version);
    });

    it('leaves a group unchanged when the last operation fails', async () => {
      const [alice, bob] = await createUsers('atomic-group', 2);
      const group = await createGroup('Atomic Team', [alice!]);

      const response = await app.request('PATCH', `${BASE}/Groups/${group.id}`, {
        body: patchBody(
          { op: 'add', path: 'members', value: [{ value: bob }] },
          { op: 'remove', path: `members[value eq "${alice}"]` },
          { op: 'replace', path: 'displayName', value: '' },
        ),
      });
      const after = await app.request('GET', `${BASE}/Groups/${group.id}`);

      expect(response.status).toBe(400);
      expect(response.body.detail).toBe(
        'could not update role name: cannot update role: invalid operation: name cannot be empty',
      );
      expect(after.body.displayName).toBe('Atomic Team');
      expect(await memberIds(group.id)).toEqual([alice]);
    });

    it('undoes earlier member changes when a member id is unknown', async () => {
      const [alice, bob] = await createUsers('atomic-unknown', 2);
      const group = await createGroup('Unknown Member Team', [alice!]);

      const response = await app.request('PATCH', `${BASE}/Groups/${group.id}`, {
        body: patchBody(
          { op: 'remove', path: `members[value eq "${alice}"]` },
          { op: 'add', path: 'members', value: [{ value: bob }] },
          { op: 'add', path: 'members', value: [{ value: 'a-00000000dddddddd' }] },
        ),
      });

      expect(response.status).toBe(404);
      expect(response.body.detail).toBe('Resource a-00000000dddddddd not found.');
      expect(await memberIds(group.id)).toEqual([alice]);
    });
  });

  describe('concurrency', () => {
    it('keeps every member of simultaneous additions', async () => {
      const ids = await createUsers('concurrent-add', CONCURRENT_REQUESTS);
      const group = await createGroup('Concurrent Adds');

      const responses = await Promise.all(
        ids.map((id) =>
          app.request('PATCH', `${BASE}/Groups/${group.id}`, {
            body: patchBody({ op: 'add', path: 'members', value: [{ value: id }] }),
          }),
        ),
      );

      for (const response of responses) expect([200, 204]).toContain(response.status);
      expect(await memberIds(group.id)).toEqual([...ids].sort());
    });

    it('ends simultaneous additions and removals in the expected set', async () => {
      const ids = await createUsers('concurrent-mixed', CONCURRENT_REQUESTS);
      const leaving = ids.slice(0, CONCURRENT_REQUESTS / 2);
      const joining = ids.slice(CONCURRENT_REQUESTS / 2);
      const group = await createGroup('Concurrent Mix', leaving);

      const removals = leaving.map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` }));
      const additions = joining.map((id) => ({
        op: 'add',
        path: 'members',
        value: [{ value: id }],
      }));
      const operations = removals.flatMap((removal, index) => [removal, additions[index]!]);
      const responses = await Promise.all(
        operations.map((operation) =>
          app.request('PATCH', `${BASE}/Groups/${group.id}`, { body: patchBody(operation) }),
        ),
      );

      for (const response of responses) expect([200, 204]).toContain(response.status);
      expect(await memberIds(group.id)).toEqual([...joining].sort());
    });

    it('keeps every change of simultaneous user updates', async () => {
      const user = await createUser('concurrent.user@example.test');
      const types = ['work', 'home', 'other'];

      const responses = await Promise.all(
        types.map((type) =>
          app.request('PATCH', `${BASE}/Users/${user.id}`, {
            body: patchBody({
              op: 'add',
              path: 'emails',
              value: [{ value: `${type}@example.test`, type }],
            }),
          }),
        ),
      );
      const after = await app.request('GET', `${BASE}/Users/${user.id}`);

      for (const response of responses) expect(response.status).toBe(200);
      const values = (after.body.emails as { value: string }[]).map((email) => email.value);
      for (const type of types) expect(values).toContain(`${type}@example.test`);
    });
  });
});
