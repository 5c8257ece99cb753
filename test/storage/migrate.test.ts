import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

import type { DialectName } from '../../src/storage/dialect-name.js';
import { MIGRATION_NAMES, migrate, unknownMigrations } from '../../src/storage/migrate.js';
import { openDatabase, type DatabaseTarget } from '../../src/storage/open-database.js';
import { Store } from '../../src/storage/store.js';
import { organizationRecord, userRecord } from '../support/storage-records.js';
import {
  createEmptyPostgresDatabase,
  createTestDatabase,
  testBackends,
  type TestDatabase,
} from '../support/test-database.js';

/** Creates an empty database of the given kind that several handles can open; `drop` deletes it. */
async function emptyTarget(
  dialect: DialectName,
): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (dialect === 'postgres') {
    const empty = await createEmptyPostgresDatabase();
    return { target: { kind: 'postgres', url: empty.url }, drop: empty.drop };
  }
  const directory = mkdtempSync(join(tmpdir(), 'rolecall-migrate-'));
  return {
    target: { kind: 'sqlite', file: join(directory, 'rolecall.db') },
    drop: async () => rmSync(directory, { recursive: true, force: true }),
  };
}

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

  it('records every migration it knows', async () => {
    const rows = await sql<{
      name: string;
    }>`select name from schema_migrations order by name`.execute(database.db);

    expect(rows.rows.map((row) => row.name)).toEqual([...MIGRATION_NAMES]);
  });

  it('applies nothing twice', async () => {
    const applied = await migrate(database.db, database.dialect);
    expect(applied).toEqual([]);
  });

  // SQLite is covered with separate processes in sqlite-processes.test.ts: better-sqlite3 waits
  // for a lock synchronously, so two handles in one process would block each other.
  it.runIf(dialect === 'postgres')(
    'applies each migration once when instances start together',
    async () => {
      for (let round = 0; round < 3; round += 1) {
        const { target, drop } = await emptyTarget(dialect);
        const handles = Array.from({ length: 4 }, () => openDatabase(target));
        try {
          const results = await Promise.all(
            handles.map((handle) => migrate(handle.db, handle.dialect)),
          );

          expect(results.flat().sort()).toEqual([...MIGRATION_NAMES]);
          expect(await unknownMigrations(handles[0]!.db)).toEqual([]);
        } finally {
          for (const handle of handles) await handle.close();
          await drop();
        }
      }
    },
  );

  it('lists migrations that only a newer version knows', async () => {
    const { target, drop } = await emptyTarget(dialect);
    const handle = openDatabase(target);
    try {
      await migrate(handle.db, handle.dialect);
      await sql`insert into schema_migrations (name, applied_at) values ('9999-from-the-future', '2100-01-01T00:00:00.000Z')`.execute(
        handle.db,
      );

      expect(await unknownMigrations(handle.db)).toEqual(['9999-from-the-future']);
      expect(await migrate(handle.db, handle.dialect)).toEqual([]);
    } finally {
      await handle.close();
      await drop();
    }
  });

  it('logs applied and unknown migrations when the server starts', async () => {
    const { target, drop } = await emptyTarget(dialect);
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    const config = loadConfig(
      target.kind === 'postgres'
        ? { databaseUrl: target.url }
        : { dataDir: target.file.slice(0, -'/rolecall.db'.length) },
      {},
    );
    try {
      const first = await createApp(config, { logger });
      await sql`insert into schema_migrations (name, applied_at) values ('9999-from-the-future', '2100-01-01T00:00:00.000Z')`.execute(
        first.database.db,
      );
      await first.close();
      const second = await createApp(config, { logger });
      await second.close();

      const messages = lines.map((line) => line.msg);
      expect(lines[messages.indexOf('applied database migrations')]!.migrations).toEqual([
        ...MIGRATION_NAMES,
      ]);
      const warning = lines.find(
        (line) =>
          line.msg ===
          'the database has migrations from a newer rolecall version; upgrade this instance',
      );
      expect(warning?.level).toBe(40);
      expect(warning?.migrations).toEqual(['9999-from-the-future']);
    } finally {
      await drop();
    }
  });

  it.runIf(dialect === 'postgres')(
    'drops the attribute text when an older version rewrites the attributes',
    async () => {
      const store = new Store(database.db, database.dialect);
      const organization = organizationRecord();
      await store.organizations.insert(organization);
      const user = userRecord(organization.id, {
        attributes: { userName: 'old@example.test', title: 'Before' },
      });
      await store.users.insert(user);

      // An UPDATE as a version without attributes_text writes it: attributes only.
      await sql`update users set attributes = ${JSON.stringify({ title: 'After', userName: 'old@example.test' })} where id = ${user.id}`.execute(
        database.db,
      );
      const row = await database.db
        .selectFrom('users')
        .select('attributes_text')
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();

      expect(row.attributes_text).toBeNull();
      expect((await store.users.find(organization.id, user.id))!.attributes).toEqual({
        userName: 'old@example.test',
        title: 'After',
      });

      await store.users.update({ ...user, attributes: { title: 'Again', userName: 'x' } });
      expect(JSON.stringify((await store.users.find(organization.id, user.id))!.attributes)).toBe(
        '{"title":"Again","userName":"x"}',
      );
    },
  );
});
