import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { compareCodePoints } from '../../src/filter/compare-values.js';
import { compileSort, type SortOrder } from '../../src/query/compile-sort.js';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../src/schema/resource-type.js';
import { foldCase } from '../../src/storage/open-database.js';
import { createTestDatabase, testBackends, type TestDatabase } from '../support/test-database.js';
import { ENTERPRISE } from '../filter/support/fixtures.js';
import { randomDataset } from '../filter/support/random-resources.js';
import {
  insertOrganizations,
  insertRoles,
  insertUsers,
  ORGANIZATION_ID,
  renderTestUser,
  type TestRole,
  type TestUser,
} from '../filter/support/resource-rows.js';
import { catchScimError } from '../filter/support/show-filter.js';
import { offlineDatabase } from '../filter/support/sql-text.js';

function user(
  id: string,
  attributes: Record<string, unknown>,
  extra: Partial<TestUser> = {},
): TestUser {
  return {
    id,
    suspended: false,
    version: 1,
    created: '2024-01-01T00:00:00.000Z',
    lastModified: '2024-01-01T00:00:00.000Z',
    attributes,
    ...extra,
  };
}

// Ids run against the alphabetical order of the names, so the id tie-break is visible.
const U1 = user(
  'a-0000000000000004',
  { userName: 'alice', title: 'b', externalId: 'b', name: { familyName: 'Zed' } },
  { version: 10, created: '2024-01-03T00:00:00.000Z' },
);
const U2 = user(
  'a-0000000000000003',
  { userName: 'Bob', title: 'B', externalId: 'B', name: { familyName: 'élan' } },
  { version: 2, suspended: true, created: '2024-01-01T00:00:00.000Z' },
);
const U3 = user(
  'a-0000000000000002',
  { userName: 'carol', name: { familyName: '' }, [ENTERPRISE]: { department: 'Ops' } },
  { version: 1, created: '2024-01-04T00:00:00.000Z' },
);
const U4 = user(
  'a-0000000000000001',
  { userName: 'Émile', title: 'a', externalId: 'a', name: { familyName: 'adams' } },
  { version: 3, created: '2024-01-02T00:00:00.000Z' },
);
const USERS = [U1, U2, U3, U4];

function role(id: string, name: string): TestRole {
  return {
    id,
    name,
    version: 1,
    created: '2024-01-01T00:00:00.000Z',
    lastModified: '2024-01-01T00:00:00.000Z',
    members: [],
  };
}

const ROLES = [role('r-0000000000000001', 'beta'), role('r-0000000000000002', 'Alpha')];

describe.each(testBackends())('compileSort on %s', (dialect) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await insertOrganizations(database.db);
  });

  afterAll(async () => {
    await database.drop();
  });

  async function store(users: readonly TestUser[], roles: readonly TestRole[]): Promise<void> {
    await database.db.deleteFrom('role_members').execute();
    await database.db.deleteFrom('roles').execute();
    await database.db.deleteFrom('users').execute();
    await insertUsers(database.db, users);
    await insertRoles(database.db, roles);
  }

  async function sortedUsers(sortBy: string | undefined, order: SortOrder = 'ascending') {
    let query = database.db
      .selectFrom('users')
      .select('id')
      .where('organization_id', '=', ORGANIZATION_ID);
    for (const term of compileSort(sortBy, order, USER_RESOURCE_TYPE, dialect)) {
      query = query.orderBy(term.expression, term.descending ? 'desc' : 'asc');
    }
    return (await query.execute()).map((row) => row.id);
  }

  describe('with fixed users', () => {
    beforeAll(async () => {
      await store(USERS, ROLES);
    });

    const cases: [string | undefined, TestUser[]][] = [
      [undefined, [U4, U3, U2, U1]],
      ['userName', [U1, U2, U3, U4]],
      ['title', [U4, U2, U1, U3]],
      ['externalId', [U2, U4, U1, U3]],
      ['meta.version', [U3, U2, U4, U1]],
      ['active', [U2, U4, U3, U1]],
      ['name.familyName', [U4, U1, U2, U3]],
      ['meta.created', [U2, U4, U1, U3]],
      [`${ENTERPRISE}:department`, [U3, U4, U2, U1]],
      ['meta.resourceType', [U4, U3, U2, U1]],
      ['id', [U4, U3, U2, U1]],
    ];

    it.each(cases)('sorts by %s', async (sortBy, expected) => {
      expect(await sortedUsers(sortBy)).toEqual(expected.map((entry) => entry.id));
    });

    it.each(cases)('reverses the order of %s when descending', async (sortBy, expected) => {
      const reversed = sortBy === undefined ? expected : [...expected].reverse();
      expect(await sortedUsers(sortBy, 'descending')).toEqual(reversed.map((entry) => entry.id));
    });

    it('sorts groups by folded displayName', async () => {
      let query = database.db.selectFrom('roles').select('id');
      for (const term of compileSort('displayName', 'ascending', GROUP_RESOURCE_TYPE, dialect)) {
        query = query.orderBy(term.expression, term.descending ? 'desc' : 'asc');
      }
      const ids = (await query.execute()).map((row) => row.id);
      expect(ids).toEqual(['r-0000000000000002', 'r-0000000000000001']);
    });
  });

  it('matches a reference sort on random users', async () => {
    const sortBy = fc.constantFrom(...SORTABLE_USER_PATHS);
    const order = fc.constantFrom<SortOrder>('ascending', 'descending');
    await fc.assert(
      fc.asyncProperty(randomDataset, sortBy, order, async (dataset, path, direction) => {
        await store(dataset.users, dataset.roles);
        const rendered = dataset.users.map((entry) => renderTestUser(entry, dataset.roles));
        const expected = referenceSort(rendered, path, direction);
        expect(await sortedUsers(path, direction), `${path} ${direction}`).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe('compileSort errors', () => {
  const invalid: [string, string][] = [
    ['emails', '"emails" is multi-valued'],
    ['emails.value', '"emails.value" is multi-valued'],
    ['groups.display', '"groups.display" is multi-valued'],
    ['schemas', '"schemas" is multi-valued'],
    ['name', '"name" is a complex attribute; sort by one of its sub-attributes'],
    ['fooBar', '"fooBar" is not an attribute of the User resource type'],
    ['password', '"password" is never returned'],
    ['emails[type eq "work"].value', 'sortBy takes one attribute path'],
    [ENTERPRISE, 'sortBy takes one attribute path'],
    ['userName desc', 'expected the end of the path'],
  ];

  it.each(invalid)('rejects sortBy %s', (sortBy, fragment) => {
    const error = catchScimError(() =>
      compileSort(sortBy, 'ascending', USER_RESOURCE_TYPE, 'sqlite'),
    );
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain(`Invalid sortBy ${JSON.stringify(sortBy)}`);
    expect(error.detail).toContain(fragment);
  });

  it('rejects members of users', () => {
    const error = catchScimError(() =>
      compileSort('members.value', 'ascending', USER_RESOURCE_TYPE, 'sqlite'),
    );
    expect(error.detail).toContain('is not an attribute of the User resource type');
  });
});

describe('compileSort SQL', () => {
  it('orders userName by the folded column', () => {
    let query = offlineDatabase('sqlite').selectFrom('users').select('id');
    for (const term of compileSort('userName', 'ascending', USER_RESOURCE_TYPE, 'sqlite')) {
      query = query.orderBy(term.expression, term.descending ? 'desc' : 'asc');
    }
    expect(query.compile().sql).toBe(
      `select "id" from "users" order by (nullif("users"."user_name_fold", '') is null) asc, nullif("users"."user_name_fold", '') asc, "users"."id" asc`,
    );
  });

  it('orders text in the C collation on PostgreSQL', () => {
    let query = offlineDatabase('postgres').selectFrom('users').select('id');
    for (const term of compileSort('title', 'descending', USER_RESOURCE_TYPE, 'postgres')) {
      query = query.orderBy(term.expression, term.descending ? 'desc' : 'asc');
    }
    expect(query.compile().sql).toContain('collate "C"');
    expect(query.compile().sql).toContain('"users"."id" desc');
  });
});

const SORTABLE_USER_PATHS = [
  'userName',
  'displayName',
  'nickName',
  'title',
  'userType',
  'externalId',
  'id',
  'name.givenName',
  'name.familyName',
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:manager.value`,
  'active',
  'meta.created',
  'meta.lastModified',
  'meta.version',
  'meta.location',
];

const CASE_EXACT = new Set(['id', 'externalId', 'meta.created', 'meta.lastModified']);

/** Sorts in the documented order: folded or exact text by code point, absent last, then id. */
function referenceSort(
  resources: Record<string, unknown>[],
  path: string,
  order: SortOrder,
): string[] {
  const keyOf = (resource: Record<string, unknown>): string | number | undefined => {
    if (path === 'meta.location') return undefined;
    const value = valueAt(resource, path);
    if (path === 'active') return value === true ? 1 : 0;
    if (path === 'meta.version') return Number(String(value).slice(3, -1));
    if (typeof value !== 'string' || value === '') return undefined;
    return CASE_EXACT.has(path) ? value : foldCase(value);
  };
  const sorted = [...resources].sort((left, right) => {
    const a = keyOf(left);
    const b = keyOf(right);
    if (a === undefined && b !== undefined) return 1;
    if (b === undefined && a !== undefined) return -1;
    if (a !== undefined && b !== undefined && a !== b) {
      return typeof a === 'number' ? a - (b as number) : compareCodePoints(a, b as string);
    }
    return compareCodePoints(left.id as string, right.id as string);
  });
  const ids = sorted.map((resource) => resource.id as string);
  return order === 'descending' ? ids.reverse() : ids;
}

function valueAt(resource: Record<string, unknown>, path: string): unknown {
  const keys = path.startsWith(ENTERPRISE)
    ? [ENTERPRISE, ...path.slice(ENTERPRISE.length + 1).split('.')]
    : path.split('.');
  let value: unknown = resource;
  for (const key of keys) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
