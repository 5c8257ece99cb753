import { afterEach, describe, expect, it } from 'vitest';

import { systemClock } from '../../src/clock.js';
import { createIdGenerator, type IdGenerator } from '../../src/ids.js';
import { adminRequest } from '../support/admin-api.js';
import { groupBody, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

/**
 * Issues ids as the application does, except that one call of each kind repeats the id of the
 * call before, as when two creates in one second draw the same random bits. First start takes
 * the first two token ids, so tokens repeat later.
 */
function repeatingIds(): IdGenerator {
  const real = createIdGenerator(systemClock);
  const repeatAfter = (issue: () => string, call: number) => {
    let previous = '';
    let calls = 0;
    return () => {
      calls += 1;
      if (calls !== call + 1) previous = issue();
      return previous;
    };
  };
  return {
    user: repeatAfter(real.user, 1),
    role: repeatAfter(real.role, 1),
    token: repeatAfter(real.token, 3),
    organization: real.organization,
  };
}

const SCIM = '/provisioning/generic/v2';

describe.each(testBackends())('creates whose new id is already taken on %s', (dialect) => {
  let t: TestApp;

  afterEach(async () => {
    await t.close();
  });

  it('stores a second SCIM user and role under fresh ids', async () => {
    t = await startTestApp(dialect, { ids: repeatingIds() });

    const users = [
      await t.request('POST', `${SCIM}/Users`, { body: userBody('first@example.test') }),
      await t.request('POST', `${SCIM}/Users`, { body: userBody('second@example.test') }),
    ];
    const roles = [
      await t.request('POST', `${SCIM}/Groups`, { body: groupBody('First') }),
      await t.request('POST', `${SCIM}/Groups`, { body: groupBody('Second') }),
    ];

    expect(users.map((response) => response.status)).toEqual([201, 201]);
    expect(users[1]!.body.id).not.toBe(users[0]!.body.id);
    expect(roles.map((response) => response.status)).toEqual([201, 201]);
    expect(roles[1]!.body.id).not.toBe(roles[0]!.body.id);
    const second = await t.request('GET', `${SCIM}/Users/${users[1]!.body.id}`);
    expect(second.body.userName).toBe('second@example.test');
  });

  it('stores a second admin user, admin role and token under fresh ids', async () => {
    t = await startTestApp(dialect, { ids: repeatingIds() });
    const secrets = [await t.tokenFor('okta'), await t.tokenFor('azure')];

    const users = [
      await adminRequest(t, 'POST', '/users', {
        body: { email: 'ada@example.test', givenName: 'Ada', familyName: 'Lovelace' },
      }),
      await adminRequest(t, 'POST', '/users', {
        body: { email: 'grace@example.test', givenName: 'Grace', familyName: 'Hopper' },
      }),
    ];
    const roles = [
      await adminRequest(t, 'POST', '/roles', { body: { name: 'First' } }),
      await adminRequest(t, 'POST', '/roles', { body: { name: 'Second' } }),
    ];
    const okta = await t.request('GET', '/provisioning/okta/v2/Users', { token: secrets[0] });
    const azure = await t.request('GET', '/provisioning/azure/v2/Users', { token: secrets[1] });

    expect(users.map((response) => response.status)).toEqual([201, 201]);
    expect(users[1]!.body.user.id).not.toBe(users[0]!.body.user.id);
    expect(roles.map((response) => response.status)).toEqual([201, 201]);
    expect(roles[1]!.body.role.id).not.toBe(roles[0]!.body.role.id);
    expect([okta.status, azure.status]).toEqual([200, 200]);
  });
});
