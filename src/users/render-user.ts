import { ENTERPRISE_USER_SCHEMA_ID } from '../schema/enterprise-user-schema.js';
import { USER_SCHEMA_ID } from '../schema/user-schema.js';
import { entityTag } from '../scim/versions.js';
import type { UserRole } from '../storage/role-repository.js';
import type { UserRecord } from '../storage/user-repository.js';

/**
 * Builds a user's SCIM representation (RFC 7643 §4.1). `roles` fills the read-only `groups`
 * attribute, an empty list included as strongDM returns it; pass undefined when the response
 * leaves groups out, so they are never read.
 */
export function renderUser(
  user: UserRecord,
  roles: readonly UserRole[] | undefined,
  baseUrl: string,
): Record<string, unknown> {
  const schemas = [USER_SCHEMA_ID];
  if (ENTERPRISE_USER_SCHEMA_ID in user.attributes) schemas.push(ENTERPRISE_USER_SCHEMA_ID);

  const resource: Record<string, unknown> = { schemas, id: user.id, ...user.attributes };
  resource.active = !user.suspended;
  if (roles !== undefined) {
    resource.groups = roles.map((role) => ({
      value: role.roleId,
      display: role.roleName,
      $ref: `${baseUrl}/Groups/${role.roleId}`,
    }));
  }
  resource.meta = {
    resourceType: 'User',
    created: user.created,
    lastModified: user.lastModified,
    location: `${baseUrl}/Users/${user.id}`,
    version: entityTag(user.version),
  };
  return resource;
}
