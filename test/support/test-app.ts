import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { LightMyRequestResponse } from 'fastify';
import type { Logger } from 'pino';

import { createApp, type App } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Provider } from '../../src/flavours/provider.js';
import type { IdGenerator } from '../../src/ids.js';
import type { RequestSummary } from '../../src/http/request-log.js';
import { createLogger } from '../../src/logger.js';
import type { DialectName } from '../../src/storage/dialect-name.js';
import { createToken } from '../../src/tokens/token-service.js';
import { createEmptyPostgresDatabase } from './test-database.js';

export interface TestResponse {
  readonly status: number;
  readonly headers: LightMyRequestResponse['headers'];
  readonly text: string;
  /** The parsed JSON body, or undefined when the body is empty. */
  readonly body: any;
}

export interface TestApp {
  readonly app: App;
  readonly organizationId: string;
  /** Secret of the generic provisioning token created at first start. */
  readonly token: string;
  readonly adminToken: string;
  /** Every finished request's summary, in order. */
  readonly requests: RequestSummary[];
  /** Creates another provisioning token and returns its secret. */
  tokenFor(provider: Provider): Promise<string>;
  /** Sends a request in-process; JSON bodies are serialized, strings sent as they are. */
  request(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Time source of the application; the system clock when absent. */
  readonly clock?: Clock;
  /** Generator of resource ids. The application's own generator is used when absent. */
  readonly ids?: IdGenerator;
  /**
   * Logger of the application. When absent, nothing is logged unless ROLECALL_TEST_LOG_LEVEL is
   * `debug`, which logs to standard output.
   */
  readonly logger?: Logger;
}

/** Starts the whole application on a fresh database of the given kind, in-process. */
export async function startTestApp(
  dialect: DialectName = 'sqlite',
  options: TestAppOptions = {},
): Promise<TestApp> {
  const directory = mkdtempSync(join(tmpdir(), 'rolecall-app-'));
  const postgres = dialect === 'postgres' ? await createEmptyPostgresDatabase() : undefined;
  const config = loadConfig(
    { dataDir: directory, databaseUrl: postgres?.url, publicUrl: 'https://scim.example.test' },
    {},
  );
  const requests: RequestSummary[] = [];
  const level = process.env.ROLECALL_TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent';
  let app: App;
  try {
    app = await createApp(config, {
      logger: options.logger ?? createLogger(level),
      clock: options.clock,
      ids: options.ids,
      onRequestFinished: (summary) => requests.push(summary),
    });
  } catch (error) {
    // A start that fails leaves no database or folder behind.
    await postgres?.drop();
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  const firstStart = app.firstStart!;

  return {
    app,
    organizationId: firstStart.organization.id,
    token: firstStart.provisioningSecret,
    adminToken: firstStart.adminSecret,
    requests,
    tokenFor: async (provider) => {
      const issued = await createToken(app, {
        organizationId: firstStart.organization.id,
        kind: 'provisioning',
        provider,
        label: null,
      });
      return issued.secret;
    },
    request: async (method, path, options = {}) => {
      const headers: Record<string, string> = { ...options.headers };
      const token = options.token === undefined ? firstStart.provisioningSecret : options.token;
      if (token !== null) headers.authorization ??= `Bearer ${token}`;
      let payload: string | undefined;
      if (options.body !== undefined) {
        payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
        headers['content-type'] ??= 'application/scim+json';
      }
      const response = await app.server.inject({
        method: method as 'GET',
        url: path,
        headers,
        payload,
      });
      return {
        status: response.statusCode,
        headers: response.headers,
        text: response.body,
        body: response.body === '' ? undefined : JSON.parse(response.body),
      };
    },
    close: async () => {
      await app.close();
      await postgres?.drop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
