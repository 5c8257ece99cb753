import { existsSync } from 'node:fs';

import type { Command } from 'commander';

import type { ProviderStatus } from '../admin/provisioning-status.js';
import { databaseTarget } from '../app.js';
import { loadConfig } from '../config.js';
import { migrate } from '../storage/migrate.js';
import { openDatabase } from '../storage/open-database.js';
import { Store } from '../storage/store.js';
import {
  printJson,
  printLine,
  queryString,
  withAdminOptions,
  type AdminFlags,
} from './admin-options.js';
import { sendAdmin } from './admin-transport.js';
import { CliError } from './local-store.js';
import { formatTable } from './print-table.js';

/** `rolecall organizations list|show` and `rolecall status`. */
export function addOrganizationCommands(program: Command): void {
  const organizations = program.command('organizations').description('read organizations');

  withAdminOptions(organizations.command('list'))
    .description(
      "list organizations: every one in a local database, the admin token's own with --server",
    )
    .action(async (flags: AdminFlags) => {
      const list =
        flags.server === undefined
          ? await listLocalOrganizations(flags)
          : (await sendAdmin(flags, 'GET', '/organizations')).organizations;
      if (flags.json) return printJson(list);
      const rows = list.map((item: { id: string; name: string; created: string }) => [
        item.id,
        item.name,
        item.created,
      ]);
      printLine(formatTable(['ID', 'NAME', 'CREATED'], rows));
    });

  withAdminOptions(organizations.command('show'))
    .description('show an organization with its numbers of users, roles and live tokens')
    .argument('<id>', 'organization id')
    .action(async (id: string, flags: AdminFlags) => {
      const target = flags.server === undefined ? { ...flags, organization: id } : flags;
      const path = `/organizations/${encodeURIComponent(id)}`;
      const { organization } = await sendAdmin(target, 'GET', path);
      if (flags.json) return printJson(organization);
      const rows = Object.entries(organization).map(
        ([key, value]) => `${key.padEnd(11)}${String(value)}`,
      );
      printLine(rows.join('\n'));
    });

  withAdminOptions(program.command('status'))
    .description('show provisioning status per provider: tokens, last request, error rate')
    .option('--window <duration>', 'count requests over this duration before now (default 24h)')
    .action(async (flags: AdminFlags & { window?: string }) => {
      const response = await sendAdmin(
        flags,
        'GET',
        `/status${queryString({ window: flags.window })}`,
      );
      if (flags.json) return printJson(response);
      printLine(`Requests since ${response.window.since}`);
      printLine(formatTable(STATUS_COLUMNS, response.providers.map(statusRow)));
    });
}

const STATUS_COLUMNS = [
  'PROVIDER',
  'TOKENS',
  'LAST REQUEST',
  'REQUESTS',
  '4XX',
  '5XX',
  'ERROR RATE',
  'LAST ERROR',
];

function statusRow(status: ProviderStatus): string[] {
  return [
    status.provider,
    String(status.activeTokens),
    status.lastRequest ?? '-',
    String(status.requests),
    String(status.clientErrors),
    String(status.serverErrors),
    status.errorRate === null ? '-' : `${(status.errorRate * 100).toFixed(1)}%`,
    status.lastError === null
      ? '-'
      : `${status.lastError.status} ${status.lastError.method} ${status.lastError.path} at ${status.lastError.time}`,
  ];
}

/** Lists every organization of the local database, without choosing one. */
async function listLocalOrganizations(flags: AdminFlags) {
  const target = databaseTarget(loadConfig(flags));
  // As for the other local commands: opening a missing file would create an empty database.
  if (target.kind === 'sqlite' && !existsSync(target.file)) {
    throw new CliError(
      `No rolecall database at ${target.file}. Start the server once with "rolecall serve", or point --data-dir (ROLECALL_DATA_DIR) at the folder the server uses.`,
    );
  }
  const database = openDatabase(target);
  try {
    await migrate(database.db, database.dialect);
    const store = new Store(database.db, database.dialect);
    return await store.organizations.list();
  } finally {
    await database.close();
  }
}
