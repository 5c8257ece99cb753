import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServerProcess, type RunningServer } from '../support/cli-process.js';
import { groupBody, patchBody, userBody } from '../support/fixtures.js';
import { createEmptyPostgresDatabase, testBackends } from '../support/test-database.js';

/*
 * Two `rolecall serve` processes on one PostgreSQL database, as behind a load balancer. They
 * start together on an empty database, so their migrations and first-start bootstrap race too.
 * Requests alternate between the instances.
 */

const BASE = '/provisioning/generic/v2';

interface Reply {
  readonly status: number;
  readonly etag: string | null;
  readonly body: any;
}

describe.runIf(testBackends().includes('postgres'))(
  'two instances on one PostgreSQL database',
  () => {
    let database: { url: string; drop(): Promise<void> };
    let instances: RunningServer[];
    let token: string;
    let counter = 0;

    beforeAll(async () => {
      database = await createEmptyPostgresDatabase();
      instances = await Promise.all([
        startServerProcess(['--database-url', database.url]),
        startServerProcess(['--database-url', database.url]),
      ]);
      const banner = instances.map((instance) => instance.output()).join('\n');
      token = /generic provisioning token: (\S+)/.exec(banner)?.[1] ?? '';
    });

    afterAll(async () => {
      for (const instance of instances ?? []) {
        if (instance.process.exitCode === null) await instance.stop();
      }
      await database?.drop();
    });

    /** Sends a SCIM request to instance `index` (0 or 1; larger numbers wrap). */
    async function send(
      index: number,
      method: string,
      path: string,
      options: { body?: unknown; headers?: Record<string, string> } = {},
    ): Promise<Reply> {
      const response = await fetch(`${instances[index % 2]!.origin}${BASE}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/scim+json',
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await response.text();
      return {
        status: response.status,
        etag: response.headers.get('etag'),
        body: text === '' ? undefined : JSON.parse(text),
      };
    }

    function expectNoServerErrors(replies: readonly Reply[]): void {
      expect(replies.filter((reply) => reply.status >= 500).map((reply) => reply.body)).toEqual([]);
    }

    async function createUsers(count: number): Promise<string[]> {
      const ids: string[] = [];
      for (let index = 0; index < count; index += 1) {
        counter += 1;
        const reply = await send(index, 'POST', '/Users', {
          body: userBody(`instance-${counter}@example.test`),
        });
        expect(reply.status).toBe(201);
        ids.push(reply.body.id);
      }
      return ids;
    }

    async function createGroup(members: readonly string[]): Promise<string> {
      counter += 1;
      const reply = await send(counter, 'POST', '/Groups', {
        body: groupBody(`Instances ${counter}`, { members: members.map((value) => ({ value })) }),
      });
      expect(reply.status).toBe(201);
      return reply.body.id;
    }

    async function memberIds(index: number, groupId: string): Promise<string[]> {
      const reply = await send(index, 'GET', `/Groups/${groupId}`);
      return ((reply.body.members ?? []) as { value: string }[])
        .map((member) => member.value)
        .sort();
    }

    it('creates one organization when both start on an empty database', async () => {
      const outputs = instances.map((instance) => instance.output());
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      let organizations: number;
      try {
        const result = await client.query<{ n: string }>('select count(*) as n from organizations');
        organizations = Number(result.rows[0]!.n);
      } finally {
        await client.end();
      }

      expect(outputs.filter((output) => output.includes('Created organization'))).toHaveLength(1);
      expect(organizations).toBe(1);
      expect(token).toMatch(/^rcl_/);
      for (const index of [0, 1]) expect((await send(index, 'GET', '/Users')).status).toBe(200);
    });

    it('loses no membership change from PATCHes sent to both instances', async () => {
      const users = await createUsers(40);
      const groupId = await createGroup(users.slice(0, 20));
      const bodies = [
        ...users
          .slice(20)
          .map((value) => patchBody({ op: 'add', path: 'members', value: [{ value }] })),
        ...users
          .slice(0, 10)
          .map((id) => patchBody({ op: 'remove', path: `members[value eq "${id}"]` })),
      ];

      const replies = await Promise.all(
        bodies.map((body, index) => send(index, 'PATCH', `/Groups/${groupId}`, { body })),
      );

      expectNoServerErrors(replies);
      expect(replies.every((reply) => reply.status === 200)).toBe(true);
      for (const index of [0, 1])
        expect(await memberIds(index, groupId)).toEqual(users.slice(10).sort());
      expect((await send(1, 'GET', `/Groups/${groupId}`)).etag).toBe(`W/"${1 + bodies.length}"`);
    });

    it('loses no membership change from If-Match clients that retry on 412', async () => {
      const users = await createUsers(16);
      const groupId = await createGroup(users.slice(0, 8));
      const operations = [
        ...users.slice(8).map((value) => ({ op: 'add', path: 'members', value: [{ value }] })),
        ...users.slice(0, 4).map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` })),
      ];

      const patchUntilApplied = async (
        operation: Record<string, unknown>,
        client: number,
      ): Promise<Reply> => {
        for (let attempt = 0; ; attempt += 1) {
          const read = await send(client + attempt, 'GET', `/Groups/${groupId}?attributes=id`);
          const reply = await send(client + attempt + 1, 'PATCH', `/Groups/${groupId}`, {
            headers: { 'if-match': read.etag! },
            body: patchBody(operation),
          });
          if (reply.status !== 412) return reply;
        }
      };
      const replies = await Promise.all(operations.map(patchUntilApplied));

      expectNoServerErrors(replies);
      expect(replies.every((reply) => reply.status === 200)).toBe(true);
      expect(await memberIds(0, groupId)).toEqual(users.slice(4).sort());
      expect((await send(0, 'GET', `/Groups/${groupId}`)).etag).toBe(
        `W/"${1 + operations.length}"`,
      );
    });

    it('applies concurrent PUTs of a group on both instances atomically', async () => {
      const users = await createUsers(24);
      const groupId = await createGroup([]);
      const candidates = Array.from({ length: 4 }, (_, index) => ({
        displayName: `Put ${counter}-${index}`,
        externalId: `put-${index}`,
        members: users.slice(index * 6, index * 6 + 6),
      }));
      const bodies = candidates.map(({ displayName, externalId, members }) =>
        groupBody(displayName, { externalId, members: members.map((value) => ({ value })) }),
      );

      for (let round = 0; round < 5; round += 1) {
        const replies = await Promise.all(
          bodies.map((body, index) => send(index + round, 'PUT', `/Groups/${groupId}`, { body })),
        );
        const final = await send(round, 'GET', `/Groups/${groupId}`);

        expectNoServerErrors(replies);
        expect(replies.every((reply) => reply.status === 200)).toBe(true);
        const winner = candidates.find(
          (candidate) => candidate.displayName === final.body.displayName,
        );
        expect(winner).toBeDefined();
        expect(final.body.externalId).toBe(winner!.externalId);
        expect(await memberIds(round + 1, groupId)).toEqual([...winner!.members].sort());
      }
    });

    it('answers one 201 and one 409 to the same userName created on both', async () => {
      for (let round = 0; round < 10; round += 1) {
        counter += 1;
        const userName = `race-${counter}@example.test`;

        const replies = await Promise.all([
          send(0, 'POST', '/Users', { body: userBody(userName) }),
          send(1, 'POST', '/Users', { body: userBody(userName.toUpperCase()) }),
        ]);

        expectNoServerErrors(replies);
        expect(replies.map((reply) => reply.status).sort()).toEqual([201, 409]);
        const conflict = replies.find((reply) => reply.status === 409)!;
        expect(conflict.body.scimType).toBe('uniqueness');
      }
    });

    it('honours on one instance the version written through the other', async () => {
      const [userId] = await createUsers(1);
      const path = `/Users/${userId}`;
      const patched = await send(1, 'PATCH', path, {
        body: patchBody({ op: 'replace', path: 'title', value: 'Written on the second' }),
      });

      const stale = await send(0, 'PATCH', path, {
        headers: { 'if-match': 'W/"1"' },
        body: patchBody({ op: 'replace', path: 'title', value: 'Stale' }),
      });
      const current = await send(0, 'PATCH', path, {
        headers: { 'if-match': patched.etag! },
        body: patchBody({ op: 'replace', path: 'title', value: 'Written on the first' }),
      });
      const cached = await send(1, 'GET', path, { headers: { 'if-none-match': current.etag! } });
      const outdated = await send(1, 'GET', path, { headers: { 'if-none-match': patched.etag! } });

      expect(patched.etag).toBe('W/"2"');
      expect(stale.status).toBe(412);
      expect(current.status).toBe(200);
      expect(current.etag).toBe('W/"3"');
      expect(cached.status).toBe(304);
      expect(outdated.status).toBe(200);
      expect(outdated.body.title).toBe('Written on the first');
    });

    it('honours group versions across instances for PUT and DELETE', async () => {
      const groupId = await createGroup([]);
      const path = `/Groups/${groupId}`;
      const renamed = await send(0, 'PUT', path, { body: groupBody(`Renamed ${counter}`) });

      const stalePut = await send(1, 'PUT', path, {
        headers: { 'if-match': 'W/"1"' },
        body: groupBody(`Stale ${counter}`),
      });
      const staleDelete = await send(1, 'DELETE', path, { headers: { 'if-match': 'W/"1"' } });
      const deleted = await send(1, 'DELETE', path, { headers: { 'if-match': renamed.etag! } });
      const gone = await send(0, 'GET', path);

      expect(renamed.etag).toBe('W/"2"');
      expect(stalePut.status).toBe(412);
      expect(staleDelete.status).toBe(412);
      expect(deleted.status).toBe(204);
      expect(gone.status).toBe(404);
    });
  },
);
