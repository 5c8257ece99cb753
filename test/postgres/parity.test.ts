import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { Clock } from '../../src/clock.js';
import type { IdGenerator } from '../../src/ids.js';
import {
  ENTERPRISE_SCHEMA,
  GROUP_SCHEMA,
  groupBody,
  patchBody,
  userBody,
  USER_SCHEMA,
} from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';

/*
 * Runs one scripted session against SQLite and against PostgreSQL and compares every response
 * byte for byte. Ids come from counters and time from a clock that ticks once per reading, so
 * both runs produce the same ids and timestamps and any difference comes from the backend:
 * key order, collation, case folding, counts, paging or errors.
 */

vi.mock('../../src/ids.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/ids.js')>();
  return {
    ...original,
    createIdGenerator: (): IdGenerator => {
      let next = 0;
      const issue = (prefix: string) => {
        next += 1;
        return `${prefix}-${next.toString(16).padStart(8, '0')}66300000`;
      };
      return {
        user: () => issue('a'),
        role: () => issue('r'),
        token: () => issue('t'),
        organization: () => issue('o'),
      };
    },
  };
});

const BASE = '/provisioning/generic/v2';

/** Creates a clock that moves one millisecond each time it is read. */
function tickingClock(): Clock {
  let now = Date.parse('2024-05-01T12:00:00.000Z');
  return { now: () => new Date(now++) };
}

interface Step {
  readonly name: string;
  readonly method: string;
  /** Path under the base URL; `{alice}` stands for the id saved as `alice`. */
  readonly path: string;
  readonly body?: unknown;
  /** Saves the response body's id under this name. */
  readonly save?: string;
}

interface Outcome {
  readonly step: string;
  readonly status: number;
  readonly contentType: unknown;
  readonly etag: unknown;
  readonly location: unknown;
  readonly text: string;
}

const ENTERPRISE = ENTERPRISE_SCHEMA;

/** Creates a user whose body starts with `name`, so stored key order is visible. */
function user(
  key: string,
  userName: string,
  familyName: string,
  extra: Record<string, unknown>,
): Step {
  const givenName = key[0]!.toUpperCase() + key.slice(1);
  const schemas = ENTERPRISE in extra ? [USER_SCHEMA, ENTERPRISE] : [USER_SCHEMA];
  return {
    name: `create ${key}`,
    method: 'POST',
    path: '/Users',
    save: key,
    body: { name: { familyName, givenName }, schemas, userName, ...extra },
  };
}

function group(key: string, displayName: string, members: readonly string[]): Step {
  return {
    name: `create group ${key}`,
    method: 'POST',
    path: '/Groups',
    save: key,
    body: groupBody(displayName, { members: members.map((member) => ({ value: `{${member}}` })) }),
  };
}

function get(path: string): Step {
  return { name: `GET ${path}`, method: 'GET', path };
}

function list(resource: 'Users' | 'Groups', query: Record<string, string>): Step {
  const search = new URLSearchParams(query).toString();
  return get(`/${resource}?${search}`);
}

const STEPS: readonly Step[] = [
  user('alice', 'alice@example.test', 'Zoë', {
    title: 'Engineer',
    emails: [
      { type: 'work', value: 'alice@example.test', primary: true },
      { value: 'a@home.example', type: 'home' },
    ],
    [ENTERPRISE]: { department: 'R&D', costCenter: 'CC-1', employeeNumber: '0042' },
  }),
  user('bob', 'bob@example.test', 'de la Cruz', { displayName: 'bob b', title: 'engineer' }),
  user('carol', 'carol@example.test', "O'Brien", { title: 'Émigré', active: false }),
  user('dave', 'Dave@Example.test', 'zeta', { title: 'Manager', nickName: 'D' }),
  user('erin', 'erin@example.test', 'Ünal', { title: '_intern', externalId: 'ext-erin' }),
  user('frank', 'frank@example.test', 'abc def', { title: 'abc-def' }),
  user('greta', 'greta@example.test', 'ABC', { title: '🚀 launch' }),
  user('hana', 'hana@example.test', 'abc', { title: 'Ａfullwidth' }),
  group('engineering', 'Engineering', ['alice', 'bob', 'carol']),
  group('ops', 'engineering-ops', ['bob']),
  group('equipe', 'Équipe', ['dave', 'erin', 'frank']),
  group('admins', '_Admins', ['alice']),
  group('ab', 'ab', ['frank']),
  group('aSpaceB', 'a b', ['frank']),
  group('zeta', 'Zeta', ['frank', 'greta']),

  list('Users', { sortBy: 'name.familyName' }),
  list('Users', { sortBy: 'name.familyName', sortOrder: 'descending' }),
  list('Users', { sortBy: 'title' }),
  list('Users', { sortBy: 'title', sortOrder: 'descending', attributes: 'title' }),
  list('Users', { sortBy: 'displayName', count: '3', startIndex: '2' }),
  list('Users', { sortBy: 'userName', attributes: 'userName' }),
  list('Users', { sortBy: 'name.givenName', excludedAttributes: 'groups,emails' }),
  list('Users', { filter: 'title gt "e"', sortBy: 'userName', attributes: 'title' }),
  list('Users', { filter: 'title lt "m"', sortBy: 'userName', attributes: 'title' }),
  list('Users', { filter: 'title ge "Émigré"', sortBy: 'userName', attributes: 'title' }),
  list('Users', { filter: 'name.familyName sw "z"', sortBy: 'userName' }),
  list('Users', { filter: 'name.familyName co " "', attributes: 'name' }),
  list('Users', { filter: 'emails[type eq "work" and value ew "example.test"]' }),
  list('Users', { filter: 'userName eq "dave@example.test"' }),
  list('Users', { filter: 'not (active eq true)', attributes: 'active' }),
  list('Users', { filter: 'groups.display eq "engineering"', sortBy: 'userName' }),
  list('Users', { filter: 'meta.created gt "2024-05-01T12:00:00.010Z"', sortBy: 'meta.created' }),
  list('Users', { filter: 'title pr', count: '0' }),
  list('Users', { filter: `${ENTERPRISE}:department eq "r&d"` }),
  list('Users', { filter: 'externalId eq "ext-erin" or nickName eq "d"', sortBy: 'userName' }),
  list('Users', { count: '2', startIndex: '7' }),
  list('Users', { startIndex: '50' }),
  list('Groups', { sortBy: 'displayName' }),
  list('Groups', { sortBy: 'displayName', sortOrder: 'descending', excludedAttributes: 'members' }),
  list('Groups', { filter: 'displayName sw "e"', sortBy: 'displayName' }),
  list('Groups', { filter: 'members.value eq "{bob}"', sortBy: 'displayName' }),
  list('Groups', { filter: 'members.display co "B"', sortBy: 'displayName' }),
  list('Groups', { filter: 'displayName gt "a"', sortBy: 'displayName', count: '2' }),
  get('/Users/{frank}'),
  get('/Users/{alice}'),
  get('/Groups/{engineering}'),
  {
    name: 'search users',
    method: 'POST',
    path: '/Users/.search',
    body: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'title co "e"',
      sortBy: 'title',
      count: 4,
      attributes: ['title', 'userName'],
    },
  },
  {
    name: 'patch alice',
    method: 'PATCH',
    path: '/Users/{alice}',
    body: patchBody(
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'alice.work@example.test' },
      { op: 'add', path: 'phoneNumbers', value: [{ value: '+1 555 0100', type: 'work' }] },
      { op: 'replace', value: { title: 'Staff Engineer', nickName: 'Al' } },
    ),
  },
  {
    name: 'patch engineering members',
    method: 'PATCH',
    path: '/Groups/{engineering}',
    body: patchBody(
      { op: 'add', path: 'members', value: [{ value: '{dave}' }] },
      { op: 'remove', path: 'members[value eq "{bob}"]' },
    ),
  },
  {
    name: 'patch engineering again',
    method: 'PATCH',
    path: '/Groups/{engineering}',
    body: patchBody({ op: 'add', path: 'members', value: [{ value: '{dave}' }] }),
  },
  {
    name: 'replace zeta',
    method: 'PUT',
    path: '/Groups/{zeta}',
    body: groupBody('Zeta', {
      externalId: 'z-1',
      members: [{ value: '{hana}' }, { value: '{greta}' }],
    }),
  },
  {
    name: 'replace erin',
    method: 'PUT',
    path: '/Users/{erin}',
    body: {
      userName: 'erin@example.test',
      schemas: [USER_SCHEMA],
      name: { givenName: 'Erin', familyName: 'Ünal', middleName: 'M' },
      addresses: [{ type: 'work', locality: 'Zürich', country: 'CH' }],
    },
  },
  {
    name: 'duplicate userName',
    method: 'POST',
    path: '/Users',
    body: userBody('ALICE@example.test'),
  },
  {
    name: 'duplicate group name',
    method: 'POST',
    path: '/Groups',
    body: { schemas: [GROUP_SCHEMA], displayName: 'ENGINEERING' },
  },
  get('/Users/a-0000000000000000'),
  get('/Users/a-0000%00'),
  get('/Groups/r-0000%00'),
  { name: 'delete through a NUL id', method: 'DELETE', path: '/Users/a-00%00' },
  {
    name: 'user with U+0000',
    method: 'POST',
    path: '/Users',
    body: userBody('nul@example.test', { title: 'a\u0000b' }),
  },
  {
    name: 'user with a lone surrogate',
    method: 'POST',
    path: '/Users',
    body: '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"s@example.test","name":{"givenName":"S","familyName":"T"},"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"division":"\\ud800"}}',
  },
  {
    name: 'patch with U+0000',
    method: 'PATCH',
    path: '/Groups/{ops}',
    body: patchBody({ op: 'replace', path: 'displayName', value: 'x\u0000' }),
  },
  list('Users', { filter: 'title eq' }),
  {
    name: 'unknown member',
    method: 'PATCH',
    path: '/Groups/{ops}',
    body: patchBody({ op: 'add', path: 'members', value: [{ value: 'a-ffffffff00000000' }] }),
  },
  { name: 'delete bob', method: 'DELETE', path: '/Users/{bob}' },
  get('/Groups/{ops}'),
  get('/Users/{bob}'),
  {
    name: 'bulk',
    method: 'POST',
    path: '/Bulk',
    body: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'ivan', data: userBody('ivan@example.test') },
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'g',
          data: groupBody('Bulk group', { members: [{ value: 'bulkId:ivan' }] }),
        },
        { method: 'DELETE', path: '/Groups/{ab}', version: 'W/"9"' },
      ],
    },
  },
  list('Groups', { sortBy: 'displayName', attributes: 'displayName,members' }),
  list('Users', { sortBy: 'meta.lastModified', sortOrder: 'descending', count: '4' }),
];

/** Replaces `{name}`, also URL-encoded as `%7Bname%7D`, with the id saved under that name. */
function resolve(text: string, ids: ReadonlyMap<string, string>): string {
  return text.replace(
    /\{([a-zA-Z]+)\}|%7B([a-zA-Z]+)%7D/g,
    (whole, plain?: string, encoded?: string) => ids.get(plain ?? encoded ?? '') ?? whole,
  );
}

async function runSession(t: TestApp): Promise<Outcome[]> {
  const ids = new Map<string, string>();
  const outcomes: Outcome[] = [];
  for (const step of STEPS) {
    const body =
      step.body === undefined
        ? undefined
        : resolve(typeof step.body === 'string' ? step.body : JSON.stringify(step.body), ids);
    const response = await t.request(step.method, `${BASE}${resolve(step.path, ids)}`, { body });
    if (step.save !== undefined) ids.set(step.save, response.body.id);
    outcomes.push({
      step: step.name,
      status: response.status,
      contentType: response.headers['content-type'],
      etag: response.headers.etag,
      location: response.headers.location,
      text: response.text,
    });
  }
  return outcomes;
}

describe.runIf(testBackends().includes('postgres'))('SQLite and PostgreSQL parity', () => {
  const sessions = new Map<string, Outcome[]>();

  beforeAll(async () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const t = await startTestApp(dialect, { clock: tickingClock() });
      try {
        sessions.set(dialect, await runSession(t));
      } finally {
        await t.close();
      }
    }
  });

  afterAll(() => {
    sessions.clear();
  });

  it('answers no request of the session with a server error', () => {
    for (const outcomes of sessions.values()) {
      expect(outcomes.filter((outcome) => outcome.status >= 500)).toEqual([]);
    }
  });

  it('exercises successes and each kind of client error', () => {
    const statuses = new Set(sessions.get('sqlite')!.map((outcome) => outcome.status));

    expect([...statuses].sort()).toEqual([200, 201, 204, 400, 404, 409]);
  });

  it.each(STEPS.map((step, index) => [index, step.name] as const))(
    'answers step %i (%s) identically',
    (index) => {
      expect(sessions.get('postgres')![index]).toEqual(sessions.get('sqlite')![index]);
    },
  );
});
