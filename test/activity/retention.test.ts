import { dirname } from 'node:path';

import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { pruneActivity } from '../../src/activity/activity-retention.js';
import { createApp } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { ActivityRepository, type ActivityRecord } from '../../src/storage/activity-repository.js';
import { createTestDatabase, testBackends, type TestDatabase } from '../support/test-database.js';

const NOW = new Date('2030-06-15T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;

function entry(id: string, ageDays: number): ActivityRecord {
  return {
    id,
    organizationId: 'o-0000000000000001',
    time: new Date(NOW.getTime() - ageDays * DAY).toISOString(),
    source: 'scim',
    provider: 'okta',
    flavour: 'okta',
    actor: null,
    method: 'POST',
    path: '/provisioning/okta/v2/Users',
    status: 201,
    durationMs: 2.5,
    resourceIds: [`a-${id.padStart(16, '0')}`],
    rules: [],
    ignoredAttributes: [],
    errorCode: null,
    errorDetail: null,
    requestBody: { userName: id },
    bodyTruncated: false,
  };
}

describe.each(testBackends())('activity retention on %s', (dialect) => {
  let database: TestDatabase;
  let repository: ActivityRepository;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    await database.db
      .insertInto('organizations')
      .values({ id: 'o-0000000000000001', name: 'Test', created_at: NOW.toISOString() })
      .execute();
    repository = new ActivityRepository(database.db, database.dialect);
    await repository.insert([entry('1', 45), entry('2', 31), entry('3', 29), entry('4', 0)]);
  });

  afterEach(async () => {
    await database.drop();
  });

  async function storedIds(): Promise<string[]> {
    const rows = await repository.listOldestFirst('o-0000000000000001', {}, 100);
    return rows.map((row) => row.id);
  }

  it('deletes entries older than the retention and keeps the rest', async () => {
    const deleted = await pruneActivity(repository, { now: () => NOW }, 30);

    expect(deleted).toBe(2);
    expect(await storedIds()).toEqual(['3', '4']);
  });

  it('deletes the resource links of pruned entries', async () => {
    await pruneActivity(repository, { now: () => NOW }, 30);
    const links = await sql<{
      entry_id: string;
    }>`select entry_id from activity_resources order by entry_id`.execute(database.db);

    expect(links.rows.map((row) => row.entry_id)).toEqual(['3', '4']);
  });

  it('follows a shorter retention', async () => {
    await pruneActivity(repository, { now: () => NOW }, 1);

    expect(await storedIds()).toEqual(['4']);
  });

  it('prunes when the application starts', async () => {
    const config = loadConfig(
      database.target.kind === 'sqlite'
        ? { dataDir: dirname(database.target.file), activityRetentionDays: 30 }
        : { databaseUrl: database.target.url, activityRetentionDays: 30 },
      {},
    );
    const app = await createApp(config, {
      logger: createLogger('silent'),
      clock: { now: () => NOW },
    });
    const ids = await storedIds();
    await app.close();

    expect(ids).toEqual(['3', '4']);
  });
});

describe('activity retention setting', () => {
  it('defaults to 30 days', () => {
    expect(loadConfig({}, {}).activityRetentionDays).toBe(30);
  });

  it('reads ROLECALL_ACTIVITY_RETENTION_DAYS', () => {
    const config = loadConfig({}, { ROLECALL_ACTIVITY_RETENTION_DAYS: '7' });

    expect(config.activityRetentionDays).toBe(7);
  });

  it('lets a flag win over the environment', () => {
    const config = loadConfig(
      { activityRetentionDays: '90' },
      { ROLECALL_ACTIVITY_RETENTION_DAYS: '7' },
    );

    expect(config.activityRetentionDays).toBe(90);
  });

  it('rejects zero days with a message naming the variable', () => {
    expect(() => loadConfig({}, { ROLECALL_ACTIVITY_RETENTION_DAYS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({}, { ROLECALL_ACTIVITY_RETENTION_DAYS: '0' })).toThrow(
      'Invalid --activity-retention-days or ROLECALL_ACTIVITY_RETENTION_DAYS "0": expected an integer from 1 to 36500.',
    );
  });
});
