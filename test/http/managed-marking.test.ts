import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { groupBody, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

describe.each(testBackends())('managed marking on %s', (dialect) => {
  let t: TestApp;
  let oktaToken: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    oktaToken = await t.tokenFor('okta');
  });

  afterAll(async () => {
    await t.close();
  });

  const userRecord = (id: string) => t.app.store.users.find(t.organizationId, id);
  const roleRecord = (id: string) => t.app.store.roles.find(t.organizationId, id);

  it('marks a created user with the token provider', async () => {
    const created = await t.request('POST', '/provisioning/generic/v2/Users', {
      token: oktaToken,
      body: userBody('marked@example.test'),
    });

    expect((await userRecord(created.body.id))!.managedBy).toBe('okta');
  });

  it('never marks a user created suspended', async () => {
    const created = await t.request('POST', '/provisioning/okta/v2/Users', {
      token: oktaToken,
      body: userBody('suspended@example.test', { active: false }),
    });

    expect((await userRecord(created.body.id))!.managedBy).toBeNull();
    expect((await userRecord(created.body.id))!.suspended).toBe(true);
  });

  it('clears the marking on suspension by PUT and marks again on reactivation', async () => {
    const created = await t.request('POST', '/provisioning/okta/v2/Users', {
      token: oktaToken,
      body: userBody('cycle@example.test'),
    });
    const id = created.body.id;
    await t.request('PUT', `/provisioning/okta/v2/Users/${id}`, {
      token: oktaToken,
      body: userBody('cycle@example.test', { active: false }),
    });
    const suspended = await userRecord(id);
    await t.request('PUT', `/provisioning/okta/v2/Users/${id}`, {
      token: oktaToken,
      body: userBody('cycle@example.test', { active: true }),
    });
    const reactivated = await userRecord(id);

    expect(suspended!.managedBy).toBeNull();
    expect(reactivated!.managedBy).toBe('okta');
  });

  it('does not mark on reads', async () => {
    const genericUser = await t.request('POST', '/provisioning/generic/v2/Users', {
      body: userBody('readonly-mark@example.test'),
    });
    await t.request('GET', `/provisioning/okta/v2/Users/${genericUser.body.id}`, {
      token: oktaToken,
    });

    expect((await userRecord(genericUser.body.id))!.managedBy).toBe('generic');
  });

  it('marks a role and the users named as its members', async () => {
    const member = await t.request('POST', '/provisioning/generic/v2/Users', {
      body: userBody('member-mark@example.test'),
    });
    const role = await t.request('POST', '/provisioning/okta/v2/Groups', {
      token: oktaToken,
      body: groupBody('Marked role', { members: [{ value: member.body.id }] }),
    });

    expect((await roleRecord(role.body.id))!.managedBy).toBe('okta');
    expect((await userRecord(member.body.id))!.managedBy).toBe('okta');
  });

  it('never marks a suspended user named as a member', async () => {
    const member = await t.request('POST', '/provisioning/generic/v2/Users', {
      body: userBody('suspended-member@example.test', { active: false }),
    });
    await t.request('POST', '/provisioning/okta/v2/Groups', {
      token: oktaToken,
      body: groupBody('Suspended member role', { members: [{ value: member.body.id }] }),
    });

    expect((await userRecord(member.body.id))!.managedBy).toBeNull();
  });

  it('never lets SCIM set the permission level', async () => {
    const created = await t.request('POST', '/provisioning/generic/v2/Users', {
      body: userBody('permission@example.test', {
        permissionLevel: 'admin',
        roles: [{ value: 'admin', type: 'admin' }],
      }),
    });

    expect((await userRecord(created.body.id))!.permissionLevel).toBe('user');
    expect(created.body.roles).toEqual([{ value: 'admin', type: 'admin' }]);
  });
});
