import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, startServerProcess, type RunningServer } from '../support/cli-process.js';
import { userBody } from '../support/fixtures.js';
import { createEmptyPostgresDatabase, testBackends } from '../support/test-database.js';

describe.each(testBackends())('admin CLI on %s', (dialect) => {
  let dataDir: string;
  let storage: string[];
  let dropDatabase: (() => Promise<void>) | undefined;
  let server: RunningServer;
  let adminToken: string;
  let provisioningToken: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rolecall-admin-cli-'));
    storage = ['--data-dir', dataDir];
    if (dialect === 'postgres') {
      const database = await createEmptyPostgresDatabase();
      storage = ['--database-url', database.url];
      dropDatabase = database.drop;
    }
    server = await startServerProcess(storage);
    adminToken = /admin token: +(\S+)/.exec(server.output())![1]!;
    provisioningToken = /generic provisioning token: (\S+)/.exec(server.output())![1]!;
  });

  afterAll(async () => {
    await server.stop();
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Runs a command on the local database. */
  function local(...args: string[]) {
    return runCli([...args, ...storage]);
  }

  /** Runs a command on the server's admin API, with the token in the environment. */
  function remote(...args: string[]) {
    return runCli([...args, '--server', server.origin], { ROLECALL_ADMIN_TOKEN: adminToken });
  }

  function json(result: { status: number | null; stdout: string; stderr: string }) {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return JSON.parse(result.stdout);
  }

  async function scimUser(userName: string): Promise<string> {
    const response = await fetch(`${server.origin}/provisioning/generic/v2/Users`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${provisioningToken}`,
        'content-type': 'application/scim+json',
      },
      body: JSON.stringify(userBody(userName)),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  it('creates, edits and shows a user on the local database', () => {
    const created = json(
      local(
        'users',
        'create',
        '--email',
        'cli@example.test',
        '--first-name',
        'Cli',
        '--last-name',
        'User',
        '--json',
      ),
    );
    const id = created.user.id;
    const edited = local(
      'users',
      'edit',
      id,
      '--last-name',
      'Person',
      '--permission-level',
      'auditor',
    );
    const shown = json(local('users', 'show', id, '--json'));

    expect(created.user).toMatchObject({ userName: 'cli@example.test', managedBy: null });
    expect(edited.status).toBe(0);
    expect(edited.stdout).toBe(`Updated user ${id}.\n`);
    expect(shown).toMatchObject({
      displayName: 'Cli Person',
      permissionLevel: 'auditor',
      version: 2,
    });
  });

  it('lists users as a table and filters them', async () => {
    const id = await scimUser('listed@example.test');
    const table = local('users', 'list', '--query', 'listed');
    const managed = json(local('users', 'list', '--managed-by', 'generic', '--json'));

    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^ID +USERNAME +NAME +STATE +PERMISSION +MANAGED BY\n/);
    expect(table.stdout).toContain(`${id}  listed@example.test`);
    expect(table.stdout.trim().split('\n')).toHaveLength(2);
    expect(managed.map((user: { id: string }) => user.id)).toContain(id);
  });

  it('warns on stderr when it edits a managed user', async () => {
    const id = await scimUser('managed-cli@example.test');
    const result = local('users', 'edit', id, '--first-name', 'Changed');

    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      `warning: User ${id} is managed by generic: the next sync from generic may revert this rename.\n`,
    );
  });

  it('suspends a managed user and clears the marking', async () => {
    const id = await scimUser('suspend-cli@example.test');
    const result = local('users', 'suspend', id);
    const shown = json(local('users', 'show', id, '--json'));

    expect(result.stdout).toBe(`Suspended user ${id}.\n`);
    expect(shown.suspended).toBe(true);
    expect(shown.managedBy).toBeNull();
  });

  it('rejects an invalid permission level with exit code 1', () => {
    const created = json(
      local(
        'users',
        'create',
        '--email',
        'level@example.test',
        '--first-name',
        'L',
        '--last-name',
        'V',
        '--json',
      ),
    );
    const result = local('users', 'set-permission', created.user.id, 'root');

    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'rolecall: Invalid permissionLevel "root": expected one of user, auditor, database-admin, admin.\n',
    );
  });

  it('manages a role and its members on the local database', () => {
    const user = json(
      local(
        'users',
        'create',
        '--email',
        'member@example.test',
        '--first-name',
        'M',
        '--last-name',
        'B',
        '--json',
      ),
    ).user.id;
    const role = json(local('roles', 'create', 'CLI role', '--json')).role.id;
    const added = local('roles', 'add-members', role, user);
    const shown = local('roles', 'show', role);
    const renamed = local('roles', 'rename', role, 'CLI role renamed');
    const removed = json(local('roles', 'remove-members', role, user, '--json'));
    const deleted = local('roles', 'delete', role);
    const gone = local('roles', 'show', role);

    expect(added.stdout).toBe(`Added 1 member; role ${role} has 1.\n`);
    expect(shown.stdout).toContain(`Role CLI role (${role}), managed by nobody, 1 member`);
    expect(shown.stdout).toContain(`${user}  member@example.test`);
    expect(renamed.stdout).toBe(`Renamed role ${role} to CLI role renamed.\n`);
    expect(removed.removed).toEqual([user]);
    expect(deleted.stdout).toBe(`Deleted role ${role}.\n`);
    expect(gone.status).toBe(1);
    expect(gone.stderr).toContain(`Role ${role} not found`);
  });

  it('records local writes in the activity log with source cli', () => {
    const role = json(local('roles', 'create', 'Audited', '--json')).role.id;
    const listed = json(local('activity', 'list', '--resource', role, '--json'));

    expect(listed.entries).toHaveLength(1);
    expect(listed.entries[0]).toMatchObject({
      source: 'cli',
      method: 'POST',
      path: '/admin/v1/roles',
      status: 201,
      resourceIds: [role],
    });
    expect(listed.entries[0].actor).toMatch(/^os-user:/);
  });

  it('lists organizations and the provisioning status locally', () => {
    const organizations = json(local('organizations', 'list', '--json'));
    const status = local('status');

    expect(organizations).toHaveLength(1);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/PROVIDER +TOKENS +LAST REQUEST +REQUESTS/);
    expect(status.stdout).toMatch(/\ngeneric +1 +\d{4}-/);
  });

  it('works on the server with the admin token from the environment', async () => {
    const id = await scimUser('remote@example.test');
    const users = json(remote('users', 'list', '--query', 'remote', '--json'));
    const edit = remote('users', 'edit', id, '--email', 'remote2@example.test');
    const shown = json(remote('users', 'show', id, '--json'));

    expect(users.map((user: { id: string }) => user.id)).toEqual([id]);
    expect(edit.status).toBe(0);
    expect(edit.stderr).toContain('may revert this email change');
    expect(shown.userName).toBe('remote2@example.test');
  });

  it('reads the activity log of the server with filters', async () => {
    const id = await scimUser('remote-activity@example.test');
    const table = remote('activity', 'list', '--resource', id, '--source', 'scim');
    const listed = json(remote('activity', 'list', '--resource', id, '--source', 'scim', '--json'));
    const detail = json(remote('activity', 'show', listed.entries[0].id, '--json'));

    expect(table.stdout).toMatch(/^TIME +SOURCE +PROVIDER +METHOD +PATH +STATUS/);
    expect(table.stdout).toContain('/provisioning/generic/v2/Users');
    expect(listed.entries).toHaveLength(1);
    expect(detail.requestBody.userName).toBe('remote-activity@example.test');
  });

  it('exports a replay fixture to a file', async () => {
    const id = await scimUser('exported@example.test');
    const file = join(dataDir, 'fixture.json');
    const result = remote('activity', 'export', '--resource', id, '--output', file);
    const fixture = JSON.parse(readFileSync(file, 'utf8'));

    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`Wrote 1 replay step to ${file}.\n`);
    expect(fixture.steps[0]).toMatchObject({
      request: { method: 'POST', path: '/Users' },
      expect: { all: { status: 201 } },
      capture: { user1: 'id' },
    });
  });

  it('manages tokens on the server and prints the secret once', async () => {
    const created = json(
      remote('token', 'create', '--provider', 'okta', '--label', 'remote', '--json'),
    );
    const list = remote('token', 'list');
    const rotated = remote('token', 'rotate', created.id);
    const revoked = remote('token', 'revoke', created.id);

    expect(created.secret).toMatch(/^rcl_/);
    expect(list.stdout).toContain(created.id);
    expect(list.stdout).not.toContain(created.secret);
    expect(rotated.stdout).toMatch(
      new RegExp(`^Rotated token ${created.id}\\. Its new secret is shown only now:\\nrcl_`),
    );
    expect(revoked.stdout).toBe(`Revoked token ${created.id}.\n`);
  });

  it('creates an admin token that the server accepts', () => {
    const created = json(local('token', 'create', '--kind', 'admin', '--json'));
    const result = runCli([
      'organizations',
      'list',
      '--server',
      server.origin,
      '--admin-token',
      created.secret,
    ]);

    expect(created.kind).toBe('admin');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Default organization');
  });

  it('rejects --server without an admin token', () => {
    const result = runCli(['users', 'list', '--server', server.origin], {
      ROLECALL_ADMIN_TOKEN: '',
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'rolecall: Missing admin token for --server: pass --admin-token <token> or set ROLECALL_ADMIN_TOKEN.\n',
    );
  });

  it('reports a wrong admin token with the server message', () => {
    const result = runCli([
      'users',
      'list',
      '--server',
      server.origin,
      '--admin-token',
      'rcl_wrong',
    ]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('The admin token is unknown, revoked or rotated out');
  });

  it('reports a server it cannot reach', () => {
    const result = runCli(['status', '--server', 'http://127.0.0.1:9', '--admin-token', 'x']);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Could not reach http://127.0.0.1:9');
  });
});
