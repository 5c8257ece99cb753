import {
  optionalText,
  queryBoolean,
  queryText,
  readBody,
  readPaging,
  requiredText,
} from './admin-input.js';
import { resourceNotFound, invalidRequest, invalidValue } from './admin-errors.js';
import { ok, type AdminCall, type AdminRoute } from './admin-route.js';
import { describeUser, describeUserDetail } from './admin-views.js';
import { createUser, deleteUser, editUser, setSuspended, type UserChange } from './user-admin.js';

const CREATE_FIELDS = [
  'email',
  'userName',
  'givenName',
  'familyName',
  'displayName',
  'permissionLevel',
] as const;
const EDIT_FIELDS = CREATE_FIELDS;
const MANAGED_BY = /^(none|any|[a-z][a-z0-9-]{0,39})$/;

/** /users: list, read, create, edit, suspend, reactivate and delete users. */
export const USER_ROUTES: readonly AdminRoute[] = [
  { method: 'GET', path: '/users', handler: listUsers },
  { method: 'POST', path: '/users', handler: postUser },
  { method: 'GET', path: '/users/:id', handler: getUser },
  { method: 'PATCH', path: '/users/:id', handler: patchUser },
  { method: 'DELETE', path: '/users/:id', handler: removeUser },
  { method: 'POST', path: '/users/:id/suspend', handler: (call) => suspension(call, true) },
  { method: 'POST', path: '/users/:id/reactivate', handler: (call) => suspension(call, false) },
];

async function listUsers(call: AdminCall) {
  const { offset, limit } = readPaging(call.query);
  const managedBy = queryText(call.query, 'managedBy');
  if (managedBy !== undefined && !MANAGED_BY.test(managedBy)) {
    throw invalidValue('managedBy parameter', managedBy, 'a provider such as okta, none or any');
  }
  const page = await call.deps.store.users.search(call.organizationId, {
    text: queryText(call.query, 'q'),
    managedBy,
    suspended: queryBoolean(call.query, 'suspended'),
    offset,
    limit,
  });
  return ok({ users: page.items.map(describeUser), total: page.total, offset, limit });
}

async function getUser(call: AdminCall) {
  const id = call.params.id!;
  call.touched.add(id);
  const user = await call.deps.store.users.find(call.organizationId, id);
  if (user === undefined) throw resourceNotFound('User', id);
  const roles = await call.deps.store.roles.rolesOfUsers([id]);
  return ok({ user: describeUserDetail(user, roles) });
}

async function postUser(call: AdminCall) {
  const body = readBody(call.body, CREATE_FIELDS, 'with email, givenName and familyName');
  const user = await createUser(call.deps, call.organizationId, {
    email: requiredText(body, 'email', "the user's email address, e.g. alice@example.com"),
    userName: optionalText(body, 'userName'),
    givenName: requiredText(body, 'givenName', "the user's first name"),
    familyName: requiredText(body, 'familyName', "the user's last name"),
    displayName: optionalText(body, 'displayName'),
    permissionLevel: optionalText(body, 'permissionLevel'),
  });
  call.touched.add(user.id);
  return ok({ user: describeUser(user), warnings: [] }, 201);
}

async function patchUser(call: AdminCall) {
  const id = call.params.id!;
  call.touched.add(id);
  const body = readBody(
    call.body,
    EDIT_FIELDS,
    `with the fields to change: ${EDIT_FIELDS.join(', ')}`,
  );
  if (Object.keys(body).length === 0) {
    throw invalidRequest(`Send at least one field to change: ${EDIT_FIELDS.join(', ')}.`);
  }
  const change = await editUser(
    call.deps,
    call.organizationId,
    id,
    {
      email: optionalText(body, 'email'),
      userName: optionalText(body, 'userName'),
      givenName: optionalText(body, 'givenName'),
      familyName: optionalText(body, 'familyName'),
      displayName: optionalText(body, 'displayName'),
      permissionLevel: optionalText(body, 'permissionLevel'),
    },
    call.managedPolicy,
  );
  return ok(changeBody(change));
}

async function suspension(call: AdminCall, suspended: boolean) {
  const id = call.params.id!;
  call.touched.add(id);
  if (call.body !== undefined) readBody(call.body, [], 'without fields (or send no body)');
  const change = await setSuspended(call.deps, call.organizationId, id, suspended);
  return ok(changeBody(change));
}

async function removeUser(call: AdminCall) {
  const id = call.params.id!;
  call.touched.add(id);
  const warnings = await deleteUser(call.deps, call.organizationId, id, call.managedPolicy);
  return ok({ deleted: { kind: 'User', id }, warnings });
}

function changeBody(change: UserChange) {
  return { user: describeUser(change.user), changed: change.changed, warnings: change.warnings };
}
