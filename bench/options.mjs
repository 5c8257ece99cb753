// Command-line options of `npm run bench`, with the sizes of the full and the quick run.
import { parseArgs } from 'node:util';

const FULL = {
  users: 100_000,
  roles: 100,
  largeRoleMembers: 50_000,
  smallRoleMembers: 100,
  warmupSeconds: 5,
  durationSeconds: 20,
};

// About a minute in total on a 2-core machine, build included.
const QUICK = {
  users: 5_000,
  roles: 100,
  largeRoleMembers: 2_500,
  smallRoleMembers: 100,
  warmupSeconds: 1,
  durationSeconds: 2,
};

const USAGE = `Usage: npm run bench -- [options]

Seeds a fresh rolecall server over HTTP, then measures each scenario with a fixed number of
connections against it and against a minimal fastify server (the ceiling).

  --quick                  small data set and 2-second scenarios, for development
  --database-url URL       PostgreSQL server to run on (or ROLECALL_BENCH_DATABASE_URL); the
                           run creates its own database there and drops it at the end
  --users N                users to seed (full: ${FULL.users}, quick: ${QUICK.users})
  --members N              members of the large role (full: ${FULL.largeRoleMembers}, quick: ${QUICK.largeRoleMembers})
  --duration SECONDS       measured time per scenario (full: ${FULL.durationSeconds}, quick: ${QUICK.durationSeconds})
  --warmup SECONDS         unmeasured load before each scenario (full: ${FULL.warmupSeconds}, quick: ${QUICK.warmupSeconds})
  --connections N          concurrent connections during scenarios (default 10)
  --seed-connections N     concurrent requests while seeding (default 8)
  --member-batch N         members added per PATCH while seeding (default 1000)
  --wrk auto|on|off        also measure the ceiling and the reads with wrk, to cross-check
                           autocannon (auto: in full runs, when wrk is installed)
  --only IDS               comma-separated scenario ids to run; the ceiling always runs
  --profile                run the server with --cpu-prof and print its hottest functions
  --server-node-options S  space-separated node flags for the server process only, e.g.
                           --server-node-options=--max-semi-space-size=4
  --output FILE            where to write the JSON results (default .bench/latest.json)
  --help                   print this text
`;

/** Parses the command line; exits with the usage text on --help or on an invalid option. */
export function readOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        'database-url': { type: 'string' },
        users: { type: 'string' },
        members: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        'seed-connections': { type: 'string' },
        'member-batch': { type: 'string' },
        wrk: { type: 'string', default: 'auto' },
        only: { type: 'string' },
        profile: { type: 'boolean', default: false },
        'server-node-options': { type: 'string' },
        output: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    exitWithUsage(error.message);
  }
  if (parsed.help) exitWithUsage();

  const sizes = parsed.quick ? QUICK : FULL;
  const options = {
    mode: parsed.quick ? 'quick' : 'full',
    databaseUrl: parsed['database-url'] ?? process.env.ROLECALL_BENCH_DATABASE_URL,
    users: positiveInteger('--users', parsed.users, sizes.users),
    roles: sizes.roles,
    largeRoleMembers: positiveInteger('--members', parsed.members, sizes.largeRoleMembers),
    smallRoleMembers: sizes.smallRoleMembers,
    durationSeconds: positiveInteger('--duration', parsed.duration, sizes.durationSeconds),
    warmupSeconds: nonNegativeInteger('--warmup', parsed.warmup, sizes.warmupSeconds),
    connections: positiveInteger('--connections', parsed.connections, 10),
    seedConnections: positiveInteger('--seed-connections', parsed['seed-connections'], 8),
    memberBatch: positiveInteger('--member-batch', parsed['member-batch'], 1000),
    wrk: parsed.wrk,
    only: parsed.only?.split(',').map((id) => id.trim()),
    profile: parsed.profile,
    serverNodeOptions:
      parsed['server-node-options']?.split(' ').filter((flag) => flag !== '') ?? [],
    output: parsed.output ?? '.bench/latest.json',
  };
  validate(options);
  return options;
}

function validate(options) {
  if (!['auto', 'on', 'off'].includes(options.wrk)) {
    exitWithUsage(`Invalid --wrk "${options.wrk}": use auto, on or off.`);
  }
  // Each role scenario swaps members against users outside the role, so some must remain.
  if (options.largeRoleMembers + options.connections * 2 > options.users) {
    exitWithUsage(
      `Invalid --members ${options.largeRoleMembers}: it must leave at least ` +
        `${options.connections * 2} of the ${options.users} users outside the large role.`,
    );
  }
  if (options.databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
    exitWithUsage(`Invalid --database-url: expected postgres://user@host:port/database.`);
  }
}

function positiveInteger(name, text, fallback) {
  return integerOption(name, text, fallback, 1);
}

function nonNegativeInteger(name, text, fallback) {
  return integerOption(name, text, fallback, 0);
}

function integerOption(name, text, fallback, min) {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    exitWithUsage(`Invalid ${name} "${text}": expected an integer of at least ${min}.`);
  }
  return value;
}

function exitWithUsage(message) {
  if (message !== undefined) process.stderr.write(`bench: ${message}\n\n`);
  process.stderr.write(USAGE);
  process.exit(message === undefined ? 0 : 2);
}
