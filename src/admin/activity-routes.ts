import { buildReplaySession } from '../activity/replay-export.js';
import { resourceNotFound } from './admin-errors.js';
import { queryInteger } from './admin-input.js';
import {
  ACTIVITY_PARAMETERS,
  encodeCursor,
  parseActivityFilter,
  parseActivityQuery,
} from './activity-query.js';
import { ok, type AdminCall, type AdminRoute } from './admin-route.js';
import { describeActivity } from './admin-views.js';

/** Most steps one export may contain. */
export const MAX_EXPORT_STEPS = 5000;

/**
 * /activity: the organization's activity log, newest first, and its export as a replay
 * session. Reads first write the entries still waiting in memory, so they include the latest
 * requests this instance served.
 */
export const ACTIVITY_ROUTES: readonly AdminRoute[] = [
  { method: 'GET', path: '/activity', handler: listActivity },
  { method: 'GET', path: '/activity/export', handler: exportActivity },
  { method: 'GET', path: '/activity/:id', handler: getActivity },
];

async function listActivity(call: AdminCall) {
  const query = parseActivityQuery(call.query, call.deps.clock.now());
  await call.deps.flushActivity();
  // One extra row shows whether another page follows.
  const rows = await call.deps.activity.list(
    call.organizationId,
    query.filter,
    query.limit + 1,
    query.cursor,
  );
  const entries = rows.slice(0, query.limit);
  const last = entries.at(-1);
  const nextCursor =
    rows.length > query.limit && last !== undefined
      ? encodeCursor({ time: last.time, id: last.id })
      : null;
  return ok({ entries: entries.map((entry) => describeActivity(entry, false)), nextCursor });
}

async function getActivity(call: AdminCall) {
  const id = call.params.id!;
  await call.deps.flushActivity();
  const entry = await call.deps.activity.find(call.organizationId, id);
  if (entry === undefined) throw resourceNotFound('Activity entry', id);
  return ok({ entry: describeActivity(entry, true) });
}

/**
 * Exports the SCIM entries matching the filter, oldest first, as a replay session. `limit`
 * (default 1000) caps the number of entries read.
 */
async function exportActivity(call: AdminCall) {
  const now = call.deps.clock.now();
  const filter = parseActivityFilter(call.query, now);
  const limit = queryInteger(call.query, 'limit', 1000, 1, MAX_EXPORT_STEPS);
  await call.deps.flushActivity();
  const entries = await call.deps.activity.listOldestFirst(
    call.organizationId,
    // Only SCIM entries become steps; an explicit source filter still narrows the selection.
    { ...filter, sources: filter.sources?.length ? filter.sources : ['scim'] },
    limit,
  );
  const echoed: Record<string, string> = {};
  for (const name of ACTIVITY_PARAMETERS) {
    const value = call.query[name];
    if (value !== undefined && value !== '') echoed[name] = value;
  }
  return ok(buildReplaySession(entries, echoed, now.toISOString()));
}
