import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';

import { createLogger } from '../logger.js';
import type { Database } from './database-schema.js';
import type { DialectName } from './dialect-name.js';
import { withStatementCache } from './statement-cache.js';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Closes every connection; later calls return the first call's promise. */
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly file: string }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      /** Connections the pool keeps at most; default 10. */
      readonly poolSize?: number;
      /**
       * Milliseconds to wait for a connection, whether a new one or a free one from a full pool,
       * before the query fails; default 10000.
       */
      readonly connectTimeoutMs?: number;
    };

export interface OpenDatabaseOptions {
  /** Receives errors of idle PostgreSQL connections; a logger at level warn when absent. */
  readonly logger?: Logger;
}

export const DEFAULT_POOL_SIZE = 10;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Case folding for case-insensitive comparison; JavaScript's folding covers non-ASCII letters. */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

/** Opens the database a target names. Call `migrate` before serving requests. */
export function openDatabase(
  target: DatabaseTarget,
  options: OpenDatabaseOptions = {},
): DatabaseHandle {
  if (target.kind === 'postgres')
    return openPostgres(target, options.logger ?? createLogger('warn'));
  return openSqlite(target.file);
}

/** How long opening a SQLite file keeps trying to switch it to WAL while another process does. */
const WAL_SWITCH_TIMEOUT_MS = 5_000;

/**
 * Switches the file to write-ahead logging. SQLite returns SQLITE_BUSY at once, without waiting
 * for its busy timeout, when another connection switches a new file at the same moment, as when
 * two processes start on one data folder. The switch is tried again until that one is done.
 */
function enableWal(connection: SqliteDatabase.Database): void {
  const deadline = Date.now() + WAL_SWITCH_TIMEOUT_MS;
  for (;;) {
    try {
      connection.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const busy = (error as { code?: unknown }).code === 'SQLITE_BUSY';
      if (!busy || Date.now() >= deadline) throw error;
      // Opening is synchronous, so the wait is too.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

function openSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const connection = new SqliteDatabase(file);
  enableWal(connection);
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  // LIKE must be case-sensitive: case-insensitive comparisons fold both sides with scim_fold,
  // which, unlike SQLite's built-in lower(), folds non-ASCII letters too.
  connection.pragma('case_sensitive_like = ON');
  connection.function('scim_fold', { deterministic: true }, (value: unknown) =>
    value === null || value === undefined ? null : foldCase(String(value)),
  );
  const database = withStatementCache(connection);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', close: closeOnce(db) };
}

function openPostgres(
  target: Extract<DatabaseTarget, { kind: 'postgres' }>,
  logger: Logger,
): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: target.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // Names the connections in pg_stat_activity; an application_name in the URL wins.
    fallback_application_name: 'rolecall',
    // TCP keepalive lets the operating system notice a server that went away without closing
    // the connection, such as after a failover.
    keepAlive: true,
    // JSONB arrives as text: the stores parse the written text copy when there is one, so
    // letting the driver parse the JSONB too would parse every document twice.
    types: { getTypeParser: jsonbAsText },
  });
  // The pool emits 'error' when an idle connection fails (a server restart, or
  // pg_terminate_backend), and an 'error' event without a listener would end the process.
  // The pool drops that connection and opens a new one when a query needs it.
  pool.on('error', (error) => {
    logger.warn({ err: error }, 'an idle PostgreSQL connection failed and was closed');
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: closeOnce(db) };
}

const JSONB_TYPE_ID = 3802;

function jsonbAsText(typeId: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (typeId === JSONB_TYPE_ID) return (value: string) => value;
  return pg.types.getTypeParser(typeId, format ?? 'text');
}

function closeOnce(db: Kysely<Database>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= db.destroy());
}
