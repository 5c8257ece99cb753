import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';

import type { Database } from './database-schema.js';
import type { DialectName } from './dialect-name.js';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number };

/** Case folding for case-insensitive comparison; JavaScript's folding covers non-ASCII letters. */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

/** Opens the database a target names. Call `migrate` before serving requests. */
export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.kind === 'postgres') return openPostgres(target.url, target.poolSize ?? 10);
  return openSqlite(target.file);
}

function openSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const connection = new SqliteDatabase(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  // LIKE must be case-sensitive: case-insensitive comparisons fold both sides with scim_fold,
  // which, unlike SQLite's built-in lower(), folds non-ASCII letters too.
  connection.pragma('case_sensitive_like = ON');
  connection.function('scim_fold', { deterministic: true }, (value: unknown) =>
    value === null || value === undefined ? null : foldCase(String(value)),
  );
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

function openPostgres(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
