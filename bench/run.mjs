// `npm run bench`: seeds a fresh rolecall server over HTTP, measures each scenario against it
// and against the ceiling server, then prints and stores the results. See BENCHMARKS.md.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

import { measureScenario } from './load.mjs';
import { readOptions } from './options.mjs';
import { createBenchDatabase } from './postgres-database.mjs';
import { startPhase } from './process-stats.mjs';
import { summarizeProfileWindows } from './profile-summary.mjs';
import { describeMachine, evaluate, peakRss, textTable, writeResults } from './report.mjs';
import { buildScenarios, ceilingScenario } from './scenarios.mjs';
import { createScimClient, describeFailure } from './scim-client.mjs';
import { addMembers, seedRoles, seedUsers } from './seed.mjs';
import { startCeiling, startRolecall } from './server-process.mjs';
import { measureReadScenarioWithWrk, wrkInstalled } from './wrk-load.mjs';

const log = (line) => process.stderr.write(`${line}\n`);

const options = readOptions(process.argv.slice(2));
const workDir = mkdtempSync(join(tmpdir(), 'rolecall-bench-'));
const cleanups = [() => rmSync(workDir, { recursive: true, force: true })];
let exitCode = 0;
try {
  await runBenchmark(options);
} catch (error) {
  log(`bench: ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}
process.exit(exitCode);

async function runBenchmark(options) {
  const loadAtStart = loadavg();
  log(`bench: ${options.mode} run; load average ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}`);

  const databaseUrl = await prepareDatabase(options);
  const profileDir = join(workDir, 'profile');
  const rolecall = await startRolecall({
    dataDir: join(workDir, 'data'),
    databaseUrl,
    nodeOptions: [
      ...options.serverNodeOptions,
      ...(options.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
    ],
  });
  cleanups.push(() => rolecall.stop());
  log(`bench: rolecall is listening on ${rolecall.origin} (pid ${rolecall.pid})`);
  const client = createScimClient(rolecall.origin, rolecall.token);

  const seedingPhase = startPhase(rolecall.pid);
  const { data, seeding } = await seed(client, options);
  const seedingStats = seedingPhase.finish();

  const ceiling = await startCeilingWith(client, data.userIds[0]);
  cleanups.push(() => ceiling.stop());

  const scenarios = selectScenarios(buildScenarios(data, client), options.only);
  const servers = { rolecall, ceiling, ceilingUserId: data.userIds[0] };
  // Scenarios marked runsLast leave the server with memory that would skew any phase after
  // them, so they run after the ceiling and the wrk cross-check.
  const last = scenarios.filter((scenario) => scenario.runsLast);
  const measured = await measureAll(
    scenarios.filter((scenario) => !scenario.runsLast),
    servers,
    options,
  );
  const wrkMeasured = useWrk(options)
    ? await crossCheckWithWrk(scenarios, servers, options, client)
    : undefined;
  measured.push(
    ...(await measureSequence(last, servers, (scenario, server) =>
      measureScenario(scenario, server, options),
    )),
  );
  await ceiling.stop();
  await rolecall.stop();

  const results = assembleResults(options, {
    loadAtStart,
    seeding,
    seedingStats,
    measured,
    wrkMeasured,
    database: databaseUrl === undefined ? 'SQLite' : 'PostgreSQL',
  });
  printResults(results);
  if (options.profile) results.profile = reportProfile(profileDir, results.scenarios);
  const markdownFile = writeResults(resolve(options.output), results);
  log(`\nbench: results written to ${options.output} and ${relative(process.cwd(), markdownFile)}`);
}

/** Creates the run's own PostgreSQL database when a server URL is given; SQLite otherwise. */
async function prepareDatabase(options) {
  if (options.databaseUrl === undefined) return undefined;
  const database = await createBenchDatabase(options.databaseUrl);
  cleanups.push(() => database.drop());
  log(`bench: created PostgreSQL database ${database.name}`);
  return database.url;
}

async function seed(client, options) {
  log(`bench: seeding ${options.users} users over ${options.seedConnections} connections`);
  const users = await seedUsers(client, options.users, options.seedConnections, log);
  log(`bench: ${users.count} users in ${users.seconds.toFixed(1)} s`);
  const roles = await seedRoles(client, options.roles, options.seedConnections);

  // The large role gets the first users and the small role the last ones.
  const largeRole = { id: roles.ids[0], memberCount: options.largeRoleMembers };
  const smallRole = { id: roles.ids[1], memberCount: options.smallRoleMembers };
  log(`bench: adding ${largeRole.memberCount} members to ${largeRole.id} by PATCH`);
  const largeMembers = users.ids.slice(0, largeRole.memberCount);
  const largeSeeding = await addMembers(
    client,
    largeRole.id,
    largeMembers,
    options.memberBatch,
    log,
  );
  const smallMembers = users.ids.slice(users.ids.length - smallRole.memberCount);
  const smallSeeding = await addMembers(
    client,
    smallRole.id,
    smallMembers,
    options.memberBatch,
    log,
  );
  for (const failure of [largeSeeding.failure, smallSeeding.failure]) {
    if (failure !== undefined) log(`bench: adding members failed: ${failure}`);
  }
  // The members the server accepted, which the role scenarios start from.
  largeRole.memberIds = largeMembers.slice(0, largeSeeding.added);
  smallRole.memberIds = smallMembers.slice(0, smallSeeding.added);

  const { ids: _userIds, ...userRate } = users;
  const { ids: _roleIds, ...roleRate } = roles;
  return {
    data: { userIds: users.ids, largeRole, smallRole },
    seeding: { users: userRate, roles: roleRate, largeRoleMembers: largeSeeding },
  };
}

/** Starts the ceiling server with the document rolecall returns for `userId`. */
async function startCeilingWith(client, userId) {
  const response = await client.send('GET', `/Users/${userId}`);
  if (response.status !== 200) throw new Error(describeFailure('GET', '/Users/{id}', response));
  const documentFile = join(workDir, 'ceiling-user.json');
  writeFileSync(documentFile, JSON.stringify(response.body));
  return startCeiling({ documentFile });
}

function selectScenarios(scenarios, only) {
  if (only === undefined) return scenarios;
  const unknown = only.filter((id) => !scenarios.some((scenario) => scenario.id === id));
  if (unknown.length > 0) {
    const known = scenarios.map((scenario) => scenario.id).join(', ');
    throw new Error(`Unknown scenario ${unknown.join(', ')} in --only; known: ${known}`);
  }
  return scenarios.filter((scenario) => only.includes(scenario.id));
}

/**
 * Measures the ceiling, then every scenario, then the ceiling again: a ceiling that moved
 * between the two shows that the machine's load changed during the run.
 */
function measureAll(scenarios, servers, options) {
  return measureSequence(withCeilings(scenarios, servers), servers, (scenario, server) =>
    measureScenario(scenario, server, options),
  );
}

function withCeilings(scenarios, servers) {
  return [
    { ...ceilingScenario(servers.ceilingUserId), id: 'ceiling-before' },
    ...scenarios,
    { ...ceilingScenario(servers.ceilingUserId), id: 'ceiling-after' },
  ];
}

function useWrk(options) {
  if (options.wrk === 'off') return false;
  const installed = wrkInstalled();
  if (options.wrk === 'on' && !installed) {
    throw new Error('--wrk on needs wrk on the PATH (Debian: apt-get install wrk).');
  }
  return installed && (options.wrk === 'on' || options.mode === 'full');
}

/** Measures the ceiling and the read scenarios again with wrk in place of autocannon. */
function crossCheckWithWrk(scenarios, servers, options, client) {
  const reads = scenarios.filter((scenario) => scenario.readOnly);
  log('bench: cross-checking the reads with wrk');
  return measureSequence(withCeilings(reads, servers), servers, (scenario, server) =>
    measureReadScenarioWithWrk(scenario, server, options, {
      workDir,
      authorization: scenario.ceiling ? undefined : client.headers.authorization,
    }),
  );
}

/** Runs `measure` on each scenario in turn, with the server it targets, and logs each result. */
async function measureSequence(sequence, servers, measure) {
  const measured = [];
  for (const scenario of sequence) {
    const server = scenario.ceiling ? servers.ceiling : servers.rolecall;
    if (!servers.rolecall.isRunning()) throw new Error('rolecall stopped during the run');
    log(`bench: ${scenario.id} …`);
    const startUs = Number(process.hrtime.bigint() / 1000n);
    const result = await measure(scenario, server);
    const window = { startUs, endUs: Number(process.hrtime.bigint() / 1000n) };
    const { next: _next, prepare: _prepare, ...description } = scenario;
    measured.push({ ...description, ...result, window });
    log(
      `  ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.latencyP50Ms.toFixed(2)} ms, ` +
        `p99 ${result.latencyP99Ms.toFixed(2)} ms, non-2xx ${result.non2xx}, ` +
        `errors ${result.errors}, statuses ${JSON.stringify(result.statusCounts)}`,
    );
  }
  return measured;
}

function assembleResults(options, run) {
  const autocannonRun = evaluate(run.measured);
  const wrkRun = run.wrkMeasured === undefined ? undefined : evaluate(run.wrkMeasured);
  const rolecallRows = [...run.measured, ...(run.wrkMeasured ?? [])].filter((row) => !row.ceiling);
  const phases = [{ id: 'seeding', serverStats: run.seedingStats }, ...rolecallRows];
  return {
    date: new Date().toISOString(),
    mode: options.mode,
    database: run.database,
    machine: describeMachine(),
    loadAverage: { atStart: run.loadAtStart, atEnd: loadavg() },
    settings: {
      users: options.users,
      roles: options.roles,
      largeRoleMembers: options.largeRoleMembers,
      smallRoleMembers: options.smallRoleMembers,
      connections: options.connections,
      warmupSeconds: options.warmupSeconds,
      durationSeconds: options.durationSeconds,
      seedConnections: options.seedConnections,
      memberBatch: options.memberBatch,
      serverNodeOptions: options.serverNodeOptions,
      loadGenerator: 'autocannon',
    },
    seeding: { ...run.seeding, server: run.seedingStats },
    ...autocannonRun,
    wrkCrossCheck: wrkRun,
    peakRss: peakRss(phases),
  };
}

function printResults(results) {
  const { users, roles, largeRoleMembers } = results.seeding;
  log('');
  log(`Seeding (${results.database}, ${results.mode} run):`);
  log(
    `  users    ${users.count} in ${users.seconds.toFixed(1)} s, ${users.perSecond.toFixed(0)}/s`,
  );
  log(
    `  roles    ${roles.count} in ${roles.seconds.toFixed(1)} s, ${roles.perSecond.toFixed(0)}/s`,
  );
  const members = largeRoleMembers;
  const memberLine = `${members.added} in ${members.seconds.toFixed(1)} s, ${members.perSecond.toFixed(0)}/s`;
  log(`  members  ${memberLine}${members.failure === undefined ? '' : ` (${members.failure})`}`);
  log('');
  log(textTable(results.scenarios));
  log('');
  if (results.wrkCrossCheck !== undefined) {
    log('Cross-check of the reads with wrk (non-2xx: statuses above 399):');
    log(textTable(results.wrkCrossCheck.scenarios));
    log('');
  }
  const peak = results.peakRss;
  log(
    `Peak RSS of rolecall: ${peak.mib.toFixed(0)} MiB during ${peak.phase} (${peak.measure}); ` +
      `target ${peak.target}: ${peak.status}`,
  );
  if (peak.otherPhasesMib !== undefined) {
    log(
      `  highest in any other phase: ${peak.otherPhasesMib.toFixed(0)} MiB during ${peak.otherPhasesPeakPhase}`,
    );
  }
  const load = results.loadAverage;
  log(`Load average at start ${load.atStart[0].toFixed(2)}, at end ${load.atEnd[0].toFixed(2)}`);
}

/** Prints and returns the hottest functions of the server's CPU profile, per scenario. */
function reportProfile(profileDir, scenarios) {
  const files = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
  if (files.length === 0) {
    log('bench: the server wrote no CPU profile');
    return undefined;
  }
  const file = join(profileDir, files[0]);
  const kept = resolve('.bench/rolecall.cpuprofile');
  mkdirSync(dirname(kept), { recursive: true });
  copyFileSync(file, kept);
  const windows = scenarios.filter((row) => !row.ceiling);
  const summary = summarizeProfileWindows(kept, windows);
  log(`\n${summary.text}`);
  log(`bench: CPU profile kept at ${relative(process.cwd(), kept)}`);
  return summary.byScenario;
}
