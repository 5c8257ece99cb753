import { existsSync } from 'node:fs';

import { databaseTarget } from '../app.js';
import { systemClock } from '../clock.js';
import { loadConfig, type ConfigInput } from '../config.js';
import { createIdGenerator } from '../ids.js';
import { migrate } from '../storage/migrate.js';
import { openDatabase } from '../storage/open-database.js';
import { Store } from '../storage/store.js';
import type { TokenDependencies } from '../tokens/token-service.js';

export class CliError extends Error {
  override readonly name = 'CliError';
}

export interface LocalStore extends TokenDependencies {
  readonly organizationId: string;
  close(): Promise<void>;
}

/**
 * Opens the database the flags and environment select, for commands that work on it directly,
 * and picks the organization: the one given, or the only one there is.
 */
export async function openLocalStore(
  flags: ConfigInput & { organization?: string | undefined },
): Promise<LocalStore> {
  const config = loadConfig(flags);
  const target = databaseTarget(config);
  // Opening a missing SQLite file would create an empty database in the wrong place.
  if (target.kind === 'sqlite' && !existsSync(target.file)) {
    throw new CliError(
      `No rolecall database at ${target.file}. Start the server once with "rolecall serve", or point --data-dir (ROLECALL_DATA_DIR) at the folder the server uses.`,
    );
  }
  const database = openDatabase(target);
  try {
    await migrate(database.db, database.dialect);
    const store = new Store(database.db, database.dialect);
    const organizations = await store.organizations.list();
    const organizationId = pickOrganization(
      organizations.map((org) => org.id),
      flags.organization,
    );
    return {
      store,
      clock: systemClock,
      ids: createIdGenerator(systemClock),
      organizationId,
      close: () => database.close(),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

function pickOrganization(ids: string[], wanted: string | undefined): string {
  if (wanted !== undefined) {
    if (ids.includes(wanted)) return wanted;
    throw new CliError(
      `Organization ${wanted} not found. Known organizations: ${ids.join(', ') || 'none'}.`,
    );
  }
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) {
    throw new CliError(
      'The database has no organization yet. Start the server once with "rolecall serve".',
    );
  }
  throw new CliError(
    `The database has ${ids.length} organizations; choose one with --organization <id>.`,
  );
}
