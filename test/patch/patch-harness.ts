import { expect } from 'vitest';

import { isScimError, type ScimError, type ScimType } from '../../src/errors/scim-error.js';
import type { RuleName } from '../../src/flavours/normalization-rules.js';
import { Normalization } from '../../src/flavours/normalization.js';
import type { Provider } from '../../src/flavours/provider.js';
import { applyPatch, type MemberChange, type PatchResult } from '../../src/patch/apply-patch.js';
import { PATCH_OP_SCHEMA, parsePatchRequest } from '../../src/patch/parse-patch-request.js';
import {
  GROUP_RESOURCE_TYPE,
  USER_RESOURCE_TYPE,
  type ResourceType,
} from '../../src/schema/resource-type.js';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export const USER_ID = 'a-53fa578c61716688';
export const BOB_ID = 'a-0c7d41e261716688';
export const CAROL_ID = 'a-9e8d7c6b61716688';
export const ROLE_ID = 'r-1f2e3d4c61716688';

/** A stored user document as the service passes it: attributes plus `active`. */
export const ALICE: Readonly<Record<string, unknown>> = Object.freeze({
  userName: 'alice@example.test',
  name: { givenName: 'Alice', familyName: 'Example', formatted: 'Alice Example' },
  displayName: 'Alice Example',
  emails: [{ value: 'alice@example.test', type: 'work', primary: true }],
  userType: 'user',
  active: true,
});

/** A stored role document. */
export const ENG_TEAM: Readonly<Record<string, unknown>> = Object.freeze({
  displayName: 'Eng Team',
  externalId: 'okta-00g1',
});

/** Shorthand for a user document: ALICE with some members replaced or added. */
export function alice(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(ALICE), ...structuredClone(changes) };
}

/** Shorthand for a user document without some of ALICE's members. */
export function aliceWithout(...names: string[]): Record<string, unknown> {
  const document = alice();
  for (const name of names) delete document[name];
  return document;
}

export function engTeam(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(ENG_TEAM), ...structuredClone(changes) };
}

export interface PatchRun {
  readonly result: PatchResult;
  readonly normalization: Normalization;
}

export function resourceTypeOf(kind: 'User' | 'Group'): ResourceType {
  return kind === 'User' ? USER_RESOURCE_TYPE : GROUP_RESOURCE_TYPE;
}

/** Parses a PatchOp body built from `operations` and applies it, as the service does. */
export function runPatch(
  kind: 'User' | 'Group',
  document: Record<string, unknown>,
  operations: unknown[],
  flavour: Provider = 'generic',
): PatchRun {
  const resourceType = resourceTypeOf(kind);
  const normalization = new Normalization(flavour);
  const body = { schemas: [PATCH_OP_SCHEMA], Operations: operations };
  const parsed = parsePatchRequest(body, resourceType, normalization);
  const id = kind === 'User' ? USER_ID : ROLE_ID;
  const result = applyPatch(resourceType, { id, attributes: document }, parsed, normalization);
  return { result, normalization };
}

/** Runs a function that must throw a ScimError, and returns the error. */
export function catchScimError(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (isScimError(error)) return error;
    throw error;
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

export interface ExpectedError {
  readonly status?: number;
  readonly scimType: ScimType | undefined;
  /** A fragment the detail must contain. */
  readonly detail: string;
}

export function expectScimError(error: ScimError, expected: ExpectedError): void {
  expect(error.status).toBe(expected.status ?? 400);
  expect(error.scimType).toBe(expected.scimType);
  expect(error.detail).toContain(expected.detail);
}

/** One row of a PATCH rule table; flavours not listed in `only` are skipped. */
export interface PatchCase {
  readonly name: string;
  readonly only?: readonly Provider[];
  readonly document?: Record<string, unknown>;
  readonly operations: unknown[];
  readonly expected?: Record<string, unknown>;
  readonly password?: string;
  readonly memberChanges?: MemberChange[];
  readonly error?: ExpectedError;
  /** Normalization rules the case must fire. */
  readonly fired?: readonly RuleName[];
  readonly ignored?: readonly string[];
}

export const FLAVOURS: readonly Provider[] = ['generic', 'okta', 'azure'];

/** Expands a rule table into `[title, flavour, case]` rows, one per flavour the case runs on. */
export function rowsOf(cases: readonly PatchCase[]): [string, Provider, PatchCase][] {
  const rows: [string, Provider, PatchCase][] = [];
  for (const patchCase of cases) {
    for (const flavour of patchCase.only ?? FLAVOURS) {
      rows.push([`${flavour}: ${patchCase.name}`, flavour, patchCase]);
    }
  }
  return rows;
}

/** Runs one row of a rule table and checks its expectations. */
export function checkCase(kind: 'User' | 'Group', flavour: Provider, patchCase: PatchCase): void {
  const document = patchCase.document ?? (kind === 'User' ? alice() : engTeam());
  const input = structuredClone(document);
  if (patchCase.error !== undefined) {
    const error = catchScimError(() => runPatch(kind, input, patchCase.operations, flavour));
    expectScimError(error, patchCase.error);
    expect(input).toEqual(document);
    return;
  }

  const { result, normalization } = runPatch(kind, input, patchCase.operations, flavour);
  expect(result.attributes).toEqual(patchCase.expected ?? document);
  expect(result.password).toBe(patchCase.password);
  expect(result.memberChanges).toEqual(patchCase.memberChanges ?? []);
  expect(input).toEqual(document);
  for (const rule of patchCase.fired ?? []) expect(normalization.fired).toContain(rule);
  for (const path of patchCase.ignored ?? []) expect(normalization.ignored).toContain(path);
}
