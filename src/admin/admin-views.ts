import type { ActivityRecord } from '../storage/activity-repository.js';
import type { OrganizationRecord } from '../storage/organization-repository.js';
import type { RoleMemberDetail, RoleRecord, UserRole } from '../storage/role-repository.js';
import type { TokenRecord } from '../storage/token-repository.js';
import type { UserRecord } from '../storage/user-repository.js';

/* JSON shapes of the admin API. The CLI prints the same shapes with --json. */

export function describeOrganization(organization: OrganizationRecord) {
  return { id: organization.id, name: organization.name, created: organization.created };
}

export function describeUser(user: UserRecord) {
  return {
    id: user.id,
    userName: user.userName,
    email: user.email,
    givenName: user.givenName,
    familyName: user.familyName,
    displayName: user.displayName,
    externalId: user.externalId,
    suspended: user.suspended,
    permissionLevel: user.permissionLevel,
    managedBy: user.managedBy,
    version: user.version,
    created: user.created,
    lastModified: user.lastModified,
  };
}

/** Describes a user with its roles and stored SCIM attributes, for the detail view. */
export function describeUserDetail(user: UserRecord, roles: readonly UserRole[]) {
  return {
    ...describeUser(user),
    roles: roles.map((role) => ({ id: role.roleId, name: role.roleName })),
    scimAttributes: user.attributes,
  };
}

export function describeRole(role: RoleRecord, memberCount: number) {
  return {
    id: role.id,
    name: role.name,
    externalId: role.externalId,
    managedBy: role.managedBy,
    memberCount,
    version: role.version,
    created: role.created,
    lastModified: role.lastModified,
  };
}

export function describeMember(member: RoleMemberDetail) {
  return {
    id: member.userId,
    userName: member.userName,
    displayName: member.displayName,
    email: member.email,
    suspended: member.suspended,
    managedBy: member.managedBy,
  };
}

/** Describes a token without its hash, as listings may show it. */
export function describeToken(token: TokenRecord) {
  return {
    id: token.id,
    kind: token.kind,
    provider: token.provider,
    label: token.label,
    secretEndsWith: token.secretHint,
    created: token.created,
    lastUsed: token.lastUsed,
    revoked: token.revoked,
  };
}

/** Describes an activity entry, with the request body only when `withBody` is set. */
export function describeActivity(entry: ActivityRecord, withBody: boolean) {
  const view = {
    id: entry.id,
    time: entry.time,
    source: entry.source,
    provider: entry.provider,
    flavour: entry.flavour,
    actor: entry.actor,
    method: entry.method,
    path: entry.path,
    status: entry.status,
    durationMs: entry.durationMs,
    resourceIds: entry.resourceIds,
    rules: entry.rules,
    ignoredAttributes: entry.ignoredAttributes,
    error: entry.errorCode === null ? null : { code: entry.errorCode, detail: entry.errorDetail },
    bodyTruncated: entry.bodyTruncated,
  };
  if (!withBody) return view;
  return { ...view, requestBody: entry.requestBody ?? null };
}
