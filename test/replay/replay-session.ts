import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Provider } from '../../src/flavours/provider.js';

/*
 * Replay sessions: provisioning conversations written from identity providers' public
 * documentation, stored as JSON under test/fixtures/replay. Each step names a request, the
 * response every URL prefix (generic, okta, azure) must return, and optionally the state a GET
 * must show after it.
 */

export interface ReplaySession {
  readonly name: string;
  readonly description: string;
  /** Public documents the requests follow. */
  readonly sources: readonly string[];
  readonly steps: readonly ReplayStep[];
}

export interface ReplayStep {
  readonly name: string;
  readonly request: ReplayRequest;
  readonly expect: ExpectationSet;
  /** Values to keep from a successful response body: placeholder name to dotted path. */
  readonly capture?: Readonly<Record<string, string>>;
  /** A GET sent after the step, and what it must return. */
  readonly state?: { readonly path: string; readonly expect: ExpectationSet };
}

export interface ReplayRequest {
  readonly method: string;
  /** Path under the prefix, e.g. `/Users/{aliceId}`; `{name}` is a captured value. */
  readonly path: string;
  readonly body?: unknown;
}

/** Expectations for every prefix (`all`), each of which a prefix-specific entry replaces whole. */
export type ExpectationSet = Partial<Record<Provider | 'all', Expectation>>;

export interface Expectation {
  readonly status: number;
  readonly scimType?: string;
  /** A fragment the error detail must contain. */
  readonly detail?: string;
  /** A subset the response body must contain (see `findMismatches`). */
  readonly body?: unknown;
}

const CORPUS_DIRECTORY = join(import.meta.dirname, '..', 'fixtures', 'replay');

/** Loads every session of the corpus, in file name order. */
export function loadSessions(): { file: string; session: ReplaySession }[] {
  return readdirSync(CORPUS_DIRECTORY)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      session: JSON.parse(readFileSync(join(CORPUS_DIRECTORY, file), 'utf8')) as ReplaySession,
    }));
}

/** Picks the expectation of one prefix, or throws when the step gives none. */
export function expectationFor(set: ExpectationSet, prefix: Provider, where: string): Expectation {
  const expectation = set[prefix] ?? set.all;
  if (expectation === undefined) {
    throw new Error(`${where} has no expectation for ${prefix} and no "all" expectation`);
  }
  return expectation;
}

/**
 * Replaces every `{name}` in the strings of a JSON value with the captured value of that name.
 * Throws when a placeholder names a value that no earlier step captured.
 */
export function substitute(
  value: unknown,
  values: ReadonlyMap<string, string>,
  where: string,
): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_match, name: string) => {
      const captured = values.get(name);
      if (captured === undefined)
        throw new Error(`${where} uses {${name}}, which no earlier step captured`);
      return captured;
    });
  }
  if (Array.isArray(value)) return value.map((element) => substitute(element, values, where));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, member]) => [key, substitute(member, values, where)]),
    );
  }
  return value;
}

/** Reads a dotted path such as `Resources.0.id` from a response body. */
export function readPath(body: unknown, path: string): unknown {
  let value = body;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Lists where `actual` fails to contain `expected`. Objects match when every expected member
 * matches. Arrays match when they have the same length and each expected element matches a
 * different actual element, in any order. `null` and `[]` match an absent, null or empty value.
 * Anything else must be equal.
 */
export function findMismatches(actual: unknown, expected: unknown, at = 'body'): string[] {
  if (expected === null || (Array.isArray(expected) && expected.length === 0)) {
    const absent = actual === undefined || actual === null;
    return absent || (Array.isArray(actual) && actual.length === 0)
      ? []
      : [`${at}: expected no value, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) return arrayMismatches(actual, expected, at);
  if (typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    }
    return Object.entries(expected).flatMap(([key, member]) =>
      findMismatches((actual as Record<string, unknown>)[key], member, `${at}.${key}`),
    );
  }
  return actual === expected
    ? []
    : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

function arrayMismatches(actual: unknown, expected: readonly unknown[], at: string): string[] {
  if (!Array.isArray(actual) || actual.length !== expected.length) {
    return [`${at}: expected ${expected.length} values, got ${JSON.stringify(actual)}`];
  }
  const unused = new Set(actual.keys());
  const mismatches: string[] = [];
  expected.forEach((element, index) => {
    const match = [...unused].find(
      (position) => findMismatches(actual[position], element).length === 0,
    );
    if (match === undefined) {
      mismatches.push(
        `${at}: no value matches expected [${index}] ${JSON.stringify(element)} in ${JSON.stringify(actual)}`,
      );
    } else {
      unused.delete(match);
    }
  });
  return mismatches;
}
