import type { TestApp, TestResponse } from './test-app.js';

/** Base path of the admin API. */
export const ADMIN = '/admin/v1';

export interface AdminRequestOptions {
  readonly body?: unknown;
  /** Defaults to the admin token created at first start; null sends no token. */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

/** Sends an admin API request in-process; `path` is relative to /admin/v1. */
export function adminRequest(
  t: TestApp,
  method: string,
  path: string,
  options: AdminRequestOptions = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  return t.request(method, `${ADMIN}${path}`, {
    body: options.body,
    token: options.token === undefined ? t.adminToken : options.token,
    headers,
  });
}

/** Writes the activity entries waiting in memory, so tests can read them from the database. */
export function flushActivity(t: TestApp): Promise<void> {
  return t.app.activity.recorder.flush();
}
