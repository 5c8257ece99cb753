import { GROUP_SCHEMA_ID } from '../schema/group-schema.js';
import { entityTag } from '../scim/versions.js';
import type { RoleMember, RoleRecord } from '../storage/role-repository.js';

/**
 * Builds a role's SCIM Group representation (RFC 7643 §4.2). A member's `display` is the user's
 * current display name, or with `memberLabels` the label the client sent with the member, when
 * it sent one. An empty member list is returned as `[]`, as strongDM does. Pass `members`
 * undefined when the response leaves them out, so they are never read.
 */
export function renderGroup(
  role: RoleRecord,
  members: readonly RoleMember[] | undefined,
  baseUrl: string,
  memberLabels: boolean,
): Record<string, unknown> {
  const resource: Record<string, unknown> = {
    schemas: [GROUP_SCHEMA_ID],
    id: role.id,
    ...role.attributes,
  };
  if (members !== undefined) {
    resource.members = members.map((member) => ({
      value: member.userId,
      display: (memberLabels ? member.displayLabel : null) ?? member.userDisplayName,
      $ref: `${baseUrl}/Users/${member.userId}`,
      type: 'User',
    }));
  }
  resource.meta = {
    resourceType: 'Group',
    created: role.created,
    lastModified: role.lastModified,
    location: `${baseUrl}/Groups/${role.id}`,
    version: entityTag(role.version),
  };
  return resource;
}
