import type { ActivityRecord } from '../storage/activity-repository.js';

/*
 * Exported sessions use the format of the replay corpus under test/fixtures/replay. A session
 * has a name, a description, sources and steps. A step has a request (method, path under the
 * SCIM prefix, body) and the expected response per prefix. `{name}` placeholders stand for ids
 * that earlier steps capture.
 */

/** Expected response of one prefix, or of every prefix under `all`. */
export interface ReplayExpectation {
  readonly status: number;
  /** A fragment the error detail must contain. */
  readonly detail?: string;
}

export interface ReplayStep {
  readonly name: string;
  readonly request: { readonly method: string; readonly path: string; readonly body?: unknown };
  readonly expect: Readonly<Record<string, ReplayExpectation>>;
  /** Placeholder name to the response field that contains it, e.g. `{ "user1": "id" }`. */
  readonly capture?: Readonly<Record<string, string>>;
  /** Origin of the step in the activity log. The replay runner ignores it. */
  readonly recorded: {
    readonly entryId: string;
    readonly time: string;
    readonly prefix: string;
    readonly tokenProvider: string | null;
    readonly rules: readonly string[];
    readonly bodyTruncated: boolean;
  };
}

export interface ReplaySession {
  readonly name: string;
  readonly description: string;
  readonly sources: readonly string[];
  /**
   * Ids the steps use that no step creates. On a fresh server the steps that name them return
   * 404 unless those resources are created first.
   */
  readonly externalIds: readonly string[];
  readonly steps: readonly ReplayStep[];
}

const RESOURCE_ID = /\b[ar]-[0-9a-f]{16}\b/g;
const SCIM_PATH = /^\/provisioning\/([^/]+)\/v2(\/.*)?$/;
const COLLECTION = /^\/(Users|Groups)\/?(\?.*)?$/;

/**
 * Builds a replay session from entries sorted oldest first. Only authenticated SCIM requests
 * become steps: the replay runner sends a provisioning token with every request.
 *
 * A successful POST to /Users or /Groups captures the id it created as `user1`, `role1`, ...,
 * and later occurrences of that id in paths and bodies become `{user1}`, so the session replays
 * on a fresh server where ids differ. A step that fired no normalization rule, is not a PATCH
 * and is not a 4xx on the generic prefix gets the same status on every prefix, so its
 * expectation is keyed `all`. Any other step is keyed by the prefix it was recorded on. It needs expectations for the other prefixes before
 * the corpus runner, which replays every step on every prefix, can replay it.
 * NOTE: a body string that contains `{word}` reads as a placeholder to the corpus runner.
 */
export function buildReplaySession(
  entries: readonly ActivityRecord[],
  filter: Readonly<Record<string, string>>,
  exported: string,
): ReplaySession {
  const names = new Map<string, string>();
  const counters = { user: 0, role: 0 };
  const seen = new Set<string>();
  const steps: ReplayStep[] = [];
  let skipped = 0;

  for (const entry of entries) {
    const location = SCIM_PATH.exec(entry.path);
    if (entry.source !== 'scim' || entry.provider === null || location === null) {
      skipped += 1;
      continue;
    }
    const prefix = location[1]!;
    const path = substitute(location[2] ?? '/', names, seen) as string;
    const body =
      entry.requestBody === undefined ? undefined : substitute(entry.requestBody, names, seen);
    const capture = captureName(entry, location[2] ?? '/', names, counters);
    steps.push({
      name: `${entry.method} ${path}`,
      request: { method: entry.method, path, ...(body === undefined ? {} : { body }) },
      expect: expectation(entry, prefix),
      ...(capture === undefined ? {} : { capture: { [capture]: 'id' } }),
      recorded: {
        entryId: entry.id,
        time: entry.time,
        prefix,
        tokenProvider: entry.provider,
        rules: entry.rules,
        bodyTruncated: entry.bodyTruncated,
      },
    });
  }

  const conditions = Object.entries(filter).map(([name, value]) => `${name}=${value}`);
  return {
    name: `Activity log export ${exported}`,
    description: describeSession(steps.length, skipped),
    sources: [
      `rolecall activity log, exported ${exported}${conditions.length === 0 ? '' : ` with ${conditions.join(', ')}`}`,
    ],
    externalIds: [...seen].filter((id) => !names.has(id)).sort(),
    steps,
  };
}

function describeSession(steps: number, skipped: number): string {
  const recorded = `${steps} SCIM request${steps === 1 ? '' : 's'} recorded by rolecall, in the order they finished.`;
  if (skipped === 0) return recorded;
  return `${recorded} ${skipped} other entr${skipped === 1 ? 'y was' : 'ies were'} left out: admin and CLI requests, and requests without a valid provisioning token.`;
}

function expectation(entry: ActivityRecord, prefix: string): Record<string, ReplayExpectation> {
  const expected: ReplayExpectation =
    entry.errorDetail === null
      ? { status: entry.status }
      : { status: entry.status, detail: entry.errorDetail };
  // A generic 4xx may be a shape that the okta and azure prefixes accept.
  const genericRejection = prefix === 'generic' && entry.status >= 400 && entry.status < 500;
  const sameOnEveryPrefix =
    entry.rules.length === 0 && entry.method !== 'PATCH' && !genericRejection;
  return { [sameOnEveryPrefix ? 'all' : prefix]: expected };
}

/** Names the id a successful create made, from the touched ids of the created kind. */
function captureName(
  entry: ActivityRecord,
  path: string,
  names: Map<string, string>,
  counters: { user: number; role: number },
): string | undefined {
  const collection = COLLECTION.exec(path);
  if (entry.method !== 'POST' || entry.status !== 201 || collection === null) return undefined;
  const kind = collection[1] === 'Users' ? 'user' : 'role';
  const created = entry.resourceIds.find((id) => id.startsWith(kind === 'user' ? 'a-' : 'r-'));
  if (created === undefined || names.has(created)) return undefined;
  counters[kind] += 1;
  const name = `${kind}${counters[kind]}`;
  names.set(created, name);
  return name;
}

/**
 * Replaces captured ids in every string of a JSON value with their placeholders, and notes every
 * id seen without a capture, so it can be listed as external.
 */
function substitute(
  value: unknown,
  names: ReadonlyMap<string, string>,
  seen: Set<string>,
): unknown {
  if (typeof value === 'string') {
    return value.replace(RESOURCE_ID, (id) => {
      const name = names.get(id);
      if (name === undefined) seen.add(id);
      return name === undefined ? id : `{${name}}`;
    });
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, names, seen));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = substitute(item, names, seen);
    return copy;
  }
  return value;
}
