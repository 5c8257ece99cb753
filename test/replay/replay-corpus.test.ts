import { afterEach, describe, expect, it } from 'vitest';

import type { Provider } from '../../src/flavours/provider.js';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app.js';
import { testBackends } from '../support/test-database.js';
import {
  expectationFor,
  findMismatches,
  loadSessions,
  readPath,
  substitute,
  type Expectation,
  type ReplaySession,
  type ReplayStep,
} from './replay-session.js';

const PREFIXES: readonly Provider[] = ['generic', 'okta', 'azure'];
const PUBLIC_URL = 'https://scim.example.test';

describe.each(testBackends())('replay corpus on %s', (dialect) => {
  let app: TestApp | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  describe.each(loadSessions())('$file', ({ session }) => {
    for (const prefix of PREFIXES) {
      it(`replays on ${prefix}`, async (context) => {
        app = await startTestApp(dialect);
        const unserved = await unservedEndpoints(app, session);
        if (unserved.length > 0) {
          const note = `this build does not serve ${unserved.join(', ')}, which the session uses`;
          warnOnce(`Replay sessions skipped: ${note}.`);
          context.skip(note);
        }
        await replay(app, session, prefix);
      });
    }
  });
});

const warned = new Set<string>();

function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}

/** Runs every step of a session on one prefix of a fresh server. */
async function replay(app: TestApp, session: ReplaySession, prefix: Provider): Promise<void> {
  const values = new Map([['base', `${PUBLIC_URL}/provisioning/${prefix}/v2`]]);
  for (const [index, step] of session.steps.entries()) {
    await runStep(app, prefix, step, values, `step ${index + 1} "${step.name}"`);
  }
}

async function runStep(
  app: TestApp,
  prefix: Provider,
  step: ReplayStep,
  values: Map<string, string>,
  where: string,
): Promise<void> {
  const path = substitute(step.request.path, values, where) as string;
  const body = substitute(step.request.body, values, where);
  const response = await app.request(step.request.method, `/provisioning/${prefix}/v2${path}`, {
    body,
  });
  const request = `${where}: ${step.request.method} ${path}`;
  checkResponse(response, expectationFor(step.expect, prefix, where), values, request);

  if (response.status < 300) {
    for (const [name, bodyPath] of Object.entries(step.capture ?? {})) {
      const captured = readPath(response.body, bodyPath);
      expect(typeof captured, `${request}: capture ${name} from ${bodyPath}`).toBe('string');
      values.set(name, captured as string);
    }
  }

  if (step.state !== undefined) {
    const statePath = substitute(step.state.path, values, where) as string;
    const state = await app.request('GET', `/provisioning/${prefix}/v2${statePath}`);
    const expected = expectationFor(step.state.expect, prefix, `${where} state`);
    checkResponse(state, expected, values, `${where}, then GET ${statePath}`);
  }
}

function checkResponse(
  response: TestResponse,
  expected: Expectation,
  values: ReadonlyMap<string, string>,
  request: string,
): void {
  expect(response.status, `${request} answered ${response.text}`).toBe(expected.status);
  if (expected.scimType !== undefined) {
    expect(response.body?.scimType, `${request}: scimType`).toBe(expected.scimType);
  }
  if (expected.detail !== undefined) {
    const detail = substitute(expected.detail, values, request) as string;
    expect(response.body?.detail, `${request}: detail`).toContain(detail);
  }
  if (expected.body !== undefined) {
    const wanted = substitute(expected.body, values, request);
    expect(findMismatches(response.body, wanted), `${request}: body`).toEqual([]);
  }
}

/**
 * Lists the method and endpoint pairs of a session for which the server returns 405. Probes
 * name ids that do not exist and carry invalid bodies, so they change nothing.
 */
async function unservedEndpoints(app: TestApp, session: ReplaySession): Promise<string[]> {
  const probes = new Map<string, string>();
  for (const step of session.steps) {
    const endpoint = step.request.path.split('?')[0]!.replace(/\{[A-Za-z0-9]+\}/g, 'x');
    const route = endpoint.replace(/^\/(Users|Groups)\/[^/]+$/, '/$1/{id}');
    probes.set(`${step.request.method} ${route}`, endpoint.replace(/\/x$/, '/a-0000000000000000'));
  }
  const unserved: string[] = [];
  for (const [label, path] of probes) {
    const method = label.split(' ')[0]!;
    const body = method === 'GET' || method === 'DELETE' ? undefined : {};
    const response = await app.request(method, `/provisioning/generic/v2${path}`, { body });
    if (response.status === 405) unserved.push(label);
  }
  return unserved;
}
