import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../src/logger.js';
import { groupBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

/** Makes a logger that keeps every line it writes, parsed. */
function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line !== '') lines.push(JSON.parse(line));
      }
      done();
    },
  });
  return { logger: createLogger('info', destination), lines };
}

/**
 * Lengthens display names so that a full response of the large role (about 7 MB) is more than
 * the kernel buffers of a loopback connection hold for a client that does not read.
 */
const PADDING = 'x'.repeat(250);

/** Creates a role containing `count` users written straight to the store. */
async function seedLargeRole(t: TestApp, count: number): Promise<string> {
  const role = await t.request('POST', '/provisioning/generic/v2/Groups', {
    body: groupBody('Very large'),
  });
  const roleId: string = role.body.id;
  const now = new Date().toISOString();
  await t.app.store.transaction(async (store) => {
    const members = [];
    for (let index = 0; index < count; index += 1) {
      const id = `a-${index.toString(16).padStart(8, '0')}00000000`;
      const userName = `bulk${index}@example.test`;
      await store.users.insert({
        id,
        organizationId: t.organizationId,
        userName,
        email: userName,
        givenName: 'Bulk',
        familyName: String(index),
        displayName: `Bulk ${index} ${PADDING}`,
        externalId: null,
        suspended: false,
        permissionLevel: 'user',
        managedBy: null,
        version: 1,
        created: now,
        lastModified: now,
        attributes: { userName, name: { givenName: 'Bulk', familyName: String(index) } },
        passwordHash: null,
      });
      members.push({ userId: id, displayLabel: null });
    }
    await store.roles.addMembers(roleId, members, now);
  });
  return roleId;
}

async function listenOnLoopback(t: TestApp): Promise<number> {
  if (!t.app.server.server.listening) await t.app.server.listen({ host: '127.0.0.1', port: 0 });
  return (t.app.server.addresses()[0] as { port: number }).port;
}

/** Sends a GET over a raw socket and never reads the response. */
async function getWithoutReading(port: number, path: string, token: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.pause();
  socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`);
  return socket;
}

/**
 * Sends a GET over a raw socket and closes the socket: after the first bytes of the response
 * when `leave` is 'first-byte', or the given milliseconds after the request is written.
 */
function getAndLeave(
  port: number,
  path: string,
  token: string,
  leave: 'first-byte' | number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`,
        () => {
          if (leave === 'first-byte') return;
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, leave);
        },
      );
    });
    socket.once('data', () => {
      if (leave !== 'first-byte') return;
      socket.destroy();
      resolve();
    });
    socket.on('error', reject);
  });
}

const MEMBERS = 20_000;

describe.each(testBackends())('streamed member lists on %s', (dialect) => {
  let t: TestApp;
  let roleId: string;
  const { logger, lines } = capturingLogger();

  beforeAll(async () => {
    t = await startTestApp(dialect, { logger });
    roleId = await seedLargeRole(t, MEMBERS);
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it('sends every member of a large role', async () => {
    const response = await t.request('GET', `/provisioning/generic/v2/Groups/${roleId}`);

    expect(response.status).toBe(200);
    expect(response.body.members).toHaveLength(MEMBERS);
    expect(response.body.members[0]).toEqual({
      value: 'a-0000000000000000',
      display: `Bulk 0 ${PADDING}`,
      $ref: 'https://scim.example.test/provisioning/generic/v2/Users/a-0000000000000000',
      type: 'User',
    });
    const values = response.body.members.map((member: { value: string }) => member.value);
    expect(values.at(-1)).toBe(`a-${(MEMBERS - 1).toString(16).padStart(8, '0')}00000000`);
    expect(new Set(values).size).toBe(MEMBERS);
  });

  it('streams the projected member list', async () => {
    // Removing members leaves a list whose length is not a multiple of the page size.
    const removed = ['a-0000000000000000', 'a-000003e800000000', 'a-00004e1f00000000'];
    const patch = await t.request('PATCH', `/provisioning/generic/v2/Groups/${roleId}`, {
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: removed.map((value) => ({
          op: 'remove',
          path: `members[value eq "${value}"]`,
        })),
      },
    });
    const streamed = await t.request('GET', `/provisioning/generic/v2/Groups/${roleId}`);
    const projected = await t.request(
      'GET',
      `/provisioning/generic/v2/Groups/${roleId}?attributes=members`,
    );

    expect(patch.status).toBe(200);
    expect(streamed.body.members).toHaveLength(MEMBERS - removed.length);
    expect(streamed.body.members).toEqual(projected.body.members);
  });

  it('keeps serving after clients leave', async () => {
    const port = await listenOnLoopback(t);
    const path = `/provisioning/generic/v2/Groups/${roleId}`;
    await getAndLeave(port, path, t.token, 'first-byte');
    await Promise.all(Array.from({ length: 4 }, () => getAndLeave(port, path, t.token, 0)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await t.request('GET', `${path}?attributes=displayName`);
    const errors = t.requests.filter(
      (summary) => summary.status >= 500 || summary.errorCode === 'internal_error',
    );

    const cut = t.requests.filter(
      (summary) => summary.path === path && summary.errorCode === 'client_closed',
    );

    expect(after.status).toBe(200);
    expect(errors).toEqual([]);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    // The client that read the first bytes left mid-body, and its request is still logged.
    expect(cut.length).toBeGreaterThanOrEqual(1);
    expect(cut[0]!.status).toBe(200);
    expect(lines.map((line) => line.msg)).toContain(
      'request ended early: the client closed the connection',
    );
  });

  it('serves others while two clients stall', async () => {
    const port = await listenOnLoopback(t);
    const path = `/provisioning/generic/v2/Groups/${roleId}`;
    const stalled = [
      await getWithoutReading(port, path, t.token),
      await getWithoutReading(port, path, t.token),
    ];
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: { authorization: `Bearer ${t.token}` },
        signal: AbortSignal.timeout(20_000),
      });
      const body = (await response.json()) as { members: unknown[] };

      const projected = await t.request('GET', `${path}?attributes=members`);

      expect(response.status).toBe(200);
      expect(body.members).toHaveLength(projected.body.members.length);
    } finally {
      for (const socket of stalled) socket.destroy();
    }
  }, 30_000);
});

describe.each(testBackends())('shutting down while member lists are pending on %s', (dialect) => {
  it('finishes handlers before closing the database', async () => {
    const { logger, lines } = capturingLogger();
    const t = await startTestApp(dialect, { logger });
    const roleId = await seedLargeRole(t, MEMBERS);
    const port = await listenOnLoopback(t);
    const path = `/provisioning/generic/v2/Groups/${roleId}`;

    // Member lists go out two at a time, so most of these still wait for their turn when
    // their clients leave and the server closes.
    await Promise.all(Array.from({ length: 8 }, () => getAndLeave(port, path, t.token, 20)));
    await t.close();

    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  }, 60_000);
});
