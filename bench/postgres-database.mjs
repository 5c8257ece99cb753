// A throwaway PostgreSQL database for one run, created on the server that a URL names.
import { randomBytes } from 'node:crypto';

import pg from 'pg';

/**
 * Creates `rolecall_bench_<random>` on the server of `adminUrl`, whose user must be allowed
 * to create databases. Resolves with the new database's URL and `drop()`.
 */
export async function createBenchDatabase(adminUrl) {
  const name = `rolecall_bench_${randomBytes(4).toString('hex')}`;
  await runAdminStatement(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => runAdminStatement(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

async function runAdminStatement(adminUrl, statement) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
