import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

import { createActivityLog, type ActivityLog } from './activity/activity-log.js';
import { registerAdmin } from './admin/register-admin.js';
import { ensureOrganization, type FirstStart } from './bootstrap.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { buildServer } from './http/build-server.js';
import type { RequestSummary } from './http/request-log.js';
import { createIdGenerator, type IdGenerator } from './ids.js';
import { migrate, unknownMigrations } from './storage/migrate.js';
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from './storage/open-database.js';
import { Store } from './storage/store.js';

/** A running composition: database, store and HTTP server, closed together. */
export interface App {
  readonly server: FastifyInstance;
  readonly store: Store;
  readonly database: DatabaseHandle;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly activity: ActivityLog;
  /** Set when this start created the organization: the secrets to print once. */
  readonly firstStart: FirstStart | undefined;
  close(): Promise<void>;
}

export interface AppOptions {
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Generator of resource ids. When absent, ids come from the clock and random bits. */
  readonly ids?: IdGenerator;
  readonly onRequestFinished?: (summary: RequestSummary) => void;
}

/** Returns the database a configuration selects: PostgreSQL when a URL is set, else SQLite in the data folder. */
export function databaseTarget(config: Config): DatabaseTarget {
  if (config.databaseUrl !== undefined) {
    return {
      kind: 'postgres',
      url: config.databaseUrl,
      poolSize: config.databasePoolSize,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
    };
  }
  return { kind: 'sqlite', file: `${config.dataDir}/rolecall.db` };
}

/**
 * Opens and migrates the database, creates the first organization if needed, prunes the activity
 * log, and builds the server with the SCIM routes, the admin API and the admin page.
 */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? createIdGenerator(clock);
  const database = openDatabase(databaseTarget(config), { logger: options.logger });
  try {
    await migrateAndReport(database, options.logger);
    const store = new Store(database.db, database.dialect, { logger: options.logger });
    const firstStart = await ensureOrganization({ store, clock, ids });
    const activity = createActivityLog({
      store,
      clock,
      logger: options.logger,
      retentionDays: config.activityRetentionDays,
    });
    await activity.start();
    const server = buildServer({
      store,
      clock,
      ids,
      logger: options.logger,
      bodyLimit: config.bodyLimit,
      publicUrl: config.publicUrl,
      onRequestFinished: (summary) => {
        activity.recordScimRequest(summary);
        options.onRequestFinished?.(summary);
      },
    });
    registerAdmin(server, { store, clock, ids, activity });
    return {
      server,
      store,
      database,
      clock,
      ids,
      activity,
      firstStart,
      close: async () => {
        // In-flight requests finish first, so their activity entries are written before closing.
        await server.close();
        await activity.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * Applies pending migrations and logs what it did. Migrations that only a newer version defines
 * mean that instances of two versions share the database, as during a rolling upgrade.
 */
async function migrateAndReport(database: DatabaseHandle, logger: Logger): Promise<void> {
  const applied = await migrate(database.db, database.dialect);
  if (applied.length > 0) {
    logger.info({ migrations: applied, dialect: database.dialect }, 'applied database migrations');
  }
  const unknown = await unknownMigrations(database.db);
  if (unknown.length > 0) {
    logger.warn(
      { migrations: unknown },
      'the database has migrations from a newer rolecall version; upgrade this instance',
    );
  }
}
