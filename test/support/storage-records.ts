import { randomBytes } from 'node:crypto';

import type { OrganizationRecord } from '../../src/storage/organization-repository.js';
import type { RoleRecord } from '../../src/storage/role-repository.js';
import type { TokenRecord } from '../../src/storage/token-repository.js';
import type { UserRecord } from '../../src/storage/user-repository.js';

/*
 * Records for the storage contract suites, with fresh random ids so that tests sharing one
 * database never collide. Overrides replace any field.
 */

export const CREATED = '2024-05-01T12:00:00.000Z';

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function newUserId(): string {
  return `a-${hex(8)}`;
}

export function newRoleId(): string {
  return `r-${hex(8)}`;
}

export function organizationRecord(
  overrides: Partial<OrganizationRecord> = {},
): OrganizationRecord {
  return { id: `o-${hex(8)}`, name: 'Test organization', created: CREATED, ...overrides };
}

export function userRecord(
  organizationId: string,
  overrides: Partial<UserRecord> = {},
): UserRecord {
  const userName = overrides.userName ?? `user-${hex(4)}@example.test`;
  return {
    id: newUserId(),
    organizationId,
    userName,
    email: userName,
    givenName: 'Alice',
    familyName: 'Example',
    displayName: 'Alice Example',
    externalId: null,
    suspended: false,
    permissionLevel: 'user',
    managedBy: null,
    version: 1,
    created: CREATED,
    lastModified: CREATED,
    attributes: {
      userName,
      name: { givenName: 'Alice', familyName: 'Example', formatted: 'Alice Example' },
      displayName: 'Alice Example',
    },
    passwordHash: null,
    ...overrides,
  };
}

export function roleRecord(
  organizationId: string,
  overrides: Partial<RoleRecord> = {},
): RoleRecord {
  const name = overrides.name ?? `Role ${hex(4)}`;
  return {
    id: newRoleId(),
    organizationId,
    name,
    externalId: null,
    managedBy: null,
    version: 1,
    created: CREATED,
    lastModified: CREATED,
    attributes: { displayName: name },
    ...overrides,
  };
}

export function tokenRecord(
  organizationId: string,
  overrides: Partial<TokenRecord> = {},
): TokenRecord {
  return {
    id: `t-${hex(8)}`,
    organizationId,
    kind: 'provisioning',
    provider: 'generic',
    secretHash: hex(32),
    secretHint: hex(2),
    label: null,
    created: CREATED,
    lastUsed: null,
    revoked: null,
    ...overrides,
  };
}
