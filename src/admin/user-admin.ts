import { isScimError } from '../errors/scim-error.js';
import { attributesEqual } from '../patch/attributes-equal.js';
import { insertWithNewId } from '../storage/insert-with-new-id.js';
import type { Store } from '../storage/store.js';
import type { UserRecord } from '../storage/user-repository.js';
import { completeUser } from '../users/user-defaults.js';
import {
  emailTaken,
  invalidRequest,
  invalidValue,
  resourceNotFound,
  userNameTaken,
} from './admin-errors.js';
import type { AdminDependencies, ManagedPolicy } from './admin-route.js';
import { checkManaged, type AdminWarning } from './managed-warning.js';
import { writeUnique } from './write-unique.js';
import {
  DEFAULT_PERMISSION_LEVEL,
  isPermissionLevel,
  PERMISSION_LEVELS,
} from './permission-levels.js';

/** Fields an administrator sets on a new user. */
export interface NewUser {
  readonly email: string;
  /** Defaults to the email. */
  readonly userName?: string | undefined;
  readonly givenName: string;
  readonly familyName: string;
  /** Defaults to "<givenName> <familyName>". */
  readonly displayName?: string | undefined;
  readonly permissionLevel?: string | undefined;
}

/** Fields an administrator changes on a user; absent fields stay as they are. */
export interface UserEdit {
  readonly email?: string | undefined;
  readonly userName?: string | undefined;
  readonly givenName?: string | undefined;
  readonly familyName?: string | undefined;
  readonly displayName?: string | undefined;
  readonly permissionLevel?: string | undefined;
}

export interface UserChange {
  readonly user: UserRecord;
  readonly changed: boolean;
  readonly warnings: AdminWarning[];
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Creates an unmanaged user. The SCIM document gets the same derived fields a SCIM create gets. */
export async function createUser(
  deps: AdminDependencies,
  organizationId: string,
  input: NewUser,
): Promise<UserRecord> {
  checkEmail(input.email);
  const permissionLevel = checkPermissionLevel(input.permissionLevel ?? DEFAULT_PERMISSION_LEVEL);
  const attributes: Record<string, unknown> = {
    userName: input.userName ?? input.email,
    name: { givenName: input.givenName, familyName: input.familyName },
    emails: [{ value: input.email, primary: true }],
  };
  if (input.displayName !== undefined) attributes.displayName = input.displayName;
  const completed = complete(attributes);
  const now = deps.clock.now().toISOString();
  return insertWithNewId(deps.ids.user, async (id) => {
    const user: UserRecord = {
      id,
      organizationId,
      ...completed.identity,
      suspended: false,
      permissionLevel,
      managedBy: null,
      version: 1,
      created: now,
      lastModified: now,
      attributes: completed.attributes,
      passwordHash: null,
    };
    await deps.store.transaction(async (store) => {
      await checkUnique(store, user, undefined);
      await writeUnique(() => store.users.insert(user));
    });
    return user;
  });
}

/**
 * Changes names, email, userName, displayName or permission level. Changes to the SCIM
 * representation move version and lastModified as a SCIM write does; a permission level is not
 * part of it. On a managed user, a rename or email change is subject to the managed policy.
 */
export async function editUser(
  deps: AdminDependencies,
  organizationId: string,
  id: string,
  edit: UserEdit,
  policy: ManagedPolicy,
): Promise<UserChange> {
  if (edit.email !== undefined) checkEmail(edit.email);
  const permissionLevel =
    edit.permissionLevel === undefined ? undefined : checkPermissionLevel(edit.permissionLevel);

  return deps.store.transaction(async (store) => {
    const current = await lockUser(store, organizationId, id);
    const completed = complete(editedAttributes(current, edit));
    const representationChanged = !attributesEqual(current.attributes, completed.attributes);
    const warnings = representationChanged
      ? checkManaged(userResource(current), describeEdit(current, completed.identity), policy)
      : [];
    const next: UserRecord = {
      ...current,
      ...completed.identity,
      attributes: completed.attributes,
      permissionLevel: permissionLevel ?? current.permissionLevel,
      version: representationChanged ? current.version + 1 : current.version,
      lastModified: representationChanged ? deps.clock.now().toISOString() : current.lastModified,
    };
    const changed = representationChanged || next.permissionLevel !== current.permissionLevel;
    if (changed) {
      await checkUnique(store, next, current);
      await writeUnique(() => store.users.update(next));
    }
    return { user: next, changed, warnings };
  });
}

/**
 * Suspends or reactivates a user. Suspension clears the managed marking (a suspended user is
 * never managed); reactivation here leaves the user unmanaged until a SCIM write names it again.
 */
export async function setSuspended(
  deps: AdminDependencies,
  organizationId: string,
  id: string,
  suspended: boolean,
): Promise<UserChange> {
  return deps.store.transaction(async (store) => {
    const current = await lockUser(store, organizationId, id);
    if (current.suspended === suspended) return { user: current, changed: false, warnings: [] };
    const next: UserRecord = {
      ...current,
      suspended,
      managedBy: suspended ? null : current.managedBy,
      version: current.version + 1,
      lastModified: deps.clock.now().toISOString(),
    };
    await store.users.update(next);
    return { user: next, changed: true, warnings: [] };
  });
}

/** Deletes a user with its role memberships; the roles' versions move as on a SCIM delete. */
export async function deleteUser(
  deps: AdminDependencies,
  organizationId: string,
  id: string,
  policy: ManagedPolicy,
): Promise<AdminWarning[]> {
  return deps.store.transaction(async (store) => {
    const current = await lockUser(store, organizationId, id);
    const warnings = checkManaged(userResource(current), 'deletion', policy);
    await store.roles.touchRolesOfUser(id, deps.clock.now().toISOString());
    await store.users.delete(organizationId, id);
    return warnings;
  });
}

export async function lockUser(
  store: Store,
  organizationId: string,
  id: string,
): Promise<UserRecord> {
  const user = await store.users.findForUpdate(organizationId, id);
  if (user === undefined) throw resourceNotFound('User', id);
  return user;
}

function userResource(user: UserRecord) {
  return { kind: 'User' as const, id: user.id, managedBy: user.managedBy };
}

function describeEdit(current: UserRecord, next: { userName: string; email: string }): string {
  const emailChanged =
    current.email.toLowerCase() !== next.email.toLowerCase() || current.userName !== next.userName;
  return emailChanged ? 'email change' : 'rename';
}

/**
 * Applies an edit to a copy of the stored SCIM document. When the names change, name.formatted
 * and displayName follow if they still hold the old default "<givenName> <familyName>". A new
 * email becomes the primary email, and the userName follows it when the two were equal.
 */
function editedAttributes(current: UserRecord, edit: UserEdit): Record<string, unknown> {
  const attributes: Record<string, unknown> = structuredClone(current.attributes);
  const name = { ...((attributes.name ?? {}) as Record<string, unknown>) };
  const oldDefault = `${current.givenName} ${current.familyName}`;
  if (edit.givenName !== undefined) name.givenName = edit.givenName;
  if (edit.familyName !== undefined) name.familyName = edit.familyName;
  const newDefault = `${String(name.givenName)} ${String(name.familyName)}`;
  if (newDefault !== oldDefault) {
    if (name.formatted === undefined || name.formatted === oldDefault) name.formatted = newDefault;
    if (attributes.displayName === oldDefault) attributes.displayName = newDefault;
  }
  attributes.name = name;
  if (edit.displayName !== undefined) attributes.displayName = edit.displayName;

  if (edit.email !== undefined) {
    attributes.emails = withPrimaryEmail(attributes.emails, edit.email);
    const userNameWasEmail = current.userName.toLowerCase() === current.email.toLowerCase();
    if (edit.userName === undefined && userNameWasEmail) attributes.userName = edit.email;
  }
  if (edit.userName !== undefined) attributes.userName = edit.userName;
  return attributes;
}

/** Makes `email` the primary email, keeping the other entries (RFC 7643 §2.4: one primary). */
function withPrimaryEmail(emails: unknown, email: string): Record<string, unknown>[] {
  const entries = Array.isArray(emails) ? (emails as Record<string, unknown>[]) : [];
  const primaryIndex = entries.findIndex((entry) => entry.primary === true);
  if (primaryIndex !== -1) {
    return entries.map((entry, index) =>
      index === primaryIndex ? { ...entry, value: email } : entry,
    );
  }
  const sameIndex = entries.findIndex(
    (entry) => typeof entry.value === 'string' && entry.value.toLowerCase() === email.toLowerCase(),
  );
  if (sameIndex !== -1) {
    return entries.map((entry, index) =>
      index === sameIndex ? { ...entry, primary: true } : entry,
    );
  }
  return [{ value: email, primary: true }, ...entries];
}

/** Runs the SCIM defaults and checks; their SCIM errors become admin errors. */
function complete(attributes: Record<string, unknown>) {
  try {
    return completeUser(attributes, 'replace');
  } catch (error) {
    if (isScimError(error)) throw invalidRequest(error.detail);
    throw error;
  }
}

async function checkUnique(
  store: Store,
  next: UserRecord,
  current: UserRecord | undefined,
): Promise<void> {
  const organizationId = next.organizationId;
  if (current === undefined || current.userName.toLowerCase() !== next.userName.toLowerCase()) {
    const owner = await store.users.findByUserName(organizationId, next.userName);
    if (owner !== undefined && owner.id !== next.id) throw userNameTaken(next.userName, owner.id);
  }
  if (current === undefined || current.email.toLowerCase() !== next.email.toLowerCase()) {
    const owners = await store.users.findByEmail(organizationId, next.email);
    const owner = owners.find((user) => user.id !== next.id);
    if (owner !== undefined) throw emailTaken(next.email, owner.id);
  }
}

function checkEmail(email: string): void {
  if (!EMAIL.test(email)) {
    throw invalidValue('email', email, 'an address such as alice@example.com');
  }
}

function checkPermissionLevel(level: string): string {
  if (isPermissionLevel(level)) return level;
  throw invalidValue('permissionLevel', level, `one of ${PERMISSION_LEVELS.join(', ')}`);
}
