import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../src/logger.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { Store } from '../../src/storage/store.js';
import { organizationRecord, roleRecord, userRecord } from '../support/storage-records.js';
import { createTestDatabase, testBackends, type TestDatabase } from '../support/test-database.js';

/** Creates a pino logger that parses each line it writes into `lines`. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('warn', {
    write: (line: string) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines };
}

/** Builds an error shaped like the driver's, with a PostgreSQL SQLSTATE. */
function conflict(code: string): Error {
  return Object.assign(new Error(`simulated conflict ${code}`), { code });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe.each(testBackends())('Store transactions on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let org: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = new Store(database.db, database.dialect);
    const organization = organizationRecord();
    await store.organizations.insert(organization);
    org = organization.id;
  });

  afterAll(async () => {
    await database.drop();
  });

  it('commits the work and returns its result', async () => {
    const user = userRecord(org);

    const result = await store.transaction(async (trx) => {
      await trx.users.insert(user);
      return 'done';
    });

    expect(result).toBe('done');
    expect(await store.users.find(org, user.id)).toEqual(user);
  });

  it('rolls back every write when the work throws', async () => {
    const user = userRecord(org);
    const role = roleRecord(org);
    const failure = new Error('work failed');

    const outcome = store.transaction(async (trx) => {
      await trx.users.insert(user);
      await trx.roles.insert(role);
      await trx.roles.addMembers(role.id, [{ userId: user.id, displayLabel: null }], role.created);
      throw failure;
    });

    await expect(outcome).rejects.toBe(failure);
    expect(await store.users.find(org, user.id)).toBeUndefined();
    expect(await store.roles.find(org, role.id)).toBeUndefined();
  });

  it('runs a nested call in the outer transaction', async () => {
    const user = userRecord(org);
    let innerRuns = 0;

    const outcome = store.transaction(async (outer) => {
      await outer.transaction(async (inner) => {
        innerRuns += 1;
        await inner.users.insert(user);
      });
      expect(await outer.users.find(org, user.id)).toBeDefined();
      throw new Error('outer failed');
    });

    await expect(outcome).rejects.toThrow('outer failed');
    expect(innerRuns).toBe(1);
    expect(await store.users.find(org, user.id)).toBeUndefined();
  });

  it('runs work that fails with a non-conflict error once', async () => {
    let runs = 0;

    const outcome = store.transaction(async () => {
      runs += 1;
      throw conflict('23505');
    });

    await expect(outcome).rejects.toThrow('simulated conflict 23505');
    expect(runs).toBe(1);
  });

  it('lets a writer that locks a role see what the previous writer committed', async () => {
    const role = roleRecord(org);
    await store.roles.insert(role);
    let releaseFirst!: () => void;
    const firstHoldsLock = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });

    const first = store.transaction(async (trx) => {
      const current = await trx.roles.findForUpdate(org, role.id);
      releaseFirst();
      await delay(150);
      await trx.roles.update({ ...current!, version: current!.version + 1 });
    });
    await firstHoldsLock;
    const second = store.transaction(async (trx) => {
      const current = await trx.roles.findForUpdate(org, role.id);
      await trx.roles.update({ ...current!, version: current!.version + 1 });
      return current!.version;
    });

    await first;
    expect(await second).toBe(2);
    expect((await store.roles.find(org, role.id))!.version).toBe(3);
  });

  it('pings the database', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it.runIf(dialect === 'postgres')(
    'runs a transaction again after a serialization failure, up to the limit',
    async () => {
      const { logger, lines } = capturingLogger();
      const retrying = new Store(database.db, database.dialect, {
        logger,
        retry: { maxAttempts: 3, baseDelayMs: 1 },
      });
      let runs = 0;

      const recovered = await retrying.transaction(async () => {
        runs += 1;
        if (runs < 3) throw conflict(runs === 1 ? '40001' : '40P01');
        return runs;
      });
      runs = 0;
      const exhausted = retrying.transaction(async () => {
        runs += 1;
        throw conflict('40001');
      });

      expect(recovered).toBe(3);
      await expect(exhausted).rejects.toThrow('simulated conflict 40001');
      expect(runs).toBe(3);
      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatchObject({ level: 40, attempt: 1, maxAttempts: 3 });
      expect((lines[0]!.err as { code: string }).code).toBe('40001');
    },
  );

  it.runIf(dialect === 'postgres')(
    'resolves a real deadlock by running the victim again',
    async () => {
      const { logger, lines } = capturingLogger();
      const retrying = new Store(database.db, database.dialect, { logger });
      const [a, b] = [userRecord(org), userRecord(org)];
      await store.users.insert(a);
      await store.users.insert(b);
      let bothLocked!: () => void;
      let locked = 0;
      const barrier = new Promise<void>((resolve) => {
        bothLocked = resolve;
      });

      // Each transaction locks one user, waits until the other has locked the second, then
      // updates the other's user: a lock cycle that PostgreSQL breaks by aborting one of them.
      const lockInOrder = (first: typeof a, second: typeof a, label: string) =>
        retrying.transaction(async (trx) => {
          await trx.users.findForUpdate(org, first.id);
          locked += 1;
          if (locked === 2) bothLocked();
          await Promise.race([barrier, delay(200)]);
          const current = await trx.users.findForUpdate(org, second.id);
          await trx.users.update({
            ...current!,
            displayName: label,
            version: current!.version + 1,
          });
        });

      await Promise.all([lockInOrder(a, b, 'from a'), lockInOrder(b, a, 'from b')]);

      const versions = [
        (await store.users.find(org, a.id))!.version,
        (await store.users.find(org, b.id))!.version,
      ];
      expect(versions).toEqual([2, 2]);
      expect(lines.some((line) => (line.err as { code?: string }).code === '40P01')).toBe(true);
    },
  );

  it.runIf(dialect === 'postgres')(
    'runs a membership insert again when its user was deleted concurrently',
    async () => {
      const user = userRecord(org);
      const role = roleRecord(org);
      await store.users.insert(user);
      await store.roles.insert(role);
      let deleterLocked!: () => void;
      const userLocked = new Promise<void>((resolve) => {
        deleterLocked = resolve;
      });
      const checks: number[] = [];

      const deleter = store.transaction(async (trx) => {
        await trx.users.findForUpdate(org, user.id);
        deleterLocked();
        await delay(200);
        await trx.users.delete(org, user.id);
      });
      await userLocked;
      const adder = store.transaction(async (trx) => {
        const known = await trx.users.existingIds(org, [user.id]);
        checks.push(known.size);
        const members = [...known].map((userId) => ({ userId, displayLabel: null }));
        return trx.roles.addMembers(role.id, members, role.created);
      });

      await deleter;
      // The first attempt saw the user, waited for the delete, and hit the foreign key.
      expect(await adder).toBe(0);
      expect(checks).toEqual([1, 0]);
      expect(await store.roles.memberIds(role.id)).toEqual([]);
    },
  );

  it.runIf(dialect === 'postgres')(
    'uses READ COMMITTED whatever the database default is',
    async () => {
      const name = new URL((database.target as { url: string }).url).pathname.slice(1);
      await sql`alter database ${sql.id(name)} set default_transaction_isolation = 'serializable'`.execute(
        database.db,
      );
      const handle = openDatabase(database.target);
      try {
        const fresh = new Store(handle.db, handle.dialect);
        const outside = await sql<{
          transaction_isolation: string;
        }>`show transaction_isolation`.execute(handle.db);
        const inside = await fresh.transaction((trx) =>
          sql<{ transaction_isolation: string }>`show transaction_isolation`.execute(trx.db),
        );

        expect(outside.rows[0]!.transaction_isolation).toBe('serializable');
        expect(inside.rows[0]!.transaction_isolation).toBe('read committed');
      } finally {
        await handle.close();
        await sql`alter database ${sql.id(name)} reset default_transaction_isolation`.execute(
          database.db,
        );
      }
    },
  );

  it.runIf(dialect === 'postgres')('serializes bootstrap across connections', async () => {
    const order: string[] = [];
    let firstLocked!: () => void;
    const locked = new Promise<void>((resolve) => {
      firstLocked = resolve;
    });

    const first = store.transaction(async (trx) => {
      await trx.lockBootstrap();
      firstLocked();
      await delay(150);
      order.push('first done');
    });
    await locked;
    const second = store.transaction(async (trx) => {
      await trx.lockBootstrap();
      order.push('second locked');
    });

    await Promise.all([first, second]);
    expect(order).toEqual(['first done', 'second locked']);
  });

  it.runIf(dialect === 'sqlite')(
    'holds the write lock from the start of a transaction',
    async () => {
      const file = (database.target as { file: string }).file;
      const other = new SqliteDatabase(file);
      other.pragma('busy_timeout = 0');
      const organization = organizationRecord();
      try {
        let otherWrite: unknown;
        await store.transaction(async (trx) => {
          await trx.organizations.list();
          try {
            other
              .prepare('insert into organizations (id, name, created_at) values (?, ?, ?)')
              .run(organization.id, organization.name, organization.created);
          } catch (error) {
            otherWrite = error;
          }
          await trx.users.insert(userRecord(org));
        });

        expect((otherWrite as { code?: string } | undefined)?.code).toBe('SQLITE_BUSY');
      } finally {
        other.close();
      }
    },
  );
});
