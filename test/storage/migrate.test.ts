import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { migrate } from '../../src/storage/migrate.js';
import { createTestDatabase, testBackends, type TestDatabase } from '../support/test-database.js';

describe.each(testBackends())('migrations on %s', (dialect) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });

  afterAll(async () => {
    await database.drop();
  });

  it('creates every table', async () => {
    for (const table of ['organizations', 'tokens', 'users', 'roles', 'role_members'] as const) {
      const result = await sql`select count(*) as n from ${sql.table(table)}`.execute(database.db);
      expect(result.rows).toHaveLength(1);
    }
  });

  it('applies nothing twice', async () => {
    const applied = await migrate(database.db, database.dialect);
    expect(applied).toEqual([]);
  });
});
