import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { openDatabase } from '../../src/storage/open-database.js';
import { startServerProcess, type RunningServer } from '../support/cli-process.js';

/*
 * SQLite serves one instance, but the CLI opens the same file while the server runs, and each
 * of them migrates it on start. Separate processes are the only way to test that here, because
 * better-sqlite3 waits for a lock synchronously and two connections in one process would block
 * each other.
 */
describe('one SQLite file opened by several processes', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('migrates and creates one organization when two servers start together', async () => {
    for (let round = 0; round < 3; round += 1) {
      const dataDir = mkdtempSync(join(tmpdir(), 'rolecall-sqlite-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

      const servers = await Promise.all([
        startServerProcess(['--data-dir', dataDir]),
        startServerProcess(['--data-dir', dataDir]),
      ]);
      for (const server of servers) cleanups.push(() => stopQuietly(server));

      const creators = servers.filter((server) => server.output().includes('Created organization'));
      expect(creators).toHaveLength(1);
      const handle = openDatabase({ kind: 'sqlite', file: join(dataDir, 'rolecall.db') });
      try {
        const organizations = await handle.db.selectFrom('organizations').selectAll().execute();
        expect(organizations).toHaveLength(1);
      } finally {
        await handle.close();
      }
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    }
  });
});

async function stopQuietly(server: RunningServer): Promise<void> {
  if (server.process.exitCode === null) await server.stop();
}
