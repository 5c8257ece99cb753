import type { Command } from 'commander';

import { formatTable } from './print-table.js';
import { withStoreOptions, type StoreFlags } from './store-options.js';
import { printJson, withStore } from './token-commands.js';

const PAGE = 1000;

/** `rolecall users list` and `rolecall roles list`. */
export function addDirectoryCommands(program: Command): void {
  withStoreOptions(program.command('users').command('list'))
    .description('list users')
    .option('--json', 'print JSON')
    .action(async (flags: StoreFlags & { json?: boolean }) => {
      const users = await withStore(flags, async (local) => {
        const all = [];
        for (let offset = 0; ; offset += PAGE) {
          const page = await local.store.users.list(local.organizationId, {
            where: undefined,
            orderBy: [],
            offset,
            limit: PAGE,
          });
          all.push(...page.items);
          if (offset + PAGE >= page.total) return all;
        }
      });
      const described = users.map((user) => ({
        id: user.id,
        userName: user.userName,
        email: user.email,
        displayName: user.displayName,
        suspended: user.suspended,
        permissionLevel: user.permissionLevel,
        managedBy: user.managedBy,
      }));
      if (flags.json) return printJson(described);
      const rows = described.map((user) => [
        user.id,
        user.userName,
        user.displayName,
        user.suspended ? 'suspended' : 'active',
        user.permissionLevel,
        user.managedBy ?? '-',
      ]);
      process.stdout.write(
        `${formatTable(['ID', 'USERNAME', 'NAME', 'STATE', 'PERMISSION', 'MANAGED BY'], rows)}\n`,
      );
    });

  withStoreOptions(program.command('roles').command('list'))
    .description('list roles')
    .option('--json', 'print JSON')
    .action(async (flags: StoreFlags & { json?: boolean }) => {
      const roles = await withStore(flags, async (local) => {
        const page = await local.store.roles.list(local.organizationId, {
          where: undefined,
          orderBy: [],
          offset: 0,
          limit: Number.MAX_SAFE_INTEGER,
        });
        return page.items;
      });
      const described = roles.map((role) => ({
        id: role.id,
        name: role.name,
        managedBy: role.managedBy,
      }));
      if (flags.json) return printJson(described);
      const rows = described.map((role) => [role.id, role.name, role.managedBy ?? '-']);
      process.stdout.write(`${formatTable(['ID', 'NAME', 'MANAGED BY'], rows)}\n`);
    });
}
