import { setTimeout as sleep } from 'node:timers/promises';

import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { DialectName } from './dialect-name.js';

/** How often a transaction runs again after a concurrency conflict on PostgreSQL. */
export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  readonly maxAttempts: number;
  /** Upper bound of the random wait before the first retry, in milliseconds; doubles per retry. */
  readonly baseDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 20 };

export interface TransactionOptions {
  readonly retry: RetryPolicy;
  /** Receives one warning per retry. */
  readonly logger: Logger | undefined;
}

/**
 * PostgreSQL error codes (SQLSTATE) after which running the whole transaction again can
 * succeed, because the failure came from a concurrent transaction rather than from the data:
 *
 * - 40001 serialization_failure and 40P01 deadlock_detected: PostgreSQL aborted this
 *   transaction to resolve a conflict with another one.
 * - 23503 foreign_key_violation: the services check that referenced users exist before they
 *   insert memberships, so this means a concurrent transaction deleted one of them after the
 *   check. The next attempt's check finds the user gone, and the request gets the response
 *   it would get had the delete come first.
 */
const RETRYABLE_CODES: ReadonlySet<string> = new Set(['40001', '40P01', '23503']);

/** Tells whether a driver error is a PostgreSQL conflict that a new attempt can resolve. */
export function isRetryableConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

/**
 * Runs `work` in one database transaction and returns its result; an error rolls everything
 * back. `work` may run more than once, so it must not have effects outside the database that
 * a second run would repeat.
 *
 * PostgreSQL: READ COMMITTED whatever the server's default, so each statement reads rows that
 * transactions committed while this one waited for a lock. After a conflict listed in
 * RETRYABLE_CODES the transaction runs again, after a short random wait, up to
 * `retry.maxAttempts` times in total; the last conflict is thrown.
 *
 * SQLite: BEGIN IMMEDIATE, which takes the database's write lock at the start. A deferred
 * transaction that reads and then writes fails at once with SQLITE_BUSY when another process
 * (such as the CLI) wrote in between; an immediate one waits up to the busy timeout instead.
 */
export async function runTransaction<DB, T>(
  db: Kysely<DB>,
  dialect: DialectName,
  work: (transaction: Kysely<DB>) => Promise<T>,
  options: TransactionOptions,
): Promise<T> {
  if (dialect === 'sqlite') return runImmediate(db, work);

  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction().setIsolationLevel('read committed').execute(work);
    } catch (error) {
      if (!isRetryableConflict(error) || attempt >= options.retry.maxAttempts) throw error;
      const delayMs = Math.random() * options.retry.baseDelayMs * 2 ** (attempt - 1);
      options.logger?.warn(
        { err: error, attempt, maxAttempts: options.retry.maxAttempts, delayMs },
        'retrying a database transaction after a conflict with a concurrent one',
      );
      await sleep(delayMs);
    }
  }
}

async function runImmediate<DB, T>(
  db: Kysely<DB>,
  work: (transaction: Kysely<DB>) => Promise<T>,
): Promise<T> {
  // The SQLite dialect has one connection, and connection() reserves it until the callback ends.
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      // SQLite ends the transaction itself after some errors (SQLITE_FULL, for one), and then
      // ROLLBACK fails; the error to report is the original one.
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}
