// Summarizes a V8 CPU profile (.cpuprofile, as `node --cpu-prof` writes) per time window: the
// functions with the most self time and the most total time (self plus callees).
// Usage: node bench/profile-summary.mjs FILE.cpuprofile [START_US END_US]
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const TOP = 12;

/**
 * Loads a profile and indexes it: each node's parent and the timestamp of each sample.
 * Profile timestamps are microseconds of the monotonic clock, the clock that
 * process.hrtime() reads on Linux, so windows taken with process.hrtime select samples.
 */
export function loadProfile(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  const times = new Array(profile.samples.length);
  let time = profile.startTime;
  for (let index = 0; index < profile.samples.length; index += 1) {
    time += profile.timeDeltas[index];
    times[index] = time;
  }
  return { nodes, parents, samples: profile.samples, times };
}

/** Computes each function's share of the samples within [startUs, endUs], self and total. */
export function hotFunctions(profile, startUs, endUs) {
  const self = new Map();
  const total = new Map();
  let count = 0;
  for (let index = 0; index < profile.samples.length; index += 1) {
    const time = profile.times[index];
    if (time < startUs || time > endUs) continue;
    count += 1;
    const nodeId = profile.samples[index];
    increment(self, functionName(profile.nodes.get(nodeId)));
    // A recursive function counts once per sample in total time.
    const seen = new Set();
    for (let id = nodeId; id !== undefined; id = profile.parents.get(id)) {
      const name = functionName(profile.nodes.get(id));
      if (!seen.has(name)) increment(total, name);
      seen.add(name);
    }
  }
  return { samples: count, self: ranked(self, count), total: ranked(total, count) };
}

function increment(counts, key) {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function ranked(counts, sampleCount) {
  return [...counts.entries()]
    .filter(([name]) => name !== '(root)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([name, hits]) => ({ name, share: hits / sampleCount }));
}

/**
 * Names a profile node as `name file:line`, with the file relative to the repository, or from
 * `node_modules/` on for dependencies (node_modules may be a link to another checkout).
 */
function functionName(node) {
  const frame = node.callFrame;
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  if (frame.url === '') return name;
  const path = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  const dependency = path.lastIndexOf('/node_modules/');
  let shown = path;
  if (dependency >= 0) shown = path.slice(dependency + 1);
  else if (path.startsWith(ROOT)) shown = relative(ROOT, path);
  return `${name} ${shown}:${frame.lineNumber + 1}`;
}

/** Summarizes each scenario's measured window of the profile, as text and as data. */
export function summarizeProfileWindows(file, scenarios) {
  const profile = loadProfile(file);
  const byScenario = {};
  const sections = [];
  for (const scenario of scenarios) {
    const hot = hotFunctions(profile, scenario.window.startUs, scenario.window.endUs);
    byScenario[scenario.id] = hot;
    sections.push(formatSection(`${scenario.id} (${hot.samples} samples)`, hot));
  }
  return { byScenario, text: sections.join('\n\n') };
}

function formatSection(title, hot) {
  const lines = [`CPU profile: ${title}`, '  self   function'];
  for (const entry of hot.self) lines.push(`  ${percent(entry.share)}  ${entry.name}`);
  lines.push('  total  function');
  for (const entry of hot.total) lines.push(`  ${percent(entry.share)}  ${entry.name}`);
  return lines.join('\n');
}

function percent(share) {
  return `${(share * 100).toFixed(1)}%`.padStart(5);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, start, end] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write(
      'Usage: node bench/profile-summary.mjs FILE.cpuprofile [START_US END_US]\n',
    );
    process.exit(2);
  }
  const profile = loadProfile(file);
  const hot = hotFunctions(profile, Number(start ?? -Infinity), Number(end ?? Infinity));
  process.stdout.write(`${formatSection(`${file} (${hot.samples} samples)`, hot)}\n`);
}
