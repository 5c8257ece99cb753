import type { ReplaySession } from '../../src/activity/replay-export.js';
import { expectationFor, readPath, substitute } from '../replay/replay-session.js';
import type { TestApp } from './test-app.js';

/**
 * Sends the steps of an exported session to a server on each step's recorded prefix, with the
 * corpus helpers' placeholder substitution and captures, and returns the statuses it got. A step
 * whose status differs from its expectation throws, naming the step.
 */
export async function replaySession(
  app: TestApp,
  token: string,
  session: ReplaySession,
): Promise<number[]> {
  const values = new Map<string, string>();
  const statuses: number[] = [];
  for (const [index, step] of session.steps.entries()) {
    const where = `step ${index + 1} "${step.name}"`;
    const prefix = step.recorded.prefix as 'generic' | 'okta' | 'azure';
    const path = substitute(step.request.path, values, where) as string;
    const body = substitute(step.request.body, values, where);
    const response = await app.request(step.request.method, `/provisioning/${prefix}/v2${path}`, {
      body,
      token,
    });
    const expected = expectationFor(step.expect, prefix, where);
    if (response.status !== expected.status) {
      throw new Error(
        `${where} answered ${response.status}, expected ${expected.status}: ${response.text}`,
      );
    }
    for (const [name, field] of Object.entries(step.capture ?? {})) {
      values.set(name, readPath(response.body, field) as string);
    }
    statuses.push(response.status);
  }
  return statuses;
}
