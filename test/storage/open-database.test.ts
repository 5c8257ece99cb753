import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../src/logger.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/open-database.js';
import {
  createEmptyPostgresDatabase,
  POSTGRES_URL,
  testBackends,
} from '../support/test-database.js';

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs one statement on the test server's own database, outside the pool under test. */
async function adminQuery(text: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

describe.runIf(testBackends().includes('postgres'))('PostgreSQL connection pool', () => {
  let empty: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    empty = await createEmptyPostgresDatabase();
  });

  afterAll(async () => {
    await empty.drop();
  });

  it('names its connections rolecall unless the URL names them', async () => {
    const url = new URL(empty.url);
    const plain = openDatabase({ kind: 'postgres', url: empty.url });
    url.searchParams.set('application_name', 'rolecall-eu-1');
    const named = openDatabase({ kind: 'postgres', url: url.toString() });
    try {
      const first = await sql<{
        name: string;
      }>`select current_setting('application_name') as name`.execute(plain.db);
      const second = await sql<{
        name: string;
      }>`select current_setting('application_name') as name`.execute(named.db);

      expect(first.rows[0]!.name).toBe('rolecall');
      expect(second.rows[0]!.name).toBe('rolecall-eu-1');
    } finally {
      await plain.close();
      await named.close();
    }
  });

  it('replaces an idle connection that the server terminated', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('warn', {
      write: (line: string) => void lines.push(JSON.parse(line)),
    });
    const url = new URL(empty.url);
    url.searchParams.set('application_name', 'rolecall-terminate-test');
    const handle = openDatabase({ kind: 'postgres', url: url.toString() }, { logger });
    try {
      await sql`select 1`.execute(handle.db);

      await adminQuery(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1`,
        ['rolecall-terminate-test'],
      );
      await delay(200);
      const after = await sql<{ one: number }>`select 1 as one`.execute(handle.db);

      expect(after.rows[0]!.one).toBe(1);
      expect(
        lines.some((line) => line.msg === 'an idle PostgreSQL connection failed and was closed'),
      ).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('fails a query that waits longer than the connect timeout for a connection', async () => {
    const handle = openDatabase({
      kind: 'postgres',
      url: empty.url,
      poolSize: 1,
      connectTimeoutMs: 200,
    });
    try {
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const holder = handle.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await released;
      });
      await delay(50);

      await expect(sql`select 1`.execute(handle.db)).rejects.toThrow(/timeout/i);
      release();
      await holder;
    } finally {
      await handle.close();
    }
  });

  it('closes once however often close is called', async () => {
    const handle: DatabaseHandle = openDatabase({ kind: 'postgres', url: empty.url });
    await sql`select 1`.execute(handle.db);

    await Promise.all([handle.close(), handle.close()]);
    await expect(handle.close()).resolves.toBeUndefined();
  });
});
