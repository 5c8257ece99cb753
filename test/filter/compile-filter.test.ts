import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { compileFilter } from '../../src/filter/compile-filter.js';
import { evaluateFilter } from '../../src/filter/evaluate-filter.js';
import { parseFilter } from '../../src/filter/parse-filter.js';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../src/schema/resource-type.js';
import { createTestDatabase, testBackends, type TestDatabase } from '../support/test-database.js';
import { GROUP_FILTER_CASES, USER_FILTER_CASES } from './support/filter-cases.js';
import { ADMINS, ROLES, USERS } from './support/fixtures.js';
import {
  insertOrganizations,
  insertRoles,
  insertUsers,
  ORGANIZATION_ID,
  renderTestRole,
  renderTestUser,
} from './support/resource-rows.js';
import { catchScimError } from './support/show-filter.js';
import { offlineDatabase } from './support/sql-text.js';

describe.each(testBackends())('compileFilter on %s', (dialect) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await insertOrganizations(database.db);
    await insertUsers(database.db, USERS);
    await insertRoles(database.db, ROLES);
  });

  afterAll(async () => {
    await database.drop();
  });

  async function userIds(text: string): Promise<string[]> {
    const rows = await database.db
      .selectFrom('users')
      .select('id')
      .where('organization_id', '=', ORGANIZATION_ID)
      .where(compileFilter(parseFilter(text), USER_RESOURCE_TYPE, dialect))
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  }

  async function roleIds(text: string, memberLabels = false): Promise<string[]> {
    const rows = await database.db
      .selectFrom('roles')
      .select('id')
      .where('organization_id', '=', ORGANIZATION_ID)
      .where(compileFilter(parseFilter(text), GROUP_RESOURCE_TYPE, dialect, { memberLabels }))
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  }

  it.each(USER_FILTER_CASES)('selects users for %s', async (text, expected) => {
    expect(await userIds(text)).toEqual(expected);
  });

  it.each(GROUP_FILTER_CASES)('selects groups for %s', async (text, expected) => {
    expect(await roleIds(text)).toEqual(expected);
  });

  it('agrees with the evaluator on every user case', async () => {
    const rendered = USERS.map((user) => renderTestUser(user, ROLES));
    for (const [text] of USER_FILTER_CASES) {
      const node = parseFilter(text);
      const expected = rendered
        .filter((resource) => evaluateFilter(node, resource, USER_RESOURCE_TYPE))
        .map((resource) => resource.id);
      expect(await userIds(text), text).toEqual(expected);
    }
  });

  it('reads member labels when asked to', async () => {
    expect(await roleIds('members.display eq "eleve (label)"', true)).toEqual([ADMINS.id]);
    expect(await roleIds('members.display co "jensen"', true)).toEqual([ADMINS.id]);
    const labelled = renderTestRole(ADMINS, USERS, true);
    const node = parseFilter('members.display eq "eleve (label)"');
    expect(evaluateFilter(node, labelled, GROUP_RESOURCE_TYPE)).toBe(true);
  });

  it('keeps injected text as data', async () => {
    expect(await userIds(`userName eq "x' or '1'='1"`)).toEqual([]);
    expect(await userIds(`displayName co "') or 1=1 --"`)).toEqual([]);
  });

  it('throws invalidFilter before building SQL', () => {
    const error = catchScimError(() =>
      compileFilter(parseFilter('active gt true'), USER_RESOURCE_TYPE, dialect),
    );
    expect(error.scimType).toBe('invalidFilter');
  });
});

describe('compileFilter SQL', () => {
  function compiled(dialect: 'sqlite' | 'postgres', text: string, group = false) {
    const db = offlineDatabase(dialect);
    const type = group ? GROUP_RESOURCE_TYPE : USER_RESOURCE_TYPE;
    const table = group ? 'roles' : 'users';
    return db
      .selectFrom(table)
      .select('id')
      .where(compileFilter(parseFilter(text), type, dialect))
      .compile();
  }

  it('uses the folded userName column on SQLite', () => {
    const query = compiled('sqlite', 'userName eq "BJensen"');
    expect(query.sql).toBe('select "id" from "users" where "users"."user_name_fold" = ?');
    expect(query.parameters).toEqual(['bjensen']);
  });

  it('uses the folded userName column on PostgreSQL', () => {
    const query = compiled('postgres', 'userName eq "BJensen"');
    expect(query.sql).toBe('select "id" from "users" where "users"."user_name_fold" = $1');
    expect(query.parameters).toEqual(['bjensen']);
  });

  it('compares caseExact columns without folding', () => {
    const query = compiled('sqlite', 'externalId eq "Ext-1"');
    expect(query.sql).toContain(
      '("users"."external_id" is not null and "users"."external_id" = ?)',
    );
    expect(query.parameters).toEqual(['Ext-1']);
  });

  it('escapes LIKE wildcards in parameters', () => {
    const query = compiled('sqlite', 'userName co "50%_\\\\"');
    expect(query.sql).toBe(
      `select "id" from "users" where "users"."user_name_fold" like ? escape '\\'`,
    );
    expect(query.parameters).toEqual(['%50\\%\\_\\\\%']);
  });

  it('binds every filter value as a parameter', () => {
    const query = compiled('postgres', `title eq "x' or '1'='1" and emails[value sw "y"]`);
    expect(query.sql).not.toContain("'1'='1");
    expect(query.parameters).toEqual([`x' or '1'='1`, 'y%']);
  });

  it('reads JSON with json_extract on SQLite', () => {
    const query = compiled('sqlite', 'title eq "Boss"');
    expect(query.sql).toContain(`json_extract("users"."attributes", '$."title"')`);
    expect(query.sql).toContain('scim_fold(');
    expect(query.parameters).toEqual(['boss']);
  });

  it('reads JSONB with ->> and lower() on PostgreSQL', () => {
    const query = compiled('postgres', 'title eq "Boss"');
    expect(query.sql).toContain(`("users"."attributes"->>'title')`);
    expect(query.sql).toContain('lower(cast($1 as text))');
    expect(query.parameters).toEqual(['Boss']);
  });

  it('uses EXISTS over json_each for multi-valued attributes', () => {
    const query = compiled('sqlite', 'emails[type eq "work"]');
    expect(query.sql).toContain('exists (select 1 from json_each(');
  });

  it('uses EXISTS over jsonb_array_elements on PostgreSQL', () => {
    const query = compiled('postgres', 'emails[type eq "work"]');
    expect(query.sql).toContain('exists (select 1 from jsonb_array_elements(');
  });

  it('reads members from role_members', () => {
    const query = compiled('sqlite', 'members.value eq "A-1"', true);
    expect(query.sql).toBe(
      'select "id" from "roles" where exists (select 1 from role_members as "e1_m" join users as "e1_u" on "e1_u"."id" = "e1_m"."user_id" where "e1_m"."role_id" = "roles"."id" and "e1_m"."user_id" = ?)',
    );
    expect(query.parameters).toEqual(['a-1']);
  });

  it('reads groups from role_members', () => {
    const query = compiled('postgres', 'groups.display eq "Admins"');
    expect(query.sql).toContain('join roles as "e1_r" on "e1_r"."id" = "e1_m"."role_id"');
    expect(query.sql).toContain('"e1_r"."name_fold" = $1');
  });

  it('maps active onto the suspended column', () => {
    const query = compiled('sqlite', 'active eq true');
    expect(query.sql).toBe('select "id" from "users" where "users"."suspended" = ?');
    expect(query.parameters).toEqual([0]);
  });

  it('compares timestamps as stored text', () => {
    const query = compiled('sqlite', 'meta.lastModified gt "2011-05-13T04:42:34-02:00"');
    expect(query.sql).toBe('select "id" from "users" where "users"."updated_at" > ?');
    expect(query.parameters).toEqual(['2011-05-13T06:42:34.000Z']);
  });

  it('compares truncated timestamps on PostgreSQL', () => {
    const query = compiled('postgres', 'meta.created le "2011-05-13T04:42:34.0001Z"');
    expect(query.sql).toBe('select "id" from "users" where "users"."created_at" <= $1');
    expect(query.parameters).toEqual(['2011-05-13T04:42:34.000Z']);
  });

  it('guards negations against NULL', () => {
    const query = compiled('sqlite', 'not (title eq "x")');
    expect(query.sql).toContain('not (coalesce(');
  });
});
