import { isAdminError } from './admin-error.js';
import { routeNotFound } from './admin-errors.js';
import type { AdminCall, AdminResult, AdminRoute } from './admin-route.js';
import { ADMIN_ROUTES } from './admin-routes.js';

/** A route that matched a path, with the decoded values of its `:name` segments. */
export interface RouteMatch {
  readonly route: AdminRoute;
  readonly params: Record<string, string>;
}

/**
 * Finds the admin route for a method and a path relative to /admin/v1, preferring literal
 * segments over parameters as fastify's router does (`/activity/export` before `/activity/:id`).
 */
export function matchAdminRoute(
  method: string,
  path: string,
  routes: readonly AdminRoute[] = ADMIN_ROUTES,
): RouteMatch | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  let best: { match: RouteMatch; literals: number } | undefined;
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').filter((segment) => segment !== '');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const fits = pattern.every((part, index) => {
      const segment = segments[index]!;
      if (part.startsWith(':')) {
        params[part.slice(1)] = decodeSegment(segment);
        return true;
      }
      literals += 1;
      return part === segment;
    });
    if (fits && (best === undefined || literals > best.literals)) {
      best = { match: { route, params }, literals };
    }
  }
  return best?.match;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Reads a parsed query string as single strings; repeated parameters are joined with commas. */
export function flattenQuery(query: unknown): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  if (query === null || typeof query !== 'object') return flat;
  for (const [name, value] of Object.entries(query)) {
    flat[name] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return flat;
}

export type LocalCall = Omit<AdminCall, 'params' | 'query'>;

/**
 * Runs an admin request in-process, without HTTP: what the CLI does on a local database. The
 * result has the status and body the HTTP API would send, errors included.
 */
export async function dispatchAdminRequest(
  method: string,
  pathWithQuery: string,
  call: LocalCall,
): Promise<AdminResult> {
  const url = new URL(pathWithQuery, 'http://localhost');
  const query: Record<string, string | undefined> = {};
  for (const name of new Set(url.searchParams.keys())) {
    query[name] = url.searchParams.getAll(name).join(',');
  }
  try {
    const match = matchAdminRoute(method, url.pathname);
    if (match === undefined) throw routeNotFound(method, url.pathname);
    return await match.route.handler({ ...call, params: match.params, query });
  } catch (error) {
    if (isAdminError(error)) return { status: error.status, body: error.toBody() };
    throw error;
  }
}
