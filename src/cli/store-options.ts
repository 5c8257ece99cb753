import type { Command } from 'commander';

/** Flags of every command that opens the database. */
export interface StoreFlags {
  dataDir?: string;
  databaseUrl?: string;
  organization?: string;
}

export function withStoreOptions(command: Command): Command {
  return command
    .option(
      '--data-dir <path>',
      'folder of the SQLite database (ROLECALL_DATA_DIR, default ./data)',
    )
    .option('--database-url <url>', 'PostgreSQL URL; replaces SQLite (ROLECALL_DATABASE_URL)')
    .option('--organization <id>', 'organization to act on, when the database has several');
}
