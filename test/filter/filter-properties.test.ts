import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';

import { compileFilter } from '../../src/filter/compile-filter.js';
import { evaluateFilter } from '../../src/filter/evaluate-filter.js';
import { parseFilter } from '../../src/filter/parse-filter.js';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../src/schema/resource-type.js';
import { createTestDatabase, testBackends, type TestDatabase } from '../support/test-database.js';
import { datasetStrings, randomDataset, type Dataset } from './support/random-resources.js';
import { GROUP_FILTER_SCHEMA, randomFilter, USER_FILTER_SCHEMA } from './support/random-filters.js';
import {
  insertOrganizations,
  insertRoles,
  insertUsers,
  ORGANIZATION_ID,
  renderTestRole,
  renderTestUser,
} from './support/resource-rows.js';

/*
 * The SQL compiler and the in-memory evaluator must select the same resources for any filter.
 * Each run stores a random dataset and checks several random filters against it.
 */

const RUNS = 150;
const FILTERS_PER_RUN = 8;

const scenario = randomDataset.chain((dataset) => {
  const strings = datasetStrings(dataset);
  return fc.record({
    dataset: fc.constant(dataset),
    userFilters: fc.array(randomFilter(USER_FILTER_SCHEMA, strings), {
      minLength: FILTERS_PER_RUN,
      maxLength: FILTERS_PER_RUN,
    }),
    groupFilters: fc.array(randomFilter(GROUP_FILTER_SCHEMA, strings), {
      minLength: 2,
      maxLength: 2,
    }),
    memberLabels: fc.boolean(),
  });
});

describe.each(testBackends())('SQL and evaluator agree on %s', (dialect) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await insertOrganizations(database.db);
  });

  afterAll(async () => {
    await database.drop();
  });

  async function store(dataset: Dataset): Promise<void> {
    await database.db.deleteFrom('role_members').execute();
    await database.db.deleteFrom('roles').execute();
    await database.db.deleteFrom('users').execute();
    await insertUsers(database.db, dataset.users);
    await insertRoles(database.db, dataset.roles);
  }

  async function selectUsers(text: string): Promise<string[]> {
    const rows = await database.db
      .selectFrom('users')
      .select('id')
      .where('organization_id', '=', ORGANIZATION_ID)
      .where(compileFilter(parseFilter(text), USER_RESOURCE_TYPE, dialect))
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  }

  async function selectRoles(text: string, memberLabels: boolean): Promise<string[]> {
    const condition = compileFilter(parseFilter(text), GROUP_RESOURCE_TYPE, dialect, {
      memberLabels,
    });
    const rows = await database.db
      .selectFrom('roles')
      .select('id')
      .where('organization_id', '=', ORGANIZATION_ID)
      .where(condition)
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  }

  it('for random users, roles and filters', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ dataset, userFilters, groupFilters, memberLabels }) => {
        await store(dataset);
        const users = dataset.users.map((user) => renderTestUser(user, dataset.roles));
        for (const text of userFilters) {
          const node = parseFilter(text);
          const expected = users
            .filter((user) => evaluateFilter(node, user, USER_RESOURCE_TYPE))
            .map((user) => user.id as string)
            .sort();
          const actual = await selectUsers(text);
          if (actual.join() !== expected.join()) {
            throw new Error(`${text}\nSQL: ${actual.join()}\nevaluator: ${expected.join()}`);
          }
        }

        const roles = dataset.roles.map((role) =>
          renderTestRole(role, dataset.users, memberLabels),
        );
        for (const text of groupFilters) {
          const node = parseFilter(text);
          const expected = roles
            .filter((role) => evaluateFilter(node, role, GROUP_RESOURCE_TYPE))
            .map((role) => role.id as string)
            .sort();
          const actual = await selectRoles(text, memberLabels);
          if (actual.join() !== expected.join()) {
            throw new Error(`${text}\nSQL: ${actual.join()}\nevaluator: ${expected.join()}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
