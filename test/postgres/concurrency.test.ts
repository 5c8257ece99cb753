import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { groupBody, patchBody, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

/*
 * Concurrent requests against one in-process server. On PostgreSQL they run on separate pool
 * connections, so their transactions overlap. SQLite runs them one at a time and serves as the
 * reference, so both must end in the same state and never respond with 500.
 */

const BASE = '/provisioning/generic/v2';
const UNIQUENESS_DETAIL = 'One or more of the attribute values are already in use or are reserved.';

function statusCounts(responses: readonly TestResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
}

/** Fails with every 5xx body, so a race that surfaces as an internal error shows its request id. */
function expectNoServerErrors(responses: readonly TestResponse[]): void {
  const failures = responses.filter((response) => response.status >= 500);
  expect(failures.map((response) => response.text)).toEqual([]);
}

describe.each(testBackends())('concurrent requests on %s', (dialect) => {
  let t: TestApp;
  let counter = 0;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });

  afterAll(async () => {
    await t.close();
  });

  async function createUsers(count: number, token?: string): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      counter += 1;
      const response = await t.request('POST', `${BASE}/Users`, {
        token,
        body: userBody(`concurrent-${counter}@example.test`, { displayName: `User ${counter}` }),
      });
      expect(response.status).toBe(201);
      ids.push(response.body.id);
    }
    return ids;
  }

  async function createGroup(members: readonly string[]): Promise<string> {
    counter += 1;
    const response = await t.request('POST', `${BASE}/Groups`, {
      body: groupBody(`Concurrent ${counter}`, { members: members.map((value) => ({ value })) }),
    });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  async function memberIds(groupId: string): Promise<string[]> {
    const response = await t.request('GET', `${BASE}/Groups/${groupId}`);
    return ((response.body.members ?? []) as { value: string }[])
      .map((member) => member.value)
      .sort();
  }

  it('loses no membership change from concurrent PATCHes without If-Match', async () => {
    const users = await createUsers(40);
    const groupId = await createGroup(users.slice(0, 20));
    const adds = users
      .slice(20)
      .map((userId) => patchBody({ op: 'add', path: 'members', value: [{ value: userId }] }));
    const removes = users
      .slice(0, 10)
      .map((userId) => patchBody({ op: 'remove', path: `members[value eq "${userId}"]` }));
    const bodies = adds.flatMap((add, index) =>
      index < removes.length ? [add, removes[index]!] : [add],
    );

    const responses = await Promise.all(
      bodies.map((body) => t.request('PATCH', `${BASE}/Groups/${groupId}`, { body })),
    );

    expectNoServerErrors(responses);
    expect(statusCounts(responses)).toEqual({ 200: 30 });
    expect(await memberIds(groupId)).toEqual(users.slice(10).sort());
    const group = await t.request('GET', `${BASE}/Groups/${groupId}`);
    expect(group.body.meta.version).toBe('W/"31"');
  });

  it('loses no membership change from clients that retry on 412 with If-Match', async () => {
    const users = await createUsers(24);
    const groupId = await createGroup(users.slice(0, 12));
    const changes = [
      ...users
        .slice(12)
        .map((userId) => ({ op: 'add', path: 'members', value: [{ value: userId }] })),
      ...users
        .slice(0, 6)
        .map((userId) => ({ op: 'remove', path: `members[value eq "${userId}"]` })),
    ];
    let preconditionFailures = 0;

    const patchWithIfMatch = async (operation: Record<string, unknown>): Promise<TestResponse> => {
      for (;;) {
        const read = await t.request('GET', `${BASE}/Groups/${groupId}?attributes=id`);
        const response = await t.request('PATCH', `${BASE}/Groups/${groupId}`, {
          headers: { 'if-match': read.headers.etag as string },
          body: patchBody(operation),
        });
        if (response.status !== 412) return response;
        preconditionFailures += 1;
      }
    };
    const responses = await Promise.all(changes.map(patchWithIfMatch));

    expectNoServerErrors(responses);
    expect(statusCounts(responses)).toEqual({ 200: changes.length });
    expect(await memberIds(groupId)).toEqual(users.slice(6).sort());
    // Each request that won applied exactly one change, so the version counts them.
    const group = await t.request('GET', `${BASE}/Groups/${groupId}`);
    expect(group.body.meta.version).toBe(`W/"${1 + changes.length}"`);
    expect(preconditionFailures).toBeGreaterThanOrEqual(0);
  });

  it('applies concurrent PUTs of a group atomically', async () => {
    const users = await createUsers(30);
    const groupId = await createGroup(users.slice(0, 5));
    const candidates = Array.from({ length: 6 }, (_, index) => ({
      displayName: `Put winner ${counter}-${index}`,
      members: users.slice(index * 5, index * 5 + 5),
    }));
    const bodies = candidates.map((candidate) =>
      groupBody(candidate.displayName, {
        members: candidate.members.map((value) => ({ value })),
      }),
    );

    for (let round = 0; round < 3; round += 1) {
      const responses = await Promise.all(
        bodies.map((body) => t.request('PUT', `${BASE}/Groups/${groupId}`, { body })),
      );
      const final = await t.request('GET', `${BASE}/Groups/${groupId}`);

      expectNoServerErrors(responses);
      expect(responses.every((response) => response.status === 200)).toBe(true);
      const winner = candidates.find(
        (candidate) => candidate.displayName === final.body.displayName,
      );
      expect(winner).toBeDefined();
      expect(await memberIds(groupId)).toEqual([...winner!.members].sort());
    }
  });

  it('answers one 201 and 409s to simultaneous creates of one userName', async () => {
    for (let round = 0; round < 5; round += 1) {
      counter += 1;
      const userName = `same-name-${counter}@example.test`;
      const spellings = [userName, userName.toUpperCase(), userName, userName];

      const responses = await Promise.all(
        spellings.map((name) => t.request('POST', `${BASE}/Users`, { body: userBody(name) })),
      );

      expectNoServerErrors(responses);
      expect(statusCounts(responses)).toEqual({ 201: 1, 409: 3 });
      for (const response of responses.filter((candidate) => candidate.status === 409)) {
        expect(response.body.scimType).toBe('uniqueness');
        expect(response.body.detail).toBe(UNIQUENESS_DETAIL);
      }
    }
  });

  it('answers one 201 and 409s to simultaneous creates of one group name', async () => {
    const members = await createUsers(3);
    counter += 1;
    const name = `Same group ${counter}`;

    const responses = await Promise.all(
      [name, name.toLowerCase(), name].map((displayName) =>
        t.request('POST', `${BASE}/Groups`, {
          body: groupBody(displayName, { members: members.map((value) => ({ value })) }),
        }),
      ),
    );

    expectNoServerErrors(responses);
    expect(statusCounts(responses)).toEqual({ 201: 1, 409: 2 });
  });

  it('bumps a shared group once per member deleted concurrently', async () => {
    const users = await createUsers(8);
    const groups = [await createGroup(users), await createGroup(users.slice(0, 4))];

    const responses = await Promise.all(
      users.map((userId) => t.request('DELETE', `${BASE}/Users/${userId}`)),
    );

    expectNoServerErrors(responses);
    expect(statusCounts(responses)).toEqual({ 204: 8 });
    const first = await t.request('GET', `${BASE}/Groups/${groups[0]}`);
    const second = await t.request('GET', `${BASE}/Groups/${groups[1]}`);
    expect(first.body.meta.version).toBe('W/"9"');
    expect(second.body.meta.version).toBe('W/"5"');
    expect(first.body.members ?? []).toEqual([]);
  });

  it('never answers 500 when users are deleted while groups naming them change', async () => {
    const okta = await t.tokenFor('okta');
    const azure = await t.tokenFor('azure');

    for (let round = 0; round < 4; round += 1) {
      const users = await createUsers(6);
      const [g1, g2] = [await createGroup(users), await createGroup(users.slice(2))];
      const patch = (groupId: string, token: string, ...operations: Record<string, unknown>[]) =>
        t.request('PATCH', `${BASE}/Groups/${groupId}`, { token, body: patchBody(...operations) });
      const add = (...ids: string[]) => ({
        op: 'add',
        path: 'members',
        value: ids.map((value) => ({ value })),
      });
      const remove = (id: string) => ({ op: 'remove', path: `members[value eq "${id}"]` });

      const responses = await Promise.all([
        t.request('DELETE', `${BASE}/Users/${users[0]}`),
        t.request('DELETE', `${BASE}/Users/${users[2]}`),
        patch(g1, okta, remove(users[0]!), add(users[1]!, users[2]!)),
        patch(g2, azure, add(users[5]!, users[0]!), remove(users[3]!)),
        patch(g1, azure, add(users[4]!), add(users[3]!, users[1]!)),
        patch(g2, okta, add(users[1]!), add(users[2]!, users[4]!)),
        t.request('PUT', `${BASE}/Groups/${g1}`, {
          token: okta,
          body: groupBody(`Replaced ${counter}-${round}`, {
            members: [users[2]!, users[3]!, users[5]!].map((value) => ({ value })),
          }),
        }),
        t.request('POST', `${BASE}/Groups`, {
          body: groupBody(`Created ${counter}-${round}`, {
            members: users.map((value) => ({ value })),
          }),
        }),
      ]);

      expectNoServerErrors(responses);
      for (const response of responses) expect([200, 201, 204, 404]).toContain(response.status);
      for (const groupId of [g1, g2]) {
        const members = await memberIds(groupId);
        expect(members).not.toContain(users[0]);
        expect(members).not.toContain(users[2]);
      }
    }
  });
});
