// Runs read scenarios with wrk, when it is installed, to cross-check autocannon's figures:
// wrk is written in C and needs far less CPU time per request than autocannon.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cpuMicrosecondsPerRequest } from './load.mjs';
import { readCpuSeconds, startPhase } from './process-stats.mjs';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'wrk-requests.lua');
/** Requests generated per run; wrk cycles through them, which suits read scenarios only. */
const REQUEST_LINES = 20_000;

/** Returns whether a `wrk` binary is on the PATH. */
export function wrkInstalled() {
  const result = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  return result.error === undefined && `${result.stdout}${result.stderr}`.includes('wrk');
}

/**
 * Measures a read scenario with wrk the way `measureScenario` does with autocannon: warm-up,
 * then the measured run, with `scenario.prepare` once before both. `authorization` is the
 * Authorization header value, and `workDir` a folder for the request files.
 */
export async function measureReadScenarioWithWrk(scenario, server, settings, context) {
  await scenario.prepare?.();
  if (settings.warmupSeconds > 0) {
    const file = writeRequestFile(scenario, context.workDir);
    await runWrk(server.origin, file, settings.connections, settings.warmupSeconds, context);
  }
  const file = writeRequestFile(scenario, context.workDir);

  const serverPhase = startPhase(server.pid);
  const run = await runWrk(
    server.origin,
    file,
    settings.connections,
    settings.durationSeconds,
    context,
  );
  const serverStats = serverPhase.finish();
  return summarize(run, serverStats);
}

function writeRequestFile(scenario, workDir) {
  const lines = [];
  for (let index = 0; index < REQUEST_LINES; index += 1) {
    const request = scenario.next();
    if (request.method !== 'GET') {
      throw new Error(`wrk runs read scenarios only; ${scenario.id} sends ${request.method}`);
    }
    lines.push(`GET\t${request.path}`);
  }
  const file = join(workDir, `wrk-${scenario.id}.txt`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/**
 * Runs wrk with one thread, so that it leaves the other core to the server. Resolves with the
 * JSON line that the script prints and wrk's own CPU use, sampled from /proc while it runs.
 */
function runWrk(origin, file, connections, seconds, context) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '30s'];
  args.push('-s', SCRIPT, origin, '--', file);
  const child = spawn('wrk', args, {
    env: { ...process.env, BENCH_AUTHORIZATION: context.authorization ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));

  const startedAt = performance.now();
  let cpuSeconds = 0;
  const sampler = setInterval(() => {
    try {
      cpuSeconds = readCpuSeconds(child.pid);
    } catch {
      // The process has just exited, so the previous sample is its last reading.
    }
  }, 250);

  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(sampler);
      const line = output.split('\n').find((text) => text.startsWith('{"requests"'));
      if (code !== 0 || line === undefined) {
        reject(new Error(`wrk exited with ${code} without results:\n${output}`));
        return;
      }
      const elapsedSeconds = (performance.now() - startedAt) / 1000;
      resolve({ ...JSON.parse(line), cpuPercent: (cpuSeconds / elapsedSeconds) * 100 });
    });
  });
}

function summarize(run, serverStats) {
  const seconds = run.durationUs / 1e6;
  return {
    requests: run.requests,
    seconds,
    requestsPerSecond: run.requests / seconds,
    latencyP50Ms: run.p50Us / 1000,
    latencyP99Ms: run.p99Us / 1000,
    latencyMaxMs: run.maxUs / 1000,
    // wrk counts responses with a status above 399; it has no count per status code.
    non2xx: run.statusErrors,
    errors: run.connectErrors + run.readErrors + run.writeErrors + run.timeouts,
    timeouts: run.timeouts,
    statusCounts: {},
    bytesPerResponse: run.requests > 0 ? run.bytes / run.requests : 0,
    serverStats,
    serverCpuMicrosecondsPerRequest: cpuMicrosecondsPerRequest(
      serverStats.cpuPercent,
      seconds,
      run.requests,
    ),
    generatorCpuPercent: run.cpuPercent,
  };
}
