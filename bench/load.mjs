// Runs one scenario with autocannon: an unmeasured warm-up, then the measured run.
import autocannon from 'autocannon';

import { startOwnCpuPhase, startPhase } from './process-stats.mjs';

/**
 * Drives `scenario` against `server` (an origin and a pid) with a fixed number of
 * connections: `warmupSeconds` of load whose figures are dropped, then `durationSeconds`
 * measured. `scenario.prepare`, when present, runs once before the warm-up: what it asks of
 * the server (the large role's whole member list) must not load the measured seconds.
 * Resolves with request rate, latency percentiles, failures and the server's peak RSS and CPU.
 */
export async function measureScenario(scenario, server, settings) {
  await scenario.prepare?.();
  if (settings.warmupSeconds > 0) {
    await runAutocannon(scenario, server.origin, settings.connections, settings.warmupSeconds);
  }

  const serverPhase = startPhase(server.pid);
  const ownCpu = startOwnCpuPhase();
  const latencies = [];
  const result = await runAutocannon(
    scenario,
    server.origin,
    settings.connections,
    settings.durationSeconds,
    latencies,
  );
  const generatorCpuPercent = ownCpu.finish();
  const serverStats = serverPhase.finish();
  return summarize(result, Float64Array.from(latencies).sort(), serverStats, generatorCpuPercent);
}

/**
 * Runs autocannon and, when `latencies` is given, appends each response's latency in
 * milliseconds to it: autocannon's own histogram rounds to whole milliseconds.
 */
async function runAutocannon(scenario, origin, connections, seconds, latencies) {
  const instance = autocannon({
    url: origin,
    connections,
    duration: seconds,
    // Responses that take longer than this count as errors; the large role's full response
    // carries every member, so it is slow by design.
    timeout: 30,
    requests: [{ setupRequest: (request) => ({ ...request, ...scenario.next() }) }],
  });
  if (latencies !== undefined) {
    instance.on('response', (_client, _status, _bytes, milliseconds) =>
      latencies.push(milliseconds),
    );
  }
  return instance;
}

function summarize(result, sortedLatencies, serverStats, generatorCpuPercent) {
  const completed = result.requests.total;
  return {
    requests: completed,
    seconds: result.duration,
    requestsPerSecond: completed / result.duration,
    latencyP50Ms: percentile(sortedLatencies, 0.5),
    latencyP99Ms: percentile(sortedLatencies, 0.99),
    latencyMaxMs: sortedLatencies.at(-1) ?? 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([status, stats]) => [status, stats.count]),
    ),
    bytesPerResponse: completed > 0 ? result.throughput.total / completed : 0,
    serverStats,
    serverCpuMicrosecondsPerRequest: cpuMicrosecondsPerRequest(
      serverStats.cpuPercent,
      result.duration,
      completed,
    ),
    generatorCpuPercent,
  };
}

/**
 * Computes the server's CPU time per request. Unlike the rate, it barely moves when other
 * processes take CPU time from the server, so it compares runs on a busy machine better.
 */
export function cpuMicrosecondsPerRequest(cpuPercent, seconds, requests) {
  return requests > 0 ? ((cpuPercent / 100) * seconds * 1e6) / requests : 0;
}

/** Returns the nearest-rank percentile of sorted values, or 0 when there are none. */
function percentile(sorted, fraction) {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)];
}
