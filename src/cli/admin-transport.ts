import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';

import { storedBody } from '../activity/activity-entry.js';
import { redactQuery } from '../activity/redact.js';
import { dispatchAdminRequest } from '../admin/admin-dispatch.js';
import type { AdminErrorBody } from '../admin/admin-error.js';
import type { AdminMethod, AdminResult } from '../admin/admin-route.js';
import { ADMIN_PREFIX } from '../admin/admin-routes.js';
import { ActivityRepository } from '../storage/activity-repository.js';
import { CliError, openLocalStore, type LocalStore } from './local-store.js';
import type { StoreFlags } from './store-options.js';

/** Flags that choose where admin commands run: a server's admin API, or the local database. */
export interface TargetFlags extends StoreFlags {
  server?: string;
  adminToken?: string;
}

/** Sends admin API requests; paths are relative to /admin/v1 and may carry a query string. */
export interface AdminTransport {
  /** Returns the response body, or throws CliError with the server's message on an error. */
  send(method: AdminMethod, path: string, body?: unknown): Promise<any>;
  close(): Promise<void>;
}

export const ADMIN_TOKEN_VARIABLE = 'ROLECALL_ADMIN_TOKEN';

const REQUEST_TIMEOUT_MS = 30_000;

/** Opens the admin API of `--server`, or the local database when no server is given. */
export async function openAdminTransport(flags: TargetFlags): Promise<AdminTransport> {
  if (flags.server === undefined) return openLocalTransport(flags);
  const token = flags.adminToken ?? process.env[ADMIN_TOKEN_VARIABLE];
  if (token === undefined || token === '') {
    throw new CliError(
      `Missing admin token for --server: pass --admin-token <token> or set ${ADMIN_TOKEN_VARIABLE}.`,
    );
  }
  return remoteTransport(serverOrigin(flags.server), token);
}

/** Runs one admin request and closes the transport. */
export async function sendAdmin(
  flags: TargetFlags,
  method: AdminMethod,
  path: string,
  body?: unknown,
): Promise<any> {
  const transport = await openAdminTransport(flags);
  try {
    return await transport.send(method, path, body);
  } finally {
    await transport.close();
  }
}

function serverOrigin(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CliError(
      `Invalid --server "${server}": expected a URL such as http://127.0.0.1:8080.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`Invalid --server "${server}": expected an http or https URL.`);
  }
  return url.origin;
}

function remoteTransport(origin: string, token: string): AdminTransport {
  return {
    send: async (method, path, body) => {
      let response: Response;
      try {
        response = await fetch(`${origin}${ADMIN_PREFIX}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        const reason = (error as Error).cause ?? error;
        throw new CliError(
          `Could not reach ${origin}: ${(reason as Error).message}. Check --server and that "rolecall serve" is running there.`,
        );
      }
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        throw new CliError(
          `${origin} responded with status ${response.status} and a body that is not JSON. Check that --server names a rolecall server.`,
        );
      }
      return unwrap({ status: response.status, body: parsed });
    },
    close: async () => {},
  };
}

/**
 * Runs admin requests in-process on the local database, as the admin API would. Writes are
 * recorded in the activity log with source `cli` and the operating-system user as actor.
 */
async function openLocalTransport(flags: StoreFlags): Promise<AdminTransport> {
  const local = await openLocalStore(flags);
  const activity = new ActivityRepository(local.store.db, local.store.dialect);
  return {
    send: async (method, path, body) => {
      const startedAt = process.hrtime.bigint();
      const touched = new Set<string>();
      const result = await dispatchAdminRequest(method, path, {
        deps: { ...local, activity, flushActivity: async () => {} },
        organizationId: local.organizationId,
        body,
        touched,
        managedPolicy: 'warn',
        actor: null,
      });
      if (method !== 'GET')
        await recordCliRequest(local, activity, method, path, body, touched, result, startedAt);
      return unwrap(result);
    },
    close: () => local.close(),
  };
}

async function recordCliRequest(
  local: LocalStore,
  activity: ActivityRepository,
  method: AdminMethod,
  path: string,
  body: unknown,
  touched: Set<string>,
  result: AdminResult,
  startedAt: bigint,
): Promise<void> {
  const error = result.status >= 400 ? (result.body as AdminErrorBody).error : undefined;
  const stored = storedBody(body);
  await activity.insert([
    {
      id: randomUUID(),
      organizationId: local.organizationId,
      time: local.clock.now().toISOString(),
      source: 'cli',
      provider: null,
      flavour: null,
      actor: operatingSystemUser(),
      method,
      path: redactQuery(`${ADMIN_PREFIX}${path}`),
      status: result.status,
      durationMs: Math.round(Number(process.hrtime.bigint() - startedAt) / 1e4) / 100,
      resourceIds: [...touched],
      rules: [],
      ignoredAttributes: [],
      errorCode: error?.code ?? null,
      errorDetail: error?.message ?? null,
      requestBody: stored.value,
      bodyTruncated: stored.truncated,
    },
  ]);
}

function operatingSystemUser(): string | null {
  try {
    return `os-user:${userInfo().username}`;
  } catch {
    return null;
  }
}

function unwrap(result: { status: number; body: unknown }): any {
  if (result.status < 400) return result.body;
  const error = (result.body as Partial<AdminErrorBody> | undefined)?.error;
  throw new CliError(error?.message ?? `The server responded with status ${result.status}.`);
}
