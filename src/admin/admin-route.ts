import type { Clock } from '../clock.js';
import type { IdGenerator } from '../ids.js';
import type { ActivityRepository } from '../storage/activity-repository.js';
import type { Store } from '../storage/store.js';

/** Dependencies of the admin operations. */
export interface AdminDependencies {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly activity: ActivityRepository;
  /** Writes activity entries still waiting in memory, so reads include the latest requests. */
  readonly flushActivity: () => Promise<void>;
}

/**
 * Handling of a change that would fight a sync on a managed user or role. `warn` applies it and
 * adds a warning to the response (the API's and CLI's default). `reject` responds with 409 (the
 * web page's choice, sent as the `X-Rolecall-Managed: reject` header).
 */
export type ManagedPolicy = 'warn' | 'reject';

export const MANAGED_POLICY_HEADER = 'x-rolecall-managed';

/** One admin request as an operation receives it, whether it came over HTTP or from the CLI. */
export interface AdminCall {
  readonly deps: AdminDependencies;
  readonly organizationId: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  /** Ids of the resources the request read or wrote, for the activity log. */
  readonly touched: Set<string>;
  readonly managedPolicy: ManagedPolicy;
  /** Id of the admin token that made the request; null for the CLI on a local database. */
  readonly actor: string | null;
}

/** An operation's response: the status and the JSON body. */
export interface AdminResult {
  readonly status: number;
  readonly body: unknown;
}

export type AdminMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One admin endpoint: method, path under /admin/v1 with `:name` parameters, and its operation. */
export interface AdminRoute {
  readonly method: AdminMethod;
  readonly path: string;
  readonly handler: (call: AdminCall) => Promise<AdminResult>;
}

export function ok(body: unknown, status = 200): AdminResult {
  return { status, body };
}
