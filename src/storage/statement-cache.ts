import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Most prepared statements kept; the SQL the server issues is a few hundred distinct texts. */
const MAX_STATEMENTS = 1000;

/**
 * Wraps a better-sqlite3 connection so that kysely, which prepares every query it runs, reuses
 * one prepared statement per SQL text. Preparing is about half the cost of a simple indexed read.
 * Reuse is safe because better-sqlite3 runs each statement to completion before the next starts
 * (kysely's SQLite driver uses one connection, one query at a time). When the cache is full it
 * starts over, which bounds memory when filters produce many distinct texts.
 */
export function withStatementCache(connection: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement === undefined) {
        if (statements.size >= MAX_STATEMENTS) statements.clear();
        statement = connection.prepare(sql) as unknown as SqliteStatement;
        statements.set(sql, statement);
      }
      return statement;
    },
    close(): void {
      statements.clear();
      connection.close();
    },
  };
}
