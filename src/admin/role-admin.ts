import { ROLE_ID_PATTERN, USER_ID_PATTERN } from '../ids.js';
import type { RoleRecord } from '../storage/role-repository.js';
import { insertWithNewId } from '../storage/insert-with-new-id.js';
import type { Store } from '../storage/store.js';
import { invalidRequest, invalidValue, resourceNotFound, roleNameTaken } from './admin-errors.js';
import type { AdminDependencies, ManagedPolicy } from './admin-route.js';
import { checkManaged, type AdminWarning } from './managed-warning.js';
import { writeUnique } from './write-unique.js';

export interface RoleChange {
  readonly role: RoleRecord;
  readonly changed: boolean;
  readonly warnings: AdminWarning[];
}

export interface MembershipChange extends RoleChange {
  /** Users that were not members and now are. */
  readonly added: string[];
  /** Users that were members and no longer are. */
  readonly removed: string[];
}

/** Creates an unmanaged role; its SCIM displayName is the name. */
export async function createRole(
  deps: AdminDependencies,
  organizationId: string,
  name: string,
): Promise<RoleRecord> {
  const now = deps.clock.now().toISOString();
  return insertWithNewId(deps.ids.role, async (id) => {
    const role: RoleRecord = {
      id,
      organizationId,
      name,
      externalId: null,
      managedBy: null,
      version: 1,
      created: now,
      lastModified: now,
      attributes: { displayName: name },
    };
    await deps.store.transaction(async (store) => {
      await checkNameFree(store, organizationId, name, undefined);
      await writeUnique(() => store.roles.insert(role));
    });
    return role;
  });
}

/** Renames a role; the SCIM displayName, version and lastModified change with it. */
export async function renameRole(
  deps: AdminDependencies,
  organizationId: string,
  id: string,
  name: string,
  policy: ManagedPolicy,
): Promise<RoleChange> {
  return deps.store.transaction(async (store) => {
    const current = await lockRole(store, organizationId, id);
    if (current.name === name) return { role: current, changed: false, warnings: [] };
    const warnings = checkManaged(roleResource(current), 'rename', policy);
    if (current.name.toLowerCase() !== name.toLowerCase()) {
      await checkNameFree(store, organizationId, name, id);
    }
    const next: RoleRecord = {
      ...current,
      name,
      attributes: { ...current.attributes, displayName: name },
      version: current.version + 1,
      lastModified: deps.clock.now().toISOString(),
    };
    await writeUnique(() => store.roles.update(next));
    return { role: next, changed: true, warnings };
  });
}

/** Deletes a role with its memberships. */
export async function deleteRole(
  deps: AdminDependencies,
  organizationId: string,
  id: string,
  policy: ManagedPolicy,
): Promise<AdminWarning[]> {
  return deps.store.transaction(async (store) => {
    const current = await lockRole(store, organizationId, id);
    const warnings = checkManaged(roleResource(current), 'deletion', policy);
    await store.roles.delete(organizationId, id);
    return warnings;
  });
}

/**
 * Adds and removes members as set operations: adding a member twice or removing a non-member
 * changes nothing. Every id must name a user of the organization. When membership changed, the
 * role's version and lastModified move as on a SCIM membership change.
 */
export async function changeMembers(
  deps: AdminDependencies,
  organizationId: string,
  id: string,
  add: readonly string[],
  remove: readonly string[],
  policy: ManagedPolicy,
): Promise<MembershipChange> {
  const toAdd = [...new Set(add)];
  const toRemove = [...new Set(remove)];
  for (const userId of [...toAdd, ...toRemove]) checkUserId(userId);
  const both = toAdd.find((userId) => toRemove.includes(userId));
  if (both !== undefined) {
    throw invalidRequest(`User ${both} is both in "add" and in "remove"; name it in one of them.`);
  }
  if (toAdd.length === 0 && toRemove.length === 0) {
    throw invalidRequest('Name at least one user id in "add" or "remove".');
  }

  return deps.store.transaction(async (store) => {
    const current = await lockRole(store, organizationId, id);
    const warnings = checkManaged(roleResource(current), 'membership change', policy);
    const known = await store.users.existingIds(organizationId, [...toAdd, ...toRemove]);
    const unknown = [...toAdd, ...toRemove].find((userId) => !known.has(userId));
    if (unknown !== undefined) throw resourceNotFound('User', unknown);

    const members = new Set(await store.roles.memberIds(id));
    const added = toAdd.filter((userId) => !members.has(userId));
    const removed = toRemove.filter((userId) => members.has(userId));
    const now = deps.clock.now().toISOString();
    await store.roles.addMembers(
      id,
      added.map((userId) => ({ userId, displayLabel: null })),
      now,
    );
    await store.roles.removeMembers(id, removed);
    const changed = added.length > 0 || removed.length > 0;
    if (!changed) return { role: current, changed, warnings, added, removed };

    await store.roles.touch(id, now);
    const role = { ...current, version: current.version + 1, lastModified: now };
    return { role, changed, warnings, added, removed };
  });
}

export async function lockRole(
  store: Store,
  organizationId: string,
  id: string,
): Promise<RoleRecord> {
  const role = await store.roles.findForUpdate(organizationId, id);
  if (role === undefined) throw resourceNotFound('Role', id);
  return role;
}

function roleResource(role: RoleRecord) {
  return { kind: 'Role' as const, id: role.id, managedBy: role.managedBy };
}

function checkUserId(id: string): void {
  if (ROLE_ID_PATTERN.test(id)) {
    throw invalidValue('member id', id, 'a user id; roles contain users only, not other roles');
  }
  if (!USER_ID_PATTERN.test(id)) {
    throw invalidValue('member id', id, 'a user id such as a-53fa578c61716688');
  }
}

async function checkNameFree(
  store: Store,
  organizationId: string,
  name: string,
  ownId: string | undefined,
): Promise<void> {
  const owner = await store.roles.findByName(organizationId, name);
  if (owner !== undefined && owner.id !== ownId) throw roleNameTaken(name, owner.id);
}
