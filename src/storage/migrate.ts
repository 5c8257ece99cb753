import { sql, type Kysely } from 'kysely';

import { MIGRATION_LOCK } from './advisory-locks.js';
import type { DialectName } from './dialect-name.js';
import * as initial from './migrations/0001-initial.js';
import * as attributesText from './migrations/0002-attributes-text.js';
import * as activityLog from './migrations/0003-activity-log.js';
import { DEFAULT_RETRY_POLICY, runTransaction } from './run-transaction.js';

interface Migration {
  readonly name: string;
  up(db: Kysely<any>, dialect: DialectName): Promise<void>;
}

/** Schema migrations in the order they apply. Append new ones; never edit an applied one. */
const MIGRATIONS: readonly Migration[] = [
  { name: '0001-initial', up: initial.up },
  { name: '0002-attributes-text', up: attributesText.up },
  { name: '0003-activity-log', up: activityLog.up },
];

/** Names of every migration this version applies, in order. */
export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map((migration) => migration.name);

/**
 * Applies the migrations a database has not seen yet, each in its own transaction, and records
 * them in `schema_migrations`; returns the names it applied. On PostgreSQL every transaction
 * first takes an advisory lock, so instances that start together migrate one at a time and the
 * later ones find the work done. On SQLite each transaction takes the file's write lock.
 */
export async function migrate(db: Kysely<any>, dialect: DialectName): Promise<string[]> {
  // CREATE TABLE IF NOT EXISTS is not safe against a concurrent creation on PostgreSQL (it can
  // fail on the unique index of pg_type), so the migration table is created under the lock too.
  await inLockedTransaction(db, dialect, createMigrationTable);

  const applied: string[] = [];
  for (const migration of MIGRATIONS) {
    const done = await inLockedTransaction(db, dialect, async (trx) => {
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

/**
 * Returns the migrations recorded in the database that this version does not define, in the order
 * they were applied. They come from a newer version of rolecall, which migrated the database
 * while this one was running or before it started.
 */
export async function unknownMigrations(db: Kysely<any>): Promise<string[]> {
  const result = await sql<{
    name: string;
  }>`select name from schema_migrations order by applied_at, name`.execute(db);
  return result.rows.map((row) => row.name).filter((name) => !MIGRATION_NAMES.includes(name));
}

async function createMigrationTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('applied_at', 'text', (column) => column.notNull())
    .execute();
}

async function inLockedTransaction<T>(
  db: Kysely<any>,
  dialect: DialectName,
  work: (trx: Kysely<any>) => Promise<T>,
): Promise<T> {
  const options = { retry: DEFAULT_RETRY_POLICY, logger: undefined };
  return runTransaction(
    db,
    dialect,
    async (trx) => {
      if (dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK)})`.execute(trx);
      }
      return work(trx);
    },
    options,
  );
}
