import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest, flushActivity } from '../support/admin-api.js';
import { replaySession } from '../support/replay-export.js';
import { groupBody, patchBody, userBody } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

const OKTA = '/provisioning/okta/v2';
const GENERIC = '/provisioning/generic/v2';
const PASSWORD = 'Pa55word-that-must-not-leak-9f3c';

interface Entry {
  id: string;
  time: string;
  source: string;
  provider: string | null;
  actor: string | null;
  method: string;
  path: string;
  status: number;
  resourceIds: string[];
  rules: string[];
  ignoredAttributes: string[];
  error: { code: string; detail: string } | null;
  requestBody?: unknown;
}

describe.each(testBackends())('activity log on %s', (dialect) => {
  let t: TestApp;
  let okta: string;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    okta = await t.tokenFor('okta');
    const created = await t.request('POST', `${OKTA}/Users`, {
      body: userBody('logged@example.test', { password: PASSWORD, nickName: 'L', shoeSize: 44 }),
      token: okta,
    });
    userId = created.body.id;
  });

  afterAll(async () => {
    await t.close();
  });

  async function entries(query = ''): Promise<Entry[]> {
    const response = await adminRequest(t, 'GET', `/activity${query}`);
    expect(response.status).toBe(200);
    return response.body.entries;
  }

  it('records a SCIM request with what it touched', async () => {
    const [entry] = await entries(`?resourceId=${userId}&method=POST`);

    expect(entry).toMatchObject({
      source: 'scim',
      provider: 'okta',
      flavour: 'okta',
      actor: expect.stringMatching(/^t-[0-9a-f]{16}$/),
      method: 'POST',
      path: `${OKTA}/Users`,
      status: 201,
      resourceIds: [userId],
      ignoredAttributes: ['shoeSize'],
      error: null,
    });
    expect(entry!.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(typeof (entry as unknown as { durationMs: number }).durationMs).toBe('number');
  });

  it('keeps the body with the password redacted in the entry detail', async () => {
    const [entry] = await entries(`?resourceId=${userId}&method=POST`);
    const detail = await adminRequest(t, 'GET', `/activity/${entry!.id}`);

    expect(detail.status).toBe(200);
    expect(detail.body.entry.requestBody).toMatchObject({
      userName: 'logged@example.test',
      password: '[redacted]',
    });
    expect(detail.text).not.toContain(PASSWORD);
  });

  it('never writes a SCIM password to the database', async () => {
    await t.request('PUT', `${OKTA}/Users/${userId}`, {
      body: userBody('logged@example.test', { password: PASSWORD }),
      token: okta,
    });
    await t.request('POST', `${OKTA}/Bulk`, {
      body: { Operations: [{ method: 'POST', path: '/Users', data: { password: PASSWORD } }] },
      token: okta,
    });
    await flushActivity(t);
    const rows = await sql`select * from activity_log`.execute(t.app.store.db);

    expect(rows.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows.rows)).not.toContain(PASSWORD);
    if (dialect === 'sqlite') {
      const folder = await databaseFolder(t);
      const files = readdirSync(folder);
      expect(files).toContain('rolecall.db');
      for (const file of files) {
        expect(readFileSync(join(folder, file)).includes(PASSWORD), file).toBe(false);
      }
    }
  });

  it('records the normalization rules that fired', async () => {
    const response = await t.request('POST', `${OKTA}/Users`, {
      body: userBody('rules@example.test', { active: 'True' }),
      token: okta,
    });
    const [entry] = await entries(`?resourceId=${response.body.id}`);

    expect(entry!.rules).toContain('string-boolean');
  });

  it('records the error code and detail of a failed request', async () => {
    await t.request('POST', `${OKTA}/Users`, {
      body: userBody('LOGGED@example.test'),
      token: okta,
    });
    const [entry] = await entries('?status=409');

    expect(entry!.error).toEqual({
      code: 'uniqueness',
      detail: 'One or more of the attribute values are already in use or are reserved.',
    });
    expect(entry!.status).toBe(409);
  });

  it('records an unauthenticated request against the only organization', async () => {
    await t.request('POST', `${GENERIC}/Users`, {
      body: userBody('unauthenticated@example.test'),
      token: 'rcl_wrong',
    });
    const [entry] = await entries('?status=401&source=scim');

    expect(entry).toMatchObject({
      status: 401,
      provider: null,
      method: 'POST',
      path: `${GENERIC}/Users`,
    });
    expect(entry!.error!.code).toBe('invalid_token');
  });

  it('records admin requests with the admin token as actor', async () => {
    await adminRequest(t, 'GET', `/users/${userId}`);
    const tokens = await adminRequest(t, 'GET', '/tokens');
    const adminTokenId = tokens.body.tokens.find(
      (token: { kind: string }) => token.kind === 'admin',
    ).id;
    const [entry] = await entries(`?source=admin&resourceId=${userId}`);

    expect(entry).toMatchObject({
      source: 'admin',
      actor: adminTokenId,
      method: 'GET',
      path: `/admin/v1/users/${userId}`,
      status: 200,
    });
  });

  it('records an admin request with a wrong token, without an actor', async () => {
    await adminRequest(t, 'GET', '/roles', { token: 'rcl_wrong' });
    const [entry] = await entries('?source=admin&status=401');

    expect(entry).toMatchObject({ status: 401, actor: null, path: '/admin/v1/roles' });
    expect(entry!.error!.code).toBe('invalid_token');
  });

  it('records a rejected admin request with its error', async () => {
    await adminRequest(t, 'POST', '/roles', { body: { name: '' } });
    const [entry] = await entries('?source=admin&status=400');

    expect(entry!.error!.code).toBe('invalid_value');
    expect(entry!.path).toBe('/admin/v1/roles');
  });

  it('filters by status class, provider and method', async () => {
    const clientErrors = await entries('?status=4xx&limit=500');
    const okta = await entries('?provider=okta&limit=500');
    const posts = await entries('?method=post&limit=500');

    expect(clientErrors.length).toBeGreaterThan(0);
    expect(clientErrors.every((entry) => entry.status >= 400 && entry.status < 500)).toBe(true);
    expect(okta.every((entry) => entry.provider === 'okta')).toBe(true);
    expect(posts.every((entry) => entry.method === 'POST')).toBe(true);
  });

  it('filters by several statuses at once', async () => {
    const mixed = await entries('?status=201,409&limit=500');

    expect(new Set(mixed.map((entry) => entry.status))).toEqual(new Set([201, 409]));
  });

  it('filters by time range', async () => {
    const all = await entries('?source=scim&limit=500');
    const oldest = all.at(-1)!.time;
    const future = await entries('?since=2999-01-01T00:00:00Z');
    const untilOldest = await entries(`?source=scim&until=${encodeURIComponent(oldest)}`);
    const sinceOldest = await entries(`?source=scim&since=${encodeURIComponent(oldest)}&limit=500`);
    const recent = await entries('?source=scim&since=1h&limit=500');
    const lastWeek = await entries('?source=scim&until=7d');

    expect(future).toEqual([]);
    expect(untilOldest).toEqual([]);
    expect(sinceOldest.map((entry) => entry.id)).toEqual(all.map((entry) => entry.id));
    expect(recent.map((entry) => entry.id)).toEqual(all.map((entry) => entry.id));
    expect(lastWeek).toEqual([]);
  });

  it('lists newest first and pages with a cursor', async () => {
    // SCIM entries only: every listing adds an admin entry of its own.
    const all = await entries('?source=scim&limit=500');
    const first = await adminRequest(t, 'GET', '/activity?source=scim&limit=2');
    const second = await adminRequest(
      t,
      'GET',
      `/activity?source=scim&limit=2&cursor=${first.body.nextCursor}`,
    );
    const times = all.map((entry) => entry.time);

    expect(times).toEqual([...times].sort().reverse());
    expect(first.body.entries.map((entry: Entry) => entry.id)).toEqual(
      all.slice(0, 2).map((entry) => entry.id),
    );
    expect(second.body.entries.map((entry: Entry) => entry.id)).toEqual(
      all.slice(2, 4).map((entry) => entry.id),
    );
  });

  it('returns no cursor on the last page', async () => {
    const response = await adminRequest(t, 'GET', '/activity?limit=500');

    expect(response.body.nextCursor).toBeNull();
  });

  it.each([
    ['?status=4x', 'Invalid status "4x"'],
    ['?status=700', 'Invalid status "700"'],
    ['?since=yesterday', 'Invalid since "yesterday"'],
    ['?source=idp', 'Invalid source "idp": expected one of scim, admin, cli'],
    ['?cursor=abc', 'Invalid cursor "abc"'],
    ['?limit=0', 'Invalid limit parameter "0"'],
  ])('rejects an invalid filter %s', async (query, message) => {
    const response = await adminRequest(t, 'GET', `/activity${query}`);

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });

  it('answers 404 for an unknown entry', async () => {
    const response = await adminRequest(t, 'GET', '/activity/00000000-0000-0000-0000-000000000000');

    expect(response.status).toBe(404);
  });

  it('records a PATCH body with a password path redacted', async () => {
    await t.request('PATCH', `${OKTA}/Users/${userId}`, {
      body: patchBody({ op: 'replace', path: 'password', value: PASSWORD }),
      token: okta,
    });
    const [entry] = await entries(`?method=PATCH&resourceId=${userId}`);
    const listed = entry ?? (await entries('?method=PATCH'))[0];
    const detail = await adminRequest(t, 'GET', `/activity/${listed!.id}`);

    expect(detail.text).not.toContain(PASSWORD);
    expect(detail.body.entry.requestBody.Operations[0].value).toBe('[redacted]');
  });

  it('exports a session in the replay corpus format with captured ids', async () => {
    const user = await t.request('POST', `${OKTA}/Users`, {
      body: userBody('replay@example.test', { password: PASSWORD }),
      token: okta,
    });
    const id = user.body.id;
    await t.request('GET', `${OKTA}/Users/${id}`, { token: okta });
    const group = await t.request('POST', `${OKTA}/Groups`, {
      body: groupBody('Replayed', { members: [{ value: id }] }),
      token: okta,
    });
    await t.request('DELETE', `${OKTA}/Groups/${group.body.id}`, { token: okta });
    const since = user.body.meta.created;
    const response = await adminRequest(
      t,
      'GET',
      `/activity/export?provider=okta&since=${encodeURIComponent(since)}`,
    );
    const session = response.body;
    const requests = session.steps.map(
      (step: { request: { method: string; path: string } }) =>
        `${step.request.method} ${step.request.path}`,
    );

    expect(response.status).toBe(200);
    expect(session.sources[0]).toContain(`with provider=okta, since=${since}`);
    expect(session.externalIds).toEqual([]);
    expect(requests).toEqual([
      'POST /Users',
      'GET /Users/{user1}',
      'POST /Groups',
      'DELETE /Groups/{role1}',
    ]);
    expect(session.steps[0]).toMatchObject({
      expect: { all: { status: 201 } },
      capture: { user1: 'id' },
      recorded: { prefix: 'okta', tokenProvider: 'okta' },
    });
    expect(session.steps[0].request.body.password).toBe('[redacted]');
    expect(session.steps[1].request.body).toBeUndefined();
    expect(session.steps[2].request.body.members).toEqual([{ value: '{user1}' }]);
    expect(session.steps[2].capture).toEqual({ role1: 'id' });
    expect(session.steps[3].expect).toEqual({ all: { status: 204 } });
    expect(JSON.stringify(session)).not.toContain(PASSWORD);
  });

  it('exports a session that replays on a fresh server', async () => {
    const user = await t.request('POST', `${OKTA}/Users`, {
      body: userBody('fresh@example.test'),
      token: okta,
    });
    await t.request('PUT', `${OKTA}/Users/${user.body.id}`, {
      body: userBody('fresh@example.test', { displayName: 'Fresh' }),
      token: okta,
    });
    await t.request('POST', `${OKTA}/Users`, { body: userBody('FRESH@example.test'), token: okta });
    const exported = await adminRequest(
      t,
      'GET',
      `/activity/export?provider=okta&since=${encodeURIComponent(user.body.meta.created)}`,
    );
    // The target's backend does not matter here; SQLite keeps the test from creating and
    // dropping a second PostgreSQL database.
    const fresh = await startTestApp('sqlite');
    try {
      const freshOkta = await fresh.tokenFor('okta');
      const statuses = await replaySession(fresh, freshOkta, exported.body);

      expect(statuses).toEqual([201, 200, 409]);
    } finally {
      await fresh.close();
    }
  });

  it('keys a step that fired normalization rules by its prefix', async () => {
    const user = await t.request('POST', `${OKTA}/Users`, {
      body: userBody('keyed@example.test', { active: 'true' }),
      token: okta,
    });
    const response = await adminRequest(t, 'GET', `/activity/export?resourceId=${user.body.id}`);

    expect(response.body.steps[0].expect).toEqual({ okta: { status: 201 } });
    expect(response.body.steps[0].recorded.rules).toContain('string-boolean');
  });

  it('keeps the error detail of a failed step as its expectation', async () => {
    const response = await adminRequest(t, 'GET', '/activity/export?status=409&limit=1');

    expect(response.body.steps[0].expect.all).toEqual({
      status: 409,
      detail: 'One or more of the attribute values are already in use or are reserved.',
    });
  });

  it('lists ids the exported steps use but do not create', async () => {
    const response = await adminRequest(
      t,
      'GET',
      `/activity/export?resourceId=${userId}&method=PUT`,
    );

    expect(response.body.steps.length).toBeGreaterThan(0);
    expect(response.body.externalIds).toEqual([userId]);
    expect(response.body.steps[0].request.path).toBe(`/Users/${userId}`);
  });

  it('leaves unauthenticated requests out of an export', async () => {
    const response = await adminRequest(t, 'GET', '/activity/export?status=401');

    expect(response.body.steps).toEqual([]);
    expect(response.body.description).toContain('left out');
  });

  it('leaves admin requests out of an export', async () => {
    const response = await adminRequest(t, 'GET', '/activity/export?source=admin');

    expect(response.body.steps).toEqual([]);
  });
});

/** Folder of the test app's SQLite file, as SQLite reports it. */
async function databaseFolder(t: TestApp): Promise<string> {
  const result = await sql<{ file: string }>`pragma database_list`.execute(t.app.store.db);
  return dirname(result.rows[0]!.file);
}
