export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A minimal valid user body with the given userName. */
export function userBody(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: 'Alice', familyName: 'Example' },
    ...extra,
  };
}

export function groupBody(displayName: string, extra: Record<string, unknown> = {}) {
  return { schemas: [GROUP_SCHEMA], displayName, ...extra };
}

export function patchBody(...operations: Record<string, unknown>[]) {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}
