import { resolve } from 'node:path';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Server settings, from environment variables and command-line flags. */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** Folder of the SQLite database file, used when no PostgreSQL URL is set. */
  readonly dataDir: string;
  /** PostgreSQL connection URL; when set, PostgreSQL replaces the embedded SQLite database. */
  readonly databaseUrl: string | undefined;
  /** Connections each instance keeps open to PostgreSQL, at most. */
  readonly databasePoolSize: number;
  /** Milliseconds a query waits for a PostgreSQL connection (new, or free in a full pool). */
  readonly databaseConnectTimeoutMs: number;
  /** Public origin for absolute URLs in responses; defaults to the request's own origin. */
  readonly publicUrl: string | undefined;
  readonly logLevel: LogLevel;
  /** Largest accepted request body, in bytes. */
  readonly bodyLimit: number;
  /** Days the activity log keeps an entry before pruning deletes it. */
  readonly activityRetentionDays: number;
}

/** Settings a flag or a variable can give; unset ones fall back to the defaults. */
export type ConfigInput = Partial<Record<keyof Config, string | number | undefined>>;

export const ENVIRONMENT_VARIABLES: Readonly<Record<keyof Config, string>> = {
  host: 'ROLECALL_HOST',
  port: 'ROLECALL_PORT',
  dataDir: 'ROLECALL_DATA_DIR',
  databaseUrl: 'ROLECALL_DATABASE_URL',
  databasePoolSize: 'ROLECALL_DATABASE_POOL_SIZE',
  databaseConnectTimeoutMs: 'ROLECALL_DATABASE_CONNECT_TIMEOUT_MS',
  publicUrl: 'ROLECALL_PUBLIC_URL',
  logLevel: 'ROLECALL_LOG_LEVEL',
  bodyLimit: 'ROLECALL_BODY_LIMIT',
  activityRetentionDays: 'ROLECALL_ACTIVITY_RETENTION_DAYS',
};

/** Command-line flags of `rolecall serve`, for settings that have one. */
const FLAGS: Readonly<Partial<Record<keyof Config, string>>> = {
  host: '--host',
  port: '--port',
  dataDir: '--data-dir',
  databaseUrl: '--database-url',
  publicUrl: '--public-url',
  logLevel: '--log-level',
  activityRetentionDays: '--activity-retention-days',
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Builds the configuration: flags win over environment variables, which win over defaults. */
export function loadConfig(flags: ConfigInput = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const pick = (key: keyof Config): string | undefined => {
    const flag = flags[key];
    if (flag !== undefined && flag !== '') return String(flag);
    const value = env[ENVIRONMENT_VARIABLES[key]];
    return value === undefined || value === '' ? undefined : value;
  };
  return {
    host: pick('host') ?? '127.0.0.1',
    port: integer('port', pick('port') ?? '8080', 0, 65535),
    dataDir: resolve(pick('dataDir') ?? 'data'),
    databaseUrl: postgresUrl(pick('databaseUrl')),
    databasePoolSize: integer('databasePoolSize', pick('databasePoolSize') ?? '10', 1, 1000),
    databaseConnectTimeoutMs: integer(
      'databaseConnectTimeoutMs',
      pick('databaseConnectTimeoutMs') ?? '10000',
      1,
      3_600_000,
    ),
    publicUrl: publicUrl(pick('publicUrl')),
    logLevel: logLevel(pick('logLevel') ?? 'info'),
    bodyLimit: integer('bodyLimit', pick('bodyLimit') ?? String(1024 * 1024), 1024, 1024 ** 3),
    activityRetentionDays: integer(
      'activityRetentionDays',
      pick('activityRetentionDays') ?? '30',
      1,
      36500,
    ),
  };
}

function describe(key: keyof Config): string {
  const flag = FLAGS[key];
  const variable = ENVIRONMENT_VARIABLES[key];
  return flag === undefined ? variable : `${flag} or ${variable}`;
}

function integer(key: keyof Config, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new ConfigError(
      `Invalid ${describe(key)} "${text}": expected an integer from ${min} to ${max}.`,
    );
  }
  return value;
}

function logLevel(text: string): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(text)) return text as LogLevel;
  throw new ConfigError(
    `Invalid ${describe('logLevel')} "${text}": expected one of ${LOG_LEVELS.join(', ')}.`,
  );
}

function publicUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(
      `Invalid ${describe('publicUrl')} "${text}": expected an absolute URL such as https://scim.example.com.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(
      `Invalid ${describe('publicUrl')} "${text}": expected an http or https URL.`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

function postgresUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//i.test(text)) {
    throw new ConfigError(
      `Invalid ${describe('databaseUrl')}: expected a URL such as postgres://user@host:5432/rolecall.`,
    );
  }
  return text;
}
