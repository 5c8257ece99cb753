import { connect } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { groupBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const MEMBERS = 20_000;

describe('streamed member lists', () => {
  let t: TestApp;
  let roleId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const role = await t.request('POST', '/provisioning/generic/v2/Groups', {
      body: groupBody('Very large'),
    });
    roleId = role.body.id;
    const now = new Date().toISOString();
    await t.app.store.transaction(async (store) => {
      const members = [];
      for (let index = 0; index < MEMBERS; index += 1) {
        const id = `a-${index.toString(16).padStart(8, '0')}00000000`;
        const userName = `bulk${index}@example.test`;
        await store.users.insert({
          id,
          organizationId: t.organizationId,
          userName,
          email: userName,
          givenName: 'Bulk',
          familyName: String(index),
          displayName: `Bulk ${index}`,
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
      display: 'Bulk 0',
      $ref: 'https://scim.example.test/provisioning/generic/v2/Users/a-0000000000000000',
      type: 'User',
    });
  });

  it('keeps serving after a client leaves mid-response', async () => {
    await t.app.server.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.addresses()[0] as { port: number };
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `GET /provisioning/generic/v2/Groups/${roleId} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.token}\r\n\r\n`,
        );
      });
      socket.once('data', () => {
        socket.destroy();
        resolve();
      });
      socket.on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await t.request(
      'GET',
      `/provisioning/generic/v2/Groups/${roleId}?attributes=displayName`,
    );
    const errors = t.requests.filter(
      (summary) => summary.status >= 500 || summary.errorCode === 'internal_error',
    );

    expect(after.status).toBe(200);
    expect(errors).toEqual([]);
  });
});
