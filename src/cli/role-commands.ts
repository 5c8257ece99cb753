import type { Command } from 'commander';

import type { describeMember, describeRole } from '../admin/admin-views.js';
import {
  printChange,
  printJson,
  printLine,
  withAdminOptions,
  type AdminFlags,
} from './admin-options.js';
import { openAdminTransport, sendAdmin } from './admin-transport.js';
import { formatTable } from './print-table.js';
import { readPages, readWithTransport, type PageFlags } from './read-pages.js';

type RoleView = ReturnType<typeof describeRole>;
type MemberView = ReturnType<typeof describeMember>;

interface ListFlags extends AdminFlags, PageFlags {
  query?: string;
  managedBy?: string;
}

/** `rolecall roles list|show|create|rename|delete|add-members|remove-members`. */
export function addRoleCommands(program: Command): void {
  const roles = program.command('roles').description('manage roles (SCIM groups)');

  withAdminOptions(roles.command('list'))
    .description('list roles ordered by name')
    .option('--query <text>', 'only roles whose name contains the text')
    .option('--managed-by <provider>', 'only roles managed by a provider; none or any also work')
    .option('--limit <n>', 'print at most n roles (default: all)')
    .option('--offset <n>', 'skip the first n roles')
    .action(listRoles);

  withAdminOptions(roles.command('show'))
    .description('show a role with all its members')
    .argument('<id>', 'role id')
    .action(async (id: string, flags: AdminFlags) => {
      const transport = await openAdminTransport(flags);
      try {
        const { role } = await transport.send('GET', `/roles/${encodeURIComponent(id)}`);
        const path = `/roles/${encodeURIComponent(id)}/members`;
        const members = await readWithTransport<MemberView>(transport, path, 'members', {});
        if (flags.json) return printJson({ ...role, members });
        printRole(role, members);
      } finally {
        await transport.close();
      }
    });

  withAdminOptions(roles.command('create'))
    .description('create an unmanaged role')
    .argument('<name>', 'role name, unique in the organization ignoring case')
    .action(async (name: string, flags: AdminFlags) => {
      const response = await sendAdmin(flags, 'POST', '/roles', { name });
      printChange(flags, response, `Created role ${response.role.id} (${response.role.name}).`);
    });

  withAdminOptions(roles.command('rename'))
    .description('rename a role')
    .argument('<id>', 'role id')
    .argument('<name>', 'new name')
    .action(async (id: string, name: string, flags: AdminFlags) => {
      const response = await sendAdmin(flags, 'PATCH', `/roles/${encodeURIComponent(id)}`, {
        name,
      });
      printChange(flags, response, `Renamed role ${id} to ${response.role.name}.`);
    });

  withAdminOptions(roles.command('delete'))
    .description('delete a role and its memberships')
    .argument('<id>', 'role id')
    .action(async (id: string, flags: AdminFlags) => {
      const response = await sendAdmin(flags, 'DELETE', `/roles/${encodeURIComponent(id)}`);
      printChange(flags, response, `Deleted role ${id}.`);
    });

  for (const [name, field] of [
    ['add-members', 'add'],
    ['remove-members', 'remove'],
  ] as const) {
    withAdminOptions(roles.command(name))
      .description(`${field} users ${field === 'add' ? 'to' : 'from'} a role`)
      .argument('<id>', 'role id')
      .argument('<userIds...>', 'user ids')
      .action(async (id: string, userIds: string[], flags: AdminFlags) => {
        const path = `/roles/${encodeURIComponent(id)}/members`;
        const response = await sendAdmin(flags, 'POST', path, { [field]: userIds });
        const count = field === 'add' ? response.added.length : response.removed.length;
        const verb = field === 'add' ? 'Added' : 'Removed';
        printChange(
          flags,
          response,
          `${verb} ${count} member${count === 1 ? '' : 's'}; role ${id} has ${response.role.memberCount}.`,
        );
      });
  }
}

async function listRoles(flags: ListFlags): Promise<void> {
  const filter = { q: flags.query, managedBy: flags.managedBy };
  const roles = await readPages<RoleView>(flags, '/roles', 'roles', filter);

  if (flags.json) return printJson(roles);
  const rows = roles.map((role) => [
    role.id,
    role.name,
    role.managedBy ?? '-',
    String(role.memberCount),
  ]);
  printLine(formatTable(['ID', 'NAME', 'MANAGED BY', 'MEMBERS'], rows));
}

function printRole(role: RoleView, members: readonly MemberView[]): void {
  printLine(
    `Role ${role.name} (${role.id}), managed by ${role.managedBy ?? 'nobody'}, ${role.memberCount} member${role.memberCount === 1 ? '' : 's'}`,
  );
  if (members.length === 0) return;
  const rows = members.map((member) => [
    member.id,
    member.userName,
    member.displayName,
    member.suspended ? 'suspended' : 'active',
    member.managedBy ?? '-',
  ]);
  printLine(formatTable(['ID', 'USERNAME', 'NAME', 'STATE', 'MANAGED BY'], rows));
}
