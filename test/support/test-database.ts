import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import type { DialectName } from '../../src/storage/dialect-name.js';
import { migrate } from '../../src/storage/migrate.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/open-database.js';

/** PostgreSQL server URL for tests; each test database is created on it and dropped after. */
export const POSTGRES_URL = process.env.ROLECALL_TEST_POSTGRES_URL;

/** Printed once per test run when PostgreSQL is not configured (see build-once.ts). */
export const POSTGRES_SKIP_NOTICE =
  'PostgreSQL tests skipped: set ROLECALL_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run them.';

/**
 * Backends a storage or HTTP suite runs against: SQLite always, PostgreSQL when
 * ROLECALL_TEST_POSTGRES_URL is set.
 */
export function testBackends(): DialectName[] {
  return POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase extends DatabaseHandle {
  /** Connection target, so a second handle or a server process can open the same database. */
  readonly target: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  /** Closes the handle and deletes the database. */
  drop(): Promise<void>;
}

/** Creates a fresh, migrated database of the given kind, private to the caller. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  return dialect === 'postgres' ? createPostgresDatabase() : createSqliteDatabase();
}

async function createSqliteDatabase(): Promise<TestDatabase> {
  const directory = mkdtempSync(join(tmpdir(), 'rolecall-test-'));
  const target = { kind: 'sqlite' as const, file: join(directory, 'rolecall.db') };
  const handle = openDatabase(target);
  await migrate(handle.db, handle.dialect);
  return {
    ...handle,
    target,
    drop: async () => {
      await handle.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const { url, drop } = await createEmptyPostgresDatabase();
  const target = { kind: 'postgres' as const, url };
  const handle = openDatabase(target);
  await migrate(handle.db, handle.dialect);
  return {
    ...handle,
    target,
    drop: async () => {
      await handle.close();
      await drop();
    },
  };
}

/**
 * Creates an empty PostgreSQL database with a random name; `drop` deletes it. The database
 * collates text with ICU's en-US rules when the server has ICU, as databases created with an
 * en_US locale do, so that a query that relies on byte order without asking for it fails here.
 */
export async function createEmptyPostgresDatabase(): Promise<{
  url: string;
  drop(): Promise<void>;
}> {
  if (!POSTGRES_URL) throw new Error('ROLECALL_TEST_POSTGRES_URL is not set');
  const name = `rolecall_test_${randomBytes(6).toString('hex')}`;
  await createDatabase(name);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

async function createDatabase(name: string): Promise<void> {
  try {
    await adminQuery(
      `create database ${name} template template0 locale_provider icu icu_locale 'en-US' locale 'C.UTF-8'`,
    );
  } catch (error) {
    // 0A000: the server has no ICU. 42809 or 22023: it lacks one of the locales.
    // 42601: it predates PostgreSQL 15, which added locale_provider.
    const code = (error as { code?: unknown }).code;
    if (!['0A000', '42809', '22023', '42601'].includes(String(code))) throw error;
    await adminQuery(`create database ${name}`);
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
