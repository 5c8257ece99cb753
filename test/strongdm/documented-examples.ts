import { expect } from 'vitest';

import { ERROR_SCHEMA, GROUP_SCHEMA, PATCH_SCHEMA, USER_SCHEMA } from '../support/fixtures.js';
import type { TestResponse } from '../support/test-app.js';

/**
 * Request bodies shaped like the examples in the strongDM SCIM API documentation
 * (https://docs.strongdm.com/references/scim and its older copies under
 * https://www.strongdm.com/docs/architecture/scim-spec and /docs/api/scim), with our own values.
 */

export const BASE = '/provisioning/generic/v2';
export const PUBLIC_URL = 'https://scim.example.test';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const USER_ID = /^a-[0-9a-f]{16}$/;
export const ROLE_ID = /^r-[0-9a-f]{16}$/;

/** Builds a body with the fields of the documented Create User and Replace User requests. */
export function documentedUser(userName: string, givenName: string, familyName: string) {
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName, familyName },
    active: true,
  };
}

/** Builds a body with the fields of the documented Create Group request. */
export function documentedRole(displayName: string, members: { value: string; display: string }[]) {
  return { schemas: [GROUP_SCHEMA], displayName, members };
}

/** Builds a PatchOp body from the given operations, as in the documented Update examples. */
export function documentedPatch(...operations: Record<string, unknown>[]) {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

export function userLocation(id: string, base = BASE): string {
  return `${PUBLIC_URL}${base}/Users/${id}`;
}

export function roleLocation(id: string, base = BASE): string {
  return `${PUBLIC_URL}${base}/Groups/${id}`;
}

/**
 * Asserts a documented strongDM error body: the error schema, the detail text, the status as a
 * string, and no `scimType`, as the documented 400 and 404 examples show none.
 */
export function expectDocumentedError(response: TestResponse, status: number, detail: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/scim+json');
  expect(response.body.schemas).toEqual([ERROR_SCHEMA]);
  expect(response.body.detail).toBe(detail);
  expect(response.body.status).toBe(String(status));
  expect(response.body.scimType).toBeUndefined();
}

/** The documented 409 body, which clients match on in full. */
export const UNIQUENESS_ERROR = {
  schemas: [ERROR_SCHEMA],
  scimType: 'uniqueness',
  detail: 'One or more of the attribute values are already in use or are reserved.',
  status: '409',
};
