import { execFileSync } from 'node:child_process';

/**
 * Compiles src to dist once before the suite, so tests that start `bin/rolecall.js` as a
 * separate process run the code under test rather than an older build.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
