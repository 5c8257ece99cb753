import type { ActivityRecord } from '../storage/activity-repository.js';

/** Format version of exported replay fixtures; bumped when a field changes meaning. */
export const REPLAY_FORMAT = 'rolecall-replay/1';

/**
 * One request to send again. `path` and string values in `body` may contain `{{name}}`
 * placeholders for ids that an earlier step captured.
 */
export interface ReplayStep {
  readonly method: string;
  /** Path with query string, e.g. `/provisioning/okta/v2/Users/{{user1}}`. */
  readonly path: string;
  /** Provider of the token to send; null means send no token (the request was unauthenticated). */
  readonly provider: string | null;
  /** The redacted request body; absent when the request had none or it was too large to keep. */
  readonly body?: unknown;
  readonly expectedStatus: number;
  /** Name under which the id of the resource this step creates is captured. */
  readonly capture?: string;
  /** What the server recorded, for reading the fixture; a replay does not check it. */
  readonly recorded: {
    readonly entryId: string;
    readonly time: string;
    readonly rules: readonly string[];
    readonly error: { readonly code: string; readonly detail: string | null } | null;
    readonly bodyTruncated: boolean;
  };
}

/** A replayable session: requests in the order they finished. */
export interface ReplayFixture {
  readonly format: typeof REPLAY_FORMAT;
  readonly description: string;
  readonly exported: string;
  /** The activity filter that selected the steps, as query parameters. */
  readonly filter: Readonly<Record<string, string>>;
  /**
   * Ids the steps use that no step creates: a replay against a fresh server needs resources
   * with these ids, or the steps that use them will answer 404.
   */
  readonly externalIds: readonly string[];
  readonly steps: readonly ReplayStep[];
}

const RESOURCE_ID = /\b[ar]-[0-9a-f]{16}\b/g;
const CREATES = /^\/provisioning\/[^/]+\/v2\/(Users|Groups)\/?(\?.*)?$/;

/**
 * Builds a replay fixture from SCIM entries sorted oldest first. A successful POST to /Users
 * or /Groups captures the id it created as `user1`, `role1`, ...; later occurrences of that id
 * in paths and bodies become `{{user1}}`, so the session replays against a fresh server where
 * the ids differ. Admin and CLI entries are left out: the fixture replays what IdPs sent.
 */
export function buildReplayFixture(
  entries: readonly ActivityRecord[],
  filter: Readonly<Record<string, string>>,
  exported: string,
): ReplayFixture {
  const names = new Map<string, string>();
  const counters = { user: 0, role: 0 };
  const seen = new Set<string>();
  const steps: ReplayStep[] = [];

  for (const entry of entries) {
    if (entry.source !== 'scim') continue;
    const path = substitute(entry.path, names, seen) as string;
    const body =
      entry.requestBody === undefined ? undefined : substitute(entry.requestBody, names, seen);
    const created = createdId(entry);
    let capture: string | undefined;
    if (created !== undefined && !names.has(created)) {
      const kind = created.startsWith('a-') ? 'user' : 'role';
      counters[kind] += 1;
      capture = `${kind}${counters[kind]}`;
      names.set(created, capture);
    }
    steps.push({
      method: entry.method,
      path,
      provider: entry.provider,
      ...(body === undefined ? {} : { body }),
      expectedStatus: entry.status,
      ...(capture === undefined ? {} : { capture }),
      recorded: {
        entryId: entry.id,
        time: entry.time,
        rules: entry.rules,
        error:
          entry.errorCode === null ? null : { code: entry.errorCode, detail: entry.errorDetail },
        bodyTruncated: entry.bodyTruncated,
      },
    });
  }

  return {
    format: REPLAY_FORMAT,
    description: `${steps.length} SCIM request${steps.length === 1 ? '' : 's'} exported from the rolecall activity log`,
    exported,
    filter,
    externalIds: [...seen].filter((id) => !names.has(id)).sort(),
    steps,
  };
}

/** The id a successful create made: the touched id of the created resource's kind. */
function createdId(entry: ActivityRecord): string | undefined {
  if (entry.method !== 'POST' || entry.status !== 201) return undefined;
  const match = CREATES.exec(entry.path);
  if (match === null) return undefined;
  const prefix = match[1] === 'Users' ? 'a-' : 'r-';
  return entry.resourceIds.find((id) => id.startsWith(prefix));
}

/**
 * Replaces captured ids in every string of a JSON value with their placeholders, and notes
 * every id seen, so ids used before or without a capture can be listed as external.
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
      return name === undefined ? id : `{{${name}}}`;
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
