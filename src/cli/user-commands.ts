import type { Command } from 'commander';

import type { describeUser, describeUserDetail } from '../admin/admin-views.js';
import { PERMISSION_LEVELS } from '../admin/permission-levels.js';
import {
  printChange,
  printJson,
  printLine,
  withAdminOptions,
  type AdminFlags,
} from './admin-options.js';
import { sendAdmin } from './admin-transport.js';
import { CliError } from './local-store.js';
import { formatTable } from './print-table.js';
import { readPages, type PageFlags } from './read-pages.js';

type UserView = ReturnType<typeof describeUser>;
type UserDetail = ReturnType<typeof describeUserDetail>;

interface ListFlags extends AdminFlags, PageFlags {
  query?: string;
  managedBy?: string;
  suspended?: boolean;
  active?: boolean;
}

interface UserFieldFlags extends AdminFlags {
  email?: string;
  userName?: string;
  firstName?: string;
  lastName?: string;
  displayName?: string;
  permissionLevel?: string;
}

/** `rolecall users list|show|create|edit|set-permission|suspend|reactivate|delete`. */
export function addUserCommands(program: Command): void {
  const users = program.command('users').description('manage users');

  withAdminOptions(users.command('list'))
    .description('list users ordered by userName')
    .option('--query <text>', 'only users whose userName, email or display name contains the text')
    .option('--managed-by <provider>', 'only users managed by a provider; none or any also work')
    .option('--suspended', 'only suspended users')
    .option('--active', 'only active users')
    .option('--limit <n>', 'print at most n users (default: all)')
    .option('--offset <n>', 'skip the first n users')
    .action(listUsers);

  withAdminOptions(users.command('show'))
    .description('show a user with its roles and SCIM attributes')
    .argument('<id>', 'user id')
    .action(async (id: string, flags: AdminFlags) => {
      const response = await sendAdmin(flags, 'GET', `/users/${encodeURIComponent(id)}`);
      if (flags.json) return printJson(response.user);
      printUserDetail(response.user);
    });

  withUserFields(withAdminOptions(users.command('create')))
    .description('create an unmanaged user')
    .action(async (flags: UserFieldFlags) => {
      const body = userFields(flags);
      for (const [field, flag] of [
        ['email', 'email'],
        ['givenName', 'first-name'],
        ['familyName', 'last-name'],
      ]) {
        if (body[field!] === undefined) {
          throw new CliError(
            `Missing --${flag}: a new user needs --email, --first-name and --last-name.`,
          );
        }
      }
      const response = await sendAdmin(flags, 'POST', '/users', body);
      printChange(flags, response, `Created user ${response.user.id} (${response.user.userName}).`);
    });

  withUserFields(withAdminOptions(users.command('edit')))
    .description("change a user's names, email, userName or permission level")
    .argument('<id>', 'user id')
    .action(async (id: string, flags: UserFieldFlags) => {
      const body = userFields(flags);
      if (Object.keys(body).length === 0) {
        throw new CliError(
          'Nothing to change: pass --email, --user-name, --first-name, --last-name, --display-name or --permission-level.',
        );
      }
      const response = await sendAdmin(flags, 'PATCH', `/users/${encodeURIComponent(id)}`, body);
      printChange(flags, response, changeMessage(response, `Updated user ${id}.`, id));
    });

  withAdminOptions(users.command('set-permission'))
    .description(`set a user's permission level: ${PERMISSION_LEVELS.join(', ')}`)
    .argument('<id>', 'user id')
    .argument('<level>', 'permission level')
    .action(async (id: string, level: string, flags: AdminFlags) => {
      const path = `/users/${encodeURIComponent(id)}`;
      const response = await sendAdmin(flags, 'PATCH', path, { permissionLevel: level });
      printChange(flags, response, `User ${id} now has permission level ${level}.`);
    });

  for (const [name, description, done] of [
    ['suspend', 'suspend a user; this also ends its management by a provider', 'Suspended'],
    ['reactivate', 'reactivate a suspended user; it stays unmanaged', 'Reactivated'],
  ] as const) {
    withAdminOptions(users.command(name))
      .description(description)
      .argument('<id>', 'user id')
      .action(async (id: string, flags: AdminFlags) => {
        const response = await sendAdmin(flags, 'POST', `/users/${encodeURIComponent(id)}/${name}`);
        const unchanged = `User ${id} was already ${name === 'suspend' ? 'suspended' : 'active'}.`;
        printChange(flags, response, response.changed ? `${done} user ${id}.` : unchanged);
      });
  }

  withAdminOptions(users.command('delete'))
    .description('delete a user and its role memberships')
    .argument('<id>', 'user id')
    .action(async (id: string, flags: AdminFlags) => {
      const response = await sendAdmin(flags, 'DELETE', `/users/${encodeURIComponent(id)}`);
      printChange(flags, response, `Deleted user ${id}.`);
    });
}

function withUserFields(command: Command): Command {
  return command
    .option('--email <email>', 'email address; a userName equal to the old email follows it')
    .option('--user-name <name>', 'userName (defaults to the email on create)')
    .option('--first-name <name>', 'first name (SCIM name.givenName)')
    .option('--last-name <name>', 'last name (SCIM name.familyName)')
    .option('--display-name <name>', 'display name (defaults to "<first> <last>")')
    .option('--permission-level <level>', `one of ${PERMISSION_LEVELS.join(', ')}`);
}

function userFields(flags: UserFieldFlags): Record<string, string> {
  const body: Record<string, string | undefined> = {
    email: flags.email,
    userName: flags.userName,
    givenName: flags.firstName,
    familyName: flags.lastName,
    displayName: flags.displayName,
    permissionLevel: flags.permissionLevel,
  };
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

async function listUsers(flags: ListFlags): Promise<void> {
  if (flags.suspended && flags.active)
    throw new CliError('Pass --suspended or --active, not both.');
  let suspended: string | undefined;
  if (flags.suspended) suspended = 'true';
  if (flags.active) suspended = 'false';
  const filter = { q: flags.query, managedBy: flags.managedBy, suspended };

  const users = await readPages<UserView>(flags, '/users', 'users', filter);

  if (flags.json) return printJson(users);
  const rows = users.map((user) => [
    user.id,
    user.userName,
    user.displayName,
    user.suspended ? 'suspended' : 'active',
    user.permissionLevel,
    user.managedBy ?? '-',
  ]);
  printLine(formatTable(['ID', 'USERNAME', 'NAME', 'STATE', 'PERMISSION', 'MANAGED BY'], rows));
}

function printUserDetail(user: UserDetail): void {
  const rows = [
    ['id', user.id],
    ['userName', user.userName],
    ['email', user.email],
    ['name', `${user.givenName} ${user.familyName}`],
    ['displayName', user.displayName],
    ['state', user.suspended ? 'suspended' : 'active'],
    ['permission level', user.permissionLevel],
    ['managed by', user.managedBy ?? '-'],
    ['version', String(user.version)],
    ['created', user.created],
    ['last modified', user.lastModified],
    ['roles', user.roles.map((role) => `${role.name} (${role.id})`).join(', ') || '-'],
  ];
  printLine(rows.map(([label, value]) => `${label!.padEnd(17)}${value}`).join('\n'));
}

function changeMessage(response: { changed?: boolean }, changed: string, id: string): string {
  return response.changed === false
    ? `User ${id} already had these values; nothing changed.`
    : changed;
}
