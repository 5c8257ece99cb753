import type { Kysely } from 'kysely';

import { ENTERPRISE_USER_SCHEMA_ID } from '../../../src/schema/enterprise-user-schema.js';
import { GROUP_SCHEMA_ID } from '../../../src/schema/group-schema.js';
import { USER_SCHEMA_ID } from '../../../src/schema/user-schema.js';
import type { Database } from '../../../src/storage/database-schema.js';
import { foldCase } from '../../../src/storage/open-database.js';

/*
 * Test users and roles as the stores keep them, with their SCIM representations built the way
 * the resource services render them.
 */

export const BASE_URL = 'https://scim.example.test/provisioning/generic/v2';

export interface TestUser {
  readonly id: string;
  readonly suspended: boolean;
  readonly version: number;
  readonly created: string;
  readonly lastModified: string;
  /** Stored SCIM attributes; `userName` is required. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface TestRole {
  readonly id: string;
  readonly name: string;
  readonly externalId?: string;
  readonly version: number;
  readonly created: string;
  readonly lastModified: string;
  /** Member user ids, with the label a client sent for each, if any. */
  readonly members: readonly { readonly userId: string; readonly label?: string }[];
}

export const ORGANIZATION_ID = 'o-0000000000000001';
const OTHER_ORGANIZATION_ID = 'o-0000000000000002';

export async function insertOrganizations(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('organizations')
    .values([
      { id: ORGANIZATION_ID, name: 'Example', created_at: '2024-01-01T00:00:00.000Z' },
      { id: OTHER_ORGANIZATION_ID, name: 'Other', created_at: '2024-01-01T00:00:00.000Z' },
    ])
    .execute();
}

export async function insertUsers(db: Kysely<Database>, users: readonly TestUser[]): Promise<void> {
  if (users.length === 0) return;
  await db.insertInto('users').values(users.map(userRow)).execute();
}

export async function insertRoles(db: Kysely<Database>, roles: readonly TestRole[]): Promise<void> {
  if (roles.length === 0) return;
  await db.insertInto('roles').values(roles.map(roleRow)).execute();
  const members = roles.flatMap((role) =>
    role.members.map((member) => ({
      role_id: role.id,
      user_id: member.userId,
      display_label: member.label ?? null,
      added_at: role.created,
    })),
  );
  if (members.length > 0) await db.insertInto('role_members').values(members).execute();
}

function userRow(user: TestUser) {
  const attributes = user.attributes;
  const userName = attributes.userName as string;
  const displayName = typeof attributes.displayName === 'string' ? attributes.displayName : '';
  const name = (attributes.name ?? {}) as Record<string, unknown>;
  return {
    id: user.id,
    organization_id: ORGANIZATION_ID,
    user_name: userName,
    user_name_fold: foldCase(userName),
    email: userName,
    email_fold: foldCase(userName),
    given_name: typeof name.givenName === 'string' ? name.givenName : '',
    family_name: typeof name.familyName === 'string' ? name.familyName : '',
    display_name: displayName,
    display_name_fold: foldCase(displayName),
    external_id: typeof attributes.externalId === 'string' ? attributes.externalId : null,
    suspended: user.suspended ? 1 : 0,
    permission_level: 'user',
    managed_by: null,
    version: user.version,
    created_at: user.created,
    updated_at: user.lastModified,
    attributes: JSON.stringify(attributes),
    password_hash: null,
  };
}

function roleRow(role: TestRole) {
  const attributes: Record<string, unknown> = { displayName: role.name };
  if (role.externalId !== undefined) attributes.externalId = role.externalId;
  return {
    id: role.id,
    organization_id: ORGANIZATION_ID,
    name: role.name,
    name_fold: foldCase(role.name),
    external_id: role.externalId ?? null,
    managed_by: null,
    version: role.version,
    created_at: role.created,
    updated_at: role.lastModified,
    attributes: JSON.stringify(attributes),
  };
}

/** Renders the User representation (RFC 7643 §4.1) as the user service does. */
export function renderTestUser(
  user: TestUser,
  roles: readonly TestRole[],
): Record<string, unknown> {
  const schemas = [USER_SCHEMA_ID];
  if (ENTERPRISE_USER_SCHEMA_ID in user.attributes) schemas.push(ENTERPRISE_USER_SCHEMA_ID);
  const resource: Record<string, unknown> = { schemas, id: user.id, ...user.attributes };
  resource.active = !user.suspended;
  const memberOf = roles.filter((role) => role.members.some((member) => member.userId === user.id));
  if (memberOf.length > 0) {
    resource.groups = memberOf.map((role) => ({
      value: role.id,
      display: role.name,
      $ref: `${BASE_URL}/Groups/${role.id}`,
    }));
  }
  resource.meta = meta('User', user, `${BASE_URL}/Users/${user.id}`);
  return resource;
}

/** Renders the Group representation (RFC 7643 §4.2). `memberLabels` prefers a client's label. */
export function renderTestRole(
  role: TestRole,
  users: readonly TestUser[],
  memberLabels = false,
): Record<string, unknown> {
  const resource: Record<string, unknown> = {
    schemas: [GROUP_SCHEMA_ID],
    id: role.id,
    displayName: role.name,
  };
  if (role.externalId !== undefined) resource.externalId = role.externalId;
  if (role.members.length > 0) {
    resource.members = role.members.map((member) => {
      const user = users.find((candidate) => candidate.id === member.userId)!;
      const userDisplayName =
        typeof user.attributes.displayName === 'string' ? user.attributes.displayName : '';
      return {
        value: member.userId,
        display: (memberLabels ? member.label : undefined) ?? userDisplayName,
        $ref: `${BASE_URL}/Users/${member.userId}`,
        type: 'User',
      };
    });
  }
  resource.meta = meta('Group', role, `${BASE_URL}/Groups/${role.id}`);
  return resource;
}

function meta(
  resourceType: string,
  record: { version: number; created: string; lastModified: string },
  location: string,
): Record<string, unknown> {
  return {
    resourceType,
    created: record.created,
    lastModified: record.lastModified,
    location,
    version: `W/"${record.version}"`,
  };
}
