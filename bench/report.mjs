// Evaluates the targets and writes the results as a text table, a Markdown table and JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';

const MIB = 1024 * 1024;
/** Peak resident set size the server may reach during the whole run. */
export const PEAK_RSS_TARGET_BYTES = 150 * MIB;

/** CPU model, cores, memory and Node.js version of this machine. */
export function describeMachine() {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/**
 * Rates each row against the ceiling, whose figures are the mean of the ceiling rows, and
 * adds its target's outcome: `met`, `missed`, or `n/a` when the baseline it is compared with
 * did not run cleanly. A row with any non-2xx response or connection error misses its target
 * whatever its rate. `cpuRatioToCeiling` compares server CPU time per request instead, which
 * is what the rate ratio would be if each server had a core of its own and a faster client.
 */
export function evaluate(rows) {
  const ceilings = rows.filter((row) => row.ceiling);
  const ceilingRate = mean(ceilings.map((row) => row.requestsPerSecond));
  const ceilingCpu = mean(ceilings.map((row) => row.serverCpuMicrosecondsPerRequest));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const scenarios = rows.map((row) => ({
    ...row,
    ratioToCeiling: row.requestsPerSecond / ceilingRate,
    cpuRatioToCeiling:
      row.serverCpuMicrosecondsPerRequest > 0
        ? ceilingCpu / row.serverCpuMicrosecondsPerRequest
        : 0,
    outcome: targetOutcome(row, byId, ceilingRate),
  }));
  return {
    ceilingRequestsPerSecond: ceilingRate,
    ceilingCpuMicrosecondsPerRequest: ceilingCpu,
    scenarios,
  };
}

function mean(values) {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function targetOutcome(scenario, byId, ceilingRate) {
  const target = scenario.target;
  if (target === undefined) return { status: '—', text: '—' };
  const baselineRate =
    target.baseline === 'ceiling' ? ceilingRate : byId.get(target.baseline)?.requestsPerSecond;
  const text = `≥ ${Math.round(target.min * 100)}% of ${target.baseline}`;
  if (failed(scenario)) return { status: 'missed', text, reason: 'failed requests' };
  const baseline = byId.get(target.baseline);
  if (baselineRate === undefined || (baseline !== undefined && failed(baseline))) {
    return { status: 'n/a', text, reason: `${target.baseline} did not run cleanly` };
  }
  const ratio = scenario.requestsPerSecond / baselineRate;
  return { status: ratio >= target.min ? 'met' : 'missed', text, ratio };
}

function failed(scenario) {
  return scenario.non2xx > 0 || scenario.errors > 0;
}

/**
 * Computes the whole run's peak RSS, the largest phase peak, from `phases` (each an `id` and
 * its `serverStats`). It also names that phase and the largest peak of the other phases, since
 * one phase can set the peak on its own.
 */
export function peakRss(phases) {
  const sorted = [...phases].sort(
    (a, b) => b.serverStats.peakRssBytes - a.serverStats.peakRssBytes,
  );
  const peak = sorted[0].serverStats.peakRssBytes;
  const runnerUp = sorted[1];
  return {
    bytes: peak,
    mib: peak / MIB,
    phase: sorted[0].id,
    otherPhasesMib: runnerUp === undefined ? undefined : runnerUp.serverStats.peakRssBytes / MIB,
    otherPhasesPeakPhase: runnerUp?.id,
    measure: 'VmHWM of the server process, reset before each phase',
    target: `≤ ${PEAK_RSS_TARGET_BYTES / MIB} MiB`,
    status: peak <= PEAK_RSS_TARGET_BYTES ? 'met' : 'missed',
  };
}

const COLUMNS = [
  ['scenario', (row) => row.title, 'left'],
  ['req/s', (row) => row.requestsPerSecond.toFixed(0)],
  ['× ceiling', (row) => row.ratioToCeiling.toFixed(2)],
  ['p50 ms', (row) => formatMs(row.latencyP50Ms)],
  ['p99 ms', (row) => formatMs(row.latencyP99Ms)],
  ['non-2xx', (row) => String(row.non2xx + row.errors)],
  ['server CPU', (row) => `${row.serverStats.cpuPercent.toFixed(0)}%`],
  ['CPU µs/req', (row) => row.serverCpuMicrosecondsPerRequest.toFixed(0)],
  ['× ceiling CPU', (row) => row.cpuRatioToCeiling.toFixed(2)],
  ['load gen CPU', (row) => `${row.generatorCpuPercent.toFixed(0)}%`],
  ['peak RSS', (row) => `${(row.serverStats.peakRssBytes / MIB).toFixed(0)} MiB`],
  ['target', (row) => row.outcome.text, 'left'],
  ['result', (row) => describeOutcome(row.outcome), 'left'],
];

function formatMs(value) {
  return value < 10 ? value.toFixed(1) : value.toFixed(0);
}

function describeOutcome(outcome) {
  if (outcome.ratio !== undefined) return `${outcome.status} (${outcome.ratio.toFixed(2)})`;
  if (outcome.reason !== undefined) return `${outcome.status}: ${outcome.reason}`;
  return outcome.status;
}

/** Formats the scenarios as an aligned plain-text table. */
export function textTable(rows) {
  const cells = [COLUMNS.map(([name]) => name), ...rows.map(cellsOf)];
  const widths = COLUMNS.map((_, column) => Math.max(...cells.map((line) => line[column].length)));
  return cells
    .map((line) =>
      line
        .map((cell, column) =>
          COLUMNS[column][2] === 'left'
            ? cell.padEnd(widths[column])
            : cell.padStart(widths[column]),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Formats the scenarios as a Markdown table for BENCHMARKS.md. */
export function markdownTable(rows) {
  const header = `| ${COLUMNS.map(([name]) => name).join(' | ')} |`;
  const rule = `| ${COLUMNS.map(([, , align]) => (align === 'left' ? '---' : '--:')).join(' | ')} |`;
  const lines = rows.map((row) => `| ${cellsOf(row).join(' | ')} |`);
  return [header, rule, ...lines].join('\n');
}

function cellsOf(row) {
  return COLUMNS.map(([, cell]) => cell(row));
}

/** Writes `results` as JSON to `file` and the Markdown tables next to it (`.md`). */
export function writeResults(file, results) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const markdownFile = file.replace(/\.json$/, '') + '.md';
  const sections = [markdownTable(results.scenarios)];
  if (results.wrkCrossCheck !== undefined) {
    sections.push(`Cross-check with wrk:\n\n${markdownTable(results.wrkCrossCheck.scenarios)}`);
  }
  writeFileSync(markdownFile, `${sections.join('\n\n')}\n`);
  return markdownFile;
}
