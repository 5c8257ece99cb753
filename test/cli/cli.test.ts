import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, startServerProcess, type RunningServer } from '../support/cli-process.js';
import { userBody } from '../support/fixtures.js';

async function createUser(origin: string, token: string, userName: string) {
  return fetch(`${origin}/provisioning/generic/v2/Users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify(userBody(userName)),
  });
}

describe('rolecall CLI', () => {
  let dataDir: string;
  let server: RunningServer;
  let firstOutput: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rolecall-cli-'));
    server = await startServerProcess(['--data-dir', dataDir]);
    firstOutput = server.output();
  });

  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the base URLs and the first tokens on first start', () => {
    for (const provider of ['generic', 'okta', 'azure']) {
      expect(firstOutput).toContain(`${server.origin}/provisioning/${provider}/v2`);
    }
    expect(firstOutput).toMatch(/generic provisioning token: rcl_\S+/);
    expect(firstOutput).toMatch(/admin token: +rcl_\S+/);
  });

  it('accepts the printed provisioning token', async () => {
    const token = /generic provisioning token: (\S+)/.exec(firstOutput)![1]!;
    const response = await createUser(server.origin, token, 'printed@example.test');

    expect(response.status).toBe(201);
  });

  it('creates, lists, rotates and revokes tokens', async () => {
    const created = runCli([
      'token',
      'create',
      '--provider',
      'okta',
      '--label',
      'Okta prod',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    const token = JSON.parse(created.stdout);
    const list = runCli(['token', 'list', '--data-dir', dataDir]);

    expect(created.status).toBe(0);
    expect(token.secret).toMatch(/^rcl_/);
    expect(list.stdout).toContain(token.id);
    expect(list.stdout).toContain('Okta prod');
    expect(list.stdout).not.toContain(token.secret);
    expect((await createUser(server.origin, token.secret, 'okta@example.test')).status).toBe(201);

    const rotated = runCli(['token', 'rotate', token.id, '--json', '--data-dir', dataDir]);
    const newSecret = JSON.parse(rotated.stdout).secret;
    expect(rotated.status).toBe(0);
    expect((await createUser(server.origin, token.secret, 'old@example.test')).status).toBe(401);
    expect((await createUser(server.origin, newSecret, 'new@example.test')).status).toBe(201);

    const revoked = runCli(['token', 'revoke', token.id, '--data-dir', dataDir]);
    expect(revoked.status).toBe(0);
    expect((await createUser(server.origin, newSecret, 'gone@example.test')).status).toBe(401);
  });

  it('lists users and roles with their managing provider', () => {
    const users = runCli(['users', 'list', '--json', '--data-dir', dataDir]);
    const listed = JSON.parse(users.stdout);
    const table = runCli(['users', 'list', '--data-dir', dataDir]);
    const roles = runCli(['roles', 'list', '--data-dir', dataDir]);

    expect(listed).toContainEqual(
      expect.objectContaining({
        userName: 'okta@example.test',
        managedBy: 'okta',
        suspended: false,
      }),
    );
    expect(table.stdout).toMatch(/^ID +USERNAME/);
    expect(table.stdout).toContain('printed@example.test');
    expect(roles.status).toBe(0);
    expect(roles.stdout).toMatch(/^ID +NAME +MANAGED BY/);
  });

  it('rejects an unknown provider with a clear message', () => {
    const result = runCli(['token', 'create', '--provider', 'ping', '--data-dir', dataDir]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid --provider "ping"');
  });

  it('rejects rotating an unknown token', () => {
    const result = runCli(['token', 'rotate', 't-0000000000000000', '--data-dir', dataDir]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('t-0000000000000000 not found');
  });

  it('does not print tokens on a later start and stops cleanly on SIGTERM', async () => {
    const second = await startServerProcess(['--data-dir', dataDir]);
    const output = second.output();
    const code = await second.stop();

    expect(output).toContain('listening on');
    expect(output).not.toContain('rcl_');
    expect(code).toBe(0);
  });

  it('stops within the shutdown grace period', async () => {
    const second = await startServerProcess(['--data-dir', dataDir]);
    const { hostname, port } = new URL(second.origin);
    // A request whose body never arrives keeps its connection busy until the server gives up.
    const socket = connect(Number(port), hostname);
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /provisioning/generic/v2/Users HTTP/1.1\r\nHost: x\r\n' +
        'Content-Type: application/scim+json\r\nContent-Length: 1000\r\n\r\n{"user',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const code = await second.stop();
    socket.destroy();

    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('reports a missing database without creating one', () => {
    const missing = join(dataDir, 'elsewhere');
    const result = runCli(['users', 'list', '--data-dir', missing]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`No rolecall database at ${join(missing, 'rolecall.db')}`);
    expect(existsSync(missing)).toBe(false);
  });

  it('reports an unreachable database in one line', () => {
    const result = runCli([
      'users',
      'list',
      '--database-url',
      'postgres://nobody@127.0.0.1:1/none',
    ]);

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^rolecall: failed: .*ECONNREFUSED/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects an invalid port before starting', () => {
    const result = runCli(['serve', '--port', 'eighty', '--data-dir', dataDir]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid --port or ROLECALL_PORT "eighty"');
  });
});
