import { resourceNotFound, invalidValue } from './admin-errors.js';
import { optionalIdList, queryText, readBody, readPaging, requiredText } from './admin-input.js';
import { ok, type AdminCall, type AdminRoute } from './admin-route.js';
import { describeMember, describeRole } from './admin-views.js';
import { changeMembers, createRole, deleteRole, renameRole } from './role-admin.js';

const MANAGED_BY = /^(none|any|[a-z][a-z0-9-]{0,39})$/;

/** /roles: list, read, create, rename and delete roles, and change their members. */
export const ROLE_ROUTES: readonly AdminRoute[] = [
  { method: 'GET', path: '/roles', handler: listRoles },
  { method: 'POST', path: '/roles', handler: postRole },
  { method: 'GET', path: '/roles/:id', handler: getRole },
  { method: 'PATCH', path: '/roles/:id', handler: patchRole },
  { method: 'DELETE', path: '/roles/:id', handler: removeRole },
  { method: 'GET', path: '/roles/:id/members', handler: listMembers },
  { method: 'POST', path: '/roles/:id/members', handler: postMembers },
];

async function listRoles(call: AdminCall) {
  const { offset, limit } = readPaging(call.query);
  const managedBy = queryText(call.query, 'managedBy');
  if (managedBy !== undefined && !MANAGED_BY.test(managedBy)) {
    throw invalidValue('managedBy parameter', managedBy, 'a provider such as okta, none or any');
  }
  const page = await call.deps.store.roles.search(call.organizationId, {
    text: queryText(call.query, 'q'),
    managedBy,
    offset,
    limit,
  });
  const counts = await call.deps.store.roles.memberCounts(page.items.map((role) => role.id));
  const roles = page.items.map((role) => describeRole(role, counts.get(role.id) ?? 0));
  return ok({ roles, total: page.total, offset, limit });
}

async function getRole(call: AdminCall) {
  const id = call.params.id!;
  call.touched.add(id);
  const role = await call.deps.store.roles.find(call.organizationId, id);
  if (role === undefined) throw resourceNotFound('Role', id);
  const counts = await call.deps.store.roles.memberCounts([id]);
  return ok({ role: describeRole(role, counts.get(id) ?? 0) });
}

async function listMembers(call: AdminCall) {
  const id = call.params.id!;
  call.touched.add(id);
  const { offset, limit } = readPaging(call.query);
  const role = await call.deps.store.roles.find(call.organizationId, id);
  if (role === undefined) throw resourceNotFound('Role', id);
  const page = await call.deps.store.roles.memberPage(id, offset, limit);
  return ok({ members: page.items.map(describeMember), total: page.total, offset, limit });
}

async function postRole(call: AdminCall) {
  const body = readBody(call.body, ['name'], 'with the role\'s "name"');
  const role = await createRole(
    call.deps,
    call.organizationId,
    requiredText(body, 'name', 'the role name, e.g. Engineering'),
  );
  call.touched.add(role.id);
  return ok({ role: describeRole(role, 0), warnings: [] }, 201);
}

async function patchRole(call: AdminCall) {
  const id = call.params.id!;
  call.touched.add(id);
  const body = readBody(call.body, ['name'], 'with the new "name"');
  const name = requiredText(body, 'name', 'the new role name');
  const change = await renameRole(call.deps, call.organizationId, id, name, call.managedPolicy);
  const counts = await call.deps.store.roles.memberCounts([id]);
  return ok({
    role: describeRole(change.role, counts.get(id) ?? 0),
    changed: change.changed,
    warnings: change.warnings,
  });
}

async function removeRole(call: AdminCall) {
  const id = call.params.id!;
  call.touched.add(id);
  const warnings = await deleteRole(call.deps, call.organizationId, id, call.managedPolicy);
  return ok({ deleted: { kind: 'Role', id }, warnings });
}

async function postMembers(call: AdminCall) {
  const id = call.params.id!;
  call.touched.add(id);
  const body = readBody(
    call.body,
    ['add', 'remove'],
    'with "add" and/or "remove" lists of user ids',
  );
  const add = optionalIdList(body, 'add') ?? [];
  const remove = optionalIdList(body, 'remove') ?? [];
  const change = await changeMembers(
    call.deps,
    call.organizationId,
    id,
    add,
    remove,
    call.managedPolicy,
  );
  for (const userId of [...change.added, ...change.removed]) call.touched.add(userId);
  const counts = await call.deps.store.roles.memberCounts([id]);
  return ok({
    role: describeRole(change.role, counts.get(id) ?? 0),
    added: change.added,
    removed: change.removed,
    changed: change.changed,
    warnings: change.warnings,
  });
}
