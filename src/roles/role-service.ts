import {
  mutability,
  quote,
  resourceNotFound,
  roleNameEmptyOnUpdate,
  roleNameMissingOnCreate,
} from '../errors/catalogue.js';
import { ROLE_ID_PATTERN } from '../ids.js';
import { applyPatch, type MemberChange } from '../patch/apply-patch.js';
import { attributesEqual } from '../patch/attributes-equal.js';
import { parsePatchRequest } from '../patch/parse-patch-request.js';
import { normalizeResource } from '../schema/normalize-resource.js';
import { GROUP_RESOURCE_TYPE } from '../schema/resource-type.js';
import type { ScimContext } from '../scim/scim-context.js';
import type { ServiceDependencies } from '../scim/service-dependencies.js';
import { checkIndexedLength } from '../scim/indexed-values.js';
import { writeUnique } from '../scim/write-unique.js';
import { checkIfMatch } from '../scim/versions.js';
import { insertWithNewId } from '../storage/insert-with-new-id.js';
import type { RoleMember, RoleRecord } from '../storage/role-repository.js';
import type { Store } from '../storage/store.js';
import { readMemberLabels } from './member-labels.js';
import { toMemberReference, type MemberReference } from './member-reference.js';

/** A role with its members, when the caller asked for them. */
export interface RoleView {
  readonly role: RoleRecord;
  readonly members: RoleMember[] | undefined;
}

interface RoleBody {
  readonly displayName: string | undefined;
  readonly attributes: Record<string, unknown>;
  readonly members: MemberReference[];
  readonly id: unknown;
}

function readRoleBody(body: unknown, context: ScimContext): RoleBody {
  const labelled = readMemberLabels(body, context.normalization);
  const normalized = normalizeResource(labelled, GROUP_RESOURCE_TYPE, context.normalization);
  const { members, ...attributes } = normalized.attributes;
  const displayName =
    typeof attributes.displayName === 'string' && attributes.displayName.trim() !== ''
      ? attributes.displayName
      : undefined;
  const references = ((members ?? []) as Record<string, unknown>[]).map(toMemberReference);
  checkRoleLengths(attributes);
  return { displayName, attributes, members: references, id: normalized.id };
}

/**
 * Creates a role from a POST body. Members with well-formed ids that name no user are ignored
 * on create; members named are marked as managed.
 */
export async function createRole(
  deps: ServiceDependencies,
  context: ScimContext,
  body: unknown,
): Promise<RoleRecord> {
  const input = readRoleBody(body, context);
  const name = input.displayName;
  if (name === undefined) throw roleNameMissingOnCreate();
  const now = deps.clock.now().toISOString();
  const role = await insertWithNewId(deps.ids.role, async (id) => {
    const role: RoleRecord = {
      id,
      organizationId: context.organizationId,
      name,
      externalId: externalIdOf(input.attributes),
      managedBy: context.manager,
      version: 1,
      created: now,
      lastModified: now,
      attributes: input.attributes,
    };
    await deps.store.transaction(async (store) => {
      await writeUnique(() => store.roles.insert(role));
      const ids = input.members.map((member) => member.value);
      const known = await store.users.existingIds(context.organizationId, ids);
      const members = input.members.filter((member) => known.has(member.value));
      await store.roles.addMembers(role.id, members.map(toNewMember), now);
      await store.users.markManaged([...known], context.manager);
    });
    return role;
  });
  context.touched.add(role.id);
  return role;
}

/**
 * Replaces a role's name, externalId and member list from a PUT body (RFC 7644 §3.5.1). Member
 * ids that name no user are 404 here, unlike on create.
 */
export async function replaceRole(
  deps: ServiceDependencies,
  context: ScimContext,
  id: string,
  body: unknown,
  ifMatch: string | undefined,
): Promise<RoleRecord> {
  context.touched.add(id);
  const input = readRoleBody(body, context);
  if (input.id !== undefined && input.id !== id) {
    throw mutability(
      `The body's id ${quote(input.id)} differs from ${id} in the URL; a group's id cannot change.`,
    );
  }
  if (input.displayName === undefined) throw roleNameEmptyOnUpdate();
  const displayName = input.displayName;

  return deps.store.transaction(async (store) => {
    const current = await lockRole(store, context, id, ifMatch);
    const wanted = new Map(input.members.map((member) => [member.value, member]));
    await requireUsers(store, context, [...wanted.keys()]);

    const now = deps.clock.now().toISOString();
    const memberCount = await replaceMembers(store, context, id, input.members, now);
    const changed = memberCount > 0 || !attributesEqual(current.attributes, input.attributes);
    return saveRole(deps, store, context, current, displayName, input.attributes, changed);
  });
}

/** A written role and whether the request changed its representation. */
export interface RoleWriteResult {
  readonly role: RoleRecord;
  readonly changed: boolean;
}

/**
 * Modifies a role with a PATCH request (RFC 7644 §3.5.2), atomically. Membership changes run as
 * set operations in SQL, in request order, at a cost that depends on the members the request
 * names rather than on the size of the role. `changed` is false when nothing changed.
 */
export async function patchRole(
  deps: ServiceDependencies,
  context: ScimContext,
  id: string,
  body: unknown,
  ifMatch: string | undefined,
): Promise<RoleWriteResult> {
  context.touched.add(id);
  const operations = parsePatchRequest(body, GROUP_RESOURCE_TYPE, context.normalization);

  return deps.store.transaction(async (store) => {
    const current = await lockRole(store, context, id, ifMatch);
    const target = { id, attributes: current.attributes };
    const result = applyPatch(GROUP_RESOURCE_TYPE, target, operations, context.normalization);
    const displayName = result.attributes.displayName;
    if (typeof displayName !== 'string' || displayName.trim() === '') throw roleNameEmptyOnUpdate();
    checkRoleLengths(result.attributes);

    const now = deps.clock.now().toISOString();
    let memberCount = 0;
    for (const change of coalesce(result.memberChanges)) {
      memberCount += await applyMemberChange(store, context, id, change, now);
    }
    const changed = memberCount > 0 || !attributesEqual(current.attributes, result.attributes);
    const role = await saveRole(
      deps,
      store,
      context,
      current,
      displayName,
      result.attributes,
      changed,
    );
    return { role, changed };
  });
}

/**
 * Merges runs of adds and runs of removes into one change each, keeping the order between
 * them, so a request with many one-member operations costs a few statements.
 */
export function coalesce(changes: readonly MemberChange[]): MemberChange[] {
  const merged: MemberChange[] = [];
  for (const change of changes) {
    const last = merged.at(-1);
    if (last?.kind === 'add' && change.kind === 'add') {
      merged[merged.length - 1] = { kind: 'add', members: [...last.members, ...change.members] };
    } else if (last?.kind === 'remove' && change.kind === 'remove') {
      merged[merged.length - 1] = { kind: 'remove', ids: [...last.ids, ...change.ids] };
    } else {
      merged.push(change);
    }
  }
  return merged;
}

/** Runs one membership change in SQL; returns how many memberships it added or removed. */
async function applyMemberChange(
  store: Store,
  context: ScimContext,
  roleId: string,
  change: MemberChange,
  now: string,
): Promise<number> {
  switch (change.kind) {
    case 'add': {
      const members = [...new Map(change.members.map((member) => [member.value, member])).values()];
      const ids = members.map((member) => member.value);
      await requireUsers(store, context, ids);
      await store.users.markManaged(ids, context.manager);
      return store.roles.addMembers(roleId, members.map(toNewMember), now);
    }
    case 'remove': {
      const known = await store.users.existingIds(context.organizationId, change.ids);
      await store.users.markManaged([...known], context.manager);
      return store.roles.removeMembers(roleId, change.ids);
    }
    case 'removeAll':
      return store.roles.clearMembers(roleId);
    case 'replace':
      return replaceMembers(store, context, roleId, change.members, now);
  }
}

/**
 * Makes a role's members exactly the given users, keeping the memberships that stay; returns how
 * many memberships were added or removed. Unknown user ids are 404.
 */
async function replaceMembers(
  store: Store,
  context: ScimContext,
  roleId: string,
  members: readonly MemberReference[],
  now: string,
): Promise<number> {
  const wanted = new Map(members.map((member) => [member.value, member]));
  await requireUsers(store, context, [...wanted.keys()]);
  const existing = new Set(await store.roles.memberIds(roleId));
  const stale = [...existing].filter((userId) => !wanted.has(userId));
  const added = [...wanted.values()].filter((member) => !existing.has(member.value));
  const removed = await store.roles.removeMembers(roleId, stale);
  const inserted = await store.roles.addMembers(roleId, added.map(toNewMember), now);
  await store.users.markManaged([...wanted.keys()], context.manager);
  return removed + inserted;
}

export async function deleteRole(
  deps: ServiceDependencies,
  context: ScimContext,
  id: string,
  ifMatch: string | undefined,
): Promise<void> {
  context.touched.add(id);
  await deps.store.transaction(async (store) => {
    await lockRole(store, context, id, ifMatch);
    await store.roles.delete(context.organizationId, id);
  });
}

/** Reads one role, with its members when `withMembers` is set. */
export async function getRole(
  deps: ServiceDependencies,
  context: ScimContext,
  id: string,
  withMembers: boolean,
): Promise<RoleView> {
  context.touched.add(id);
  const role = ROLE_ID_PATTERN.test(id)
    ? await deps.store.roles.find(context.organizationId, id)
    : undefined;
  if (role === undefined) throw resourceNotFound(id);
  const members = withMembers ? await deps.store.roles.members([id]) : undefined;
  return { role, members };
}

/** Reads a role inside a transaction, locking it, and checks If-Match. */
export async function lockRole(
  store: Store,
  context: ScimContext,
  id: string,
  ifMatch: string | undefined,
): Promise<RoleRecord> {
  // An id that cannot be a role id names no role; it never reaches the database.
  if (!ROLE_ID_PATTERN.test(id)) throw resourceNotFound(id);
  const role = await store.roles.findForUpdate(context.organizationId, id);
  if (role === undefined) throw resourceNotFound(id);
  checkIfMatch(ifMatch, id, role.version);
  return role;
}

/** Throws 404 for the first id that names no user of the organization. */
export async function requireUsers(
  store: Store,
  context: ScimContext,
  ids: readonly string[],
): Promise<void> {
  const known = await store.users.existingIds(context.organizationId, ids);
  const unknown = ids.find((userId) => !known.has(userId));
  if (unknown !== undefined) throw resourceNotFound(unknown);
}

/**
 * Writes a role's new name and attributes. A SCIM write always marks the role as managed by the
 * request's provider; version and lastModified move only when the representation changed.
 */
export async function saveRole(
  deps: ServiceDependencies,
  store: Store,
  context: ScimContext,
  current: RoleRecord,
  name: string,
  attributes: Record<string, unknown>,
  changed: boolean,
): Promise<RoleRecord> {
  const next: RoleRecord = {
    ...current,
    name,
    externalId: externalIdOf(attributes),
    attributes,
    managedBy: context.manager,
    version: changed ? current.version + 1 : current.version,
    lastModified: changed ? deps.clock.now().toISOString() : current.lastModified,
  };
  if (changed || next.managedBy !== current.managedBy) {
    await writeUnique(() => store.roles.update(next));
  }
  return next;
}

export function toNewMember(member: MemberReference) {
  return { userId: member.value, displayLabel: member.display ?? null };
}

function checkRoleLengths(attributes: Record<string, unknown>): void {
  if (typeof attributes.displayName === 'string') {
    checkIndexedLength('displayName', attributes.displayName);
  }
  checkIndexedLength('externalId', externalIdOf(attributes));
}

function externalIdOf(attributes: Record<string, unknown>): string | null {
  return typeof attributes.externalId === 'string' ? attributes.externalId : null;
}
