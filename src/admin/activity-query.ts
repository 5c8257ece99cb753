import {
  ACTIVITY_SOURCES,
  type ActivityCursor,
  type ActivityFilter,
  type ActivitySource,
  type StatusRange,
} from '../storage/activity-repository.js';
import { invalidValue } from './admin-errors.js';
import { queryInteger, queryText } from './admin-input.js';

/** A parsed activity listing request. */
export interface ActivityQuery {
  readonly filter: ActivityFilter;
  readonly limit: number;
  readonly cursor: ActivityCursor | undefined;
}

type Query = Readonly<Record<string, string | undefined>>;

/** Query parameters the activity listing and export read. */
export const ACTIVITY_PARAMETERS = [
  'resourceId',
  'status',
  'provider',
  'source',
  'method',
  'since',
  'until',
] as const;

const DURATION = /^(\d+)(s|m|h|d)$/;
const DURATION_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const PROVIDER_NAME = /^[a-z][a-z0-9-]{0,39}$/;
const METHOD = /^[A-Z]{3,7}$/;

/**
 * Reads the filter of an activity listing or export:
 * - `resourceId`: entries that touched this user, role or token id;
 * - `status`: comma-separated codes and classes, e.g. `404`, `4xx`, `401,5xx`;
 * - `provider`, `source` (`scim`, `admin`, `cli`), `method`: comma-separated lists;
 * - `since` (inclusive) and `until` (exclusive): ISO 8601 times, or durations before `now`
 *   such as `15m`, `24h`, `7d`.
 */
export function parseActivityFilter(query: Query, now: Date): ActivityFilter {
  const methods = list(query, 'method').map((method) => method.toUpperCase());
  for (const method of methods) {
    if (!METHOD.test(method)) throw invalidValue('method', method, 'an HTTP method such as POST');
  }
  return {
    resourceId: queryText(query, 'resourceId'),
    statuses: list(query, 'status').map(parseStatus),
    providers: list(query, 'provider').map(parseProvider),
    sources: list(query, 'source').map(parseSource),
    methods,
    since: parseTime(query, 'since', now),
    until: parseTime(query, 'until', now),
  };
}

/** Reads the filter plus `limit` (default 50, at most 500) and the `cursor` of the next page. */
export function parseActivityQuery(query: Query, now: Date): ActivityQuery {
  return {
    filter: parseActivityFilter(query, now),
    limit: queryInteger(query, 'limit', 50, 1, 500),
    cursor: decodeCursor(queryText(query, 'cursor')),
  };
}

/** Encodes an opaque cursor: base64url of the JSON pair [time, id] of the last entry shown. */
export function encodeCursor(cursor: ActivityCursor): string {
  return Buffer.from(JSON.stringify([cursor.time, cursor.id])).toString('base64url');
}

function decodeCursor(text: string | undefined): ActivityCursor | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    ) {
      return { time: value[0], id: value[1] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw invalidValue('cursor', text, 'the nextCursor value of a previous page');
}

function list(query: Query, name: string): string[] {
  const text = queryText(query, name);
  if (text === undefined) return [];
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function parseStatus(text: string): StatusRange {
  if (/^[1-5]\d\d$/.test(text)) return { from: Number(text), to: Number(text) };
  const status = /^([1-5])xx$/i.exec(text);
  if (status !== null) {
    const from = Number(status[1]) * 100;
    return { from, to: from + 99 };
  }
  throw invalidValue(
    'status',
    text,
    'a status such as 404, a class such as 4xx, or a comma-separated list of them',
  );
}

function parseProvider(text: string): string {
  if (PROVIDER_NAME.test(text)) return text;
  throw invalidValue('provider', text, 'a provider name such as okta');
}

function parseSource(text: string): ActivitySource {
  if ((ACTIVITY_SOURCES as readonly string[]).includes(text)) return text as ActivitySource;
  throw invalidValue('source', text, `one of ${ACTIVITY_SOURCES.join(', ')}`);
}

/** Reads an ISO 8601 time or a duration before `now`; returns ISO 8601 UTC. */
export function parseTime(query: Query, name: string, now: Date): string | undefined {
  const text = queryText(query, name);
  if (text === undefined) return undefined;
  const duration = DURATION.exec(text);
  if (duration !== null) {
    return new Date(now.getTime() - Number(duration[1]) * DURATION_MS[duration[2]!]!).toISOString();
  }
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ]([\d:.]+)(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text);
  // A time without a zone is read as UTC, like a date alone, not as the server's local time.
  const time =
    match === null
      ? Number.NaN
      : Date.parse(
          match[2] === undefined ? match[1]! : `${match[1]}T${match[2]}${match[3] ?? 'Z'}`,
        );
  if (Number.isNaN(time)) {
    throw invalidValue(
      name,
      text,
      'an ISO 8601 time such as 2025-01-31T12:00:00Z, or a duration before now such as 15m, 24h or 7d',
    );
  }
  return new Date(time).toISOString();
}
