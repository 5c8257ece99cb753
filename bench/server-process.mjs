// Starts and stops the servers under test as child processes on 127.0.0.1.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROLECALL_CLI = join(ROOT, 'bin/rolecall.js');
const CEILING_SERVER = join(ROOT, 'bench/ceiling-server.mjs');
const START_TIMEOUT_MS = 30_000;

/**
 * Starts `rolecall serve` on a free port of 127.0.0.1 with an empty data folder and resolves
 * with its origin and the generic provisioning token it prints on first start.
 * `nodeOptions` go to the node binary, e.g. --cpu-prof.
 */
export async function startRolecall({ dataDir, databaseUrl, nodeOptions = [] }) {
  const args = [...nodeOptions, ROLECALL_CLI, 'serve', '--host', '127.0.0.1', '--port', '0'];
  args.push('--data-dir', dataDir, '--log-level', 'warn');
  if (databaseUrl !== undefined) args.push('--database-url', databaseUrl);

  const server = await startProcess('rolecall', args, (output) => {
    const origin = /rolecall is listening on (http:\/\/\S+)/.exec(output)?.[1];
    const token = /generic provisioning token: (rcl_\S+)/.exec(output)?.[1];
    return origin !== undefined && token !== undefined ? { origin, token } : undefined;
  });
  return server;
}

/** Starts the minimal fastify server that returns `documentFile`'s content on every GET. */
export async function startCeiling({ documentFile }) {
  return startProcess('ceiling', [CEILING_SERVER, documentFile], (output) => {
    const origin = /ceiling is listening on (http:\/\/\S+)/.exec(output)?.[1];
    return origin === undefined ? undefined : { origin };
  });
}

/**
 * Spawns `node args…` and resolves once `parseBanner` finds what it needs in standard output.
 * The returned object has the parsed fields, the pid and `stop()`.
 */
function startProcess(name, args, parseBanner) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let ready = false;
  // Log lines after the banner (warnings, errors) are shown, not kept, so the pipe never fills.
  child.stderr.on('data', (chunk) => process.stderr.write(`[${name}] ${chunk}`));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not print its address within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      if (ready) {
        process.stderr.write(`[${name}] ${chunk}`);
        return;
      }
      stdout += chunk;
      const banner = parseBanner(stdout);
      if (banner === undefined) return;
      ready = true;
      clearTimeout(timer);
      resolve({
        ...banner,
        pid: child.pid,
        isRunning: () => child.exitCode === null && child.signalCode === null,
        stop: () => stopProcess(child),
      });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!ready)
        reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${stdout}`));
    });
  });
}

/** Sends SIGTERM and waits for the exit; SIGKILL after 10 s. Resolves with the exit code. */
function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}
