import { sql, type Kysely } from 'kysely';

import type { DialectName } from './dialect-name.js';
import * as initial from './migrations/0001-initial.js';
import * as activityLog from './migrations/0003-activity-log.js';

interface Migration {
  readonly name: string;
  up(db: Kysely<any>, dialect: DialectName): Promise<void>;
}

/** Schema migrations in the order they apply. Append new ones; never edit an applied one. */
const MIGRATIONS: readonly Migration[] = [
  { name: '0001-initial', up: initial.up },
  { name: '0003-activity-log', up: activityLog.up },
];

/**
 * Applies the migrations a database has not seen yet, each in its own transaction, and records
 * them in `schema_migrations`. On PostgreSQL an advisory lock keeps two starting instances from
 * migrating at once; SQLite's write lock does the same for one file.
 */
export async function migrate(db: Kysely<any>, dialect: DialectName): Promise<string[]> {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('applied_at', 'text', (column) => column.notNull())
    .execute();

  const applied: string[] = [];
  for (const migration of MIGRATIONS) {
    const done = await db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7165536)`.execute(trx);
      const seen = await sql<{
        name: string;
      }>`select name from schema_migrations where name = ${migration.name}`.execute(trx);
      if (seen.rows.length > 0) return false;
      await migration.up(trx, dialect);
      await sql`insert into schema_migrations (name, applied_at) values (${migration.name}, ${new Date().toISOString()})`.execute(
        trx,
      );
      return true;
    });
    if (done) applied.push(migration.name);
  }
  return applied;
}
