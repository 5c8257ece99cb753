import { execFileSync } from 'node:child_process';

import { POSTGRES_SKIP_NOTICE } from './test-database.js';

/**
 * Compiles src to dist once before the suite, so tests that start `bin/rolecall.js` as a
 * separate process run the code under test rather than an older build. Also says once, visibly,
 * when the PostgreSQL runs are skipped.
 */
export default function setup(): void {
  if (!process.env.ROLECALL_TEST_POSTGRES_URL) console.warn(`\n${POSTGRES_SKIP_NOTICE}\n`);
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
