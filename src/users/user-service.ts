import { mutability, quote, resourceNotFound } from '../errors/catalogue.js';
import { USER_ID_PATTERN } from '../ids.js';
import { applyPatch } from '../patch/apply-patch.js';
import { attributesEqual } from '../patch/attributes-equal.js';
import { parsePatchRequest } from '../patch/parse-patch-request.js';
import { normalizeResource } from '../schema/normalize-resource.js';
import { USER_RESOURCE_TYPE } from '../schema/resource-type.js';
import type { ScimContext } from '../scim/scim-context.js';
import type { ServiceDependencies } from '../scim/service-dependencies.js';
import { writeUnique } from '../scim/write-unique.js';
import { checkIfMatch } from '../scim/versions.js';
import { insertWithNewId } from '../storage/insert-with-new-id.js';
import type { UserRole } from '../storage/role-repository.js';
import type { Store } from '../storage/store.js';
import type { UserRecord } from '../storage/user-repository.js';
import { hashPassword } from './password.js';
import { completeUser } from './user-defaults.js';

/** A user with the roles it belongs to, when the caller asked for them. */
export interface UserView {
  readonly user: UserRecord;
  readonly roles: UserRole[] | undefined;
}

/** Creates a user from a POST body (RFC 7644 §3.3). */
export async function createUser(
  deps: ServiceDependencies,
  context: ScimContext,
  body: unknown,
): Promise<UserRecord> {
  const normalized = normalizeResource(body, USER_RESOURCE_TYPE, context.normalization);
  const { active, ...rest } = normalized.attributes;
  const { attributes, identity } = completeUser(rest, 'create');
  const passwordHash =
    normalized.password === undefined ? null : await hashPassword(normalized.password);
  const suspended = active === false;
  const now = deps.clock.now().toISOString();

  const user = await insertWithNewId(deps.ids.user, async (id) => {
    const user: UserRecord = {
      id,
      organizationId: context.organizationId,
      ...identity,
      suspended,
      permissionLevel: 'user',
      managedBy: suspended ? null : context.manager,
      version: 1,
      created: now,
      lastModified: now,
      attributes,
      passwordHash,
    };
    await writeUnique(() => deps.store.users.insert(user));
    return user;
  });
  context.touched.add(user.id);
  return user;
}

/** Replaces a user's writable attributes from a PUT body (RFC 7644 §3.5.1). */
export async function replaceUser(
  deps: ServiceDependencies,
  context: ScimContext,
  id: string,
  body: unknown,
  ifMatch: string | undefined,
): Promise<UserRecord> {
  context.touched.add(id);
  const normalized = normalizeResource(body, USER_RESOURCE_TYPE, context.normalization);
  if (normalized.id !== undefined && normalized.id !== id) {
    throw mutability(
      `The body's id ${quote(normalized.id)} differs from ${id} in the URL; a user's id cannot change.`,
    );
  }
  const { active, ...rest } = normalized.attributes;
  const { attributes, identity } = completeUser(rest, 'replace');
  const passwordHash =
    normalized.password === undefined ? undefined : await hashPassword(normalized.password);

  return deps.store.transaction(async (store) => {
    const current = await lockUser(store, context, id, ifMatch);
    // RFC 7644 §3.5.1 lets a server keep attributes a PUT omits; active stays as it was.
    const suspended = typeof active === 'boolean' ? !active : current.suspended;
    const changed =
      !attributesEqual(current.attributes, attributes) ||
      suspended !== current.suspended ||
      passwordHash !== undefined;
    return saveUser(deps, store, context, current, {
      ...identity,
      attributes,
      suspended,
      passwordHash: passwordHash ?? current.passwordHash,
      changed,
    });
  });
}

/** A written user and whether the request changed its representation. */
export interface UserWriteResult {
  readonly user: UserRecord;
  readonly changed: boolean;
}

/**
 * Modifies a user with a PATCH request (RFC 7644 §3.5.2), atomically: all operations apply or
 * none. `changed` is false when the request left the representation as it was.
 */
export async function patchUser(
  deps: ServiceDependencies,
  context: ScimContext,
  id: string,
  body: unknown,
  ifMatch: string | undefined,
): Promise<UserWriteResult> {
  context.touched.add(id);
  const operations = parsePatchRequest(body, USER_RESOURCE_TYPE, context.normalization);

  return deps.store.transaction(async (store) => {
    const current = await lockUser(store, context, id, ifMatch);
    const target = { id, attributes: { ...current.attributes, active: !current.suspended } };
    const result = applyPatch(USER_RESOURCE_TYPE, target, operations, context.normalization);
    const { active, ...rest } = result.attributes;
    const { attributes, identity } = completeUser(rest, 'patch');
    // NOTE: hashing runs inside the transaction, because the new password is known only after
    // the operations apply. On SQLite the connection stays busy while the hash is computed.
    const passwordHash =
      result.password === undefined ? undefined : await hashPassword(result.password);
    const suspended = typeof active === 'boolean' ? !active : current.suspended;
    const changed =
      !attributesEqual(current.attributes, attributes) ||
      suspended !== current.suspended ||
      passwordHash !== undefined;
    const user = await saveUser(deps, store, context, current, {
      ...identity,
      attributes,
      suspended,
      passwordHash: passwordHash ?? current.passwordHash,
      changed,
    });
    return { user, changed };
  });
}

/** Deletes a user with its role memberships (RFC 7644 §3.6). */
export async function deleteUser(
  deps: ServiceDependencies,
  context: ScimContext,
  id: string,
  ifMatch: string | undefined,
): Promise<void> {
  context.touched.add(id);
  await deps.store.transaction(async (store) => {
    await lockUser(store, context, id, ifMatch, 'update');
    await store.roles.touchRolesOfUser(id, deps.clock.now().toISOString());
    await store.users.delete(context.organizationId, id);
  });
}

/** Reads one user, with its roles when `withRoles` is set. */
export async function getUser(
  deps: ServiceDependencies,
  context: ScimContext,
  id: string,
  withRoles: boolean,
): Promise<UserView> {
  context.touched.add(id);
  const user = USER_ID_PATTERN.test(id)
    ? await deps.store.users.find(context.organizationId, id)
    : undefined;
  if (user === undefined) throw resourceNotFound(id);
  const roles = withRoles ? await deps.store.roles.rolesOfUsers([id]) : undefined;
  return { user, roles };
}

/** Reads a user inside a transaction, locking it, and checks If-Match. */
export async function lockUser(
  store: Store,
  context: ScimContext,
  id: string,
  ifMatch: string | undefined,
  strength: 'update' | 'noKeyUpdate' = 'noKeyUpdate',
): Promise<UserRecord> {
  // An id that cannot be a user id names no user; it never reaches the database.
  if (!USER_ID_PATTERN.test(id)) throw resourceNotFound(id);
  const user = await store.users.findForUpdate(context.organizationId, id, strength);
  if (user === undefined) throw resourceNotFound(id);
  checkIfMatch(ifMatch, id, user.version);
  return user;
}

export interface UserChanges extends Pick<
  UserRecord,
  'userName' | 'email' | 'givenName' | 'familyName' | 'displayName' | 'externalId'
> {
  readonly attributes: Record<string, unknown>;
  readonly suspended: boolean;
  readonly passwordHash: string | null;
  readonly changed: boolean;
}

/**
 * Writes a user's new state. A SCIM write marks the user as managed by the request's provider,
 * but a suspended user is never managed. Version and lastModified move only when the
 * representation changed.
 */
export async function saveUser(
  deps: ServiceDependencies,
  store: Store,
  context: ScimContext,
  current: UserRecord,
  changes: UserChanges,
): Promise<UserRecord> {
  const { changed, ...state } = changes;
  const next: UserRecord = {
    ...current,
    ...state,
    managedBy: state.suspended ? null : context.manager,
    version: changed ? current.version + 1 : current.version,
    lastModified: changed ? deps.clock.now().toISOString() : current.lastModified,
  };
  if (changed || next.managedBy !== current.managedBy) {
    await writeUnique(() => store.users.update(next));
  }
  // A role shows each member's display name, so renaming a member changes its roles too.
  if (next.displayName !== current.displayName) {
    await store.roles.touchRolesOfUser(current.id, next.lastModified);
  }
  return next;
}
