import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '../../bin/rolecall.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one rolecall command to completion, as a separate process. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface RunningServer {
  readonly process: ChildProcessWithoutNullStreams;
  /** Origin the server printed, e.g. http://127.0.0.1:41234. */
  readonly origin: string;
  /** Everything the server printed on standard output so far. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `rolecall serve` on a free port and resolves once it prints its address. */
export function startServerProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<RunningServer> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    env: { ...process.env, ROLECALL_LOG_LEVEL: 'warn', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match && stdout.includes('\n', match.index)) {
        // Wait for the whole banner: it is written in one call, after the address line.
        setImmediate(() =>
          resolve({
            process: child,
            origin: match[1]!,
            output: () => stdout,
            stop: () =>
              new Promise((done) => {
                child.once('exit', (code) => done(code));
                child.kill('SIGTERM');
              }),
          }),
        );
      }
    });
    child.once('exit', (code) =>
      reject(
        new Error(`rolecall serve exited with ${code} before listening:\n${stdout}\n${stderr}`),
      ),
    );
  });
}
