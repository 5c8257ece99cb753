import { api, query } from './api.js';
import {
  field,
  h,
  messageArea,
  replace,
  select,
  showMessage,
  stateBadges,
  table,
  timeElement,
} from './dom.js';
import { recentActivity } from './activity-view.js';
import { MANAGED_FILTER, PAGE_SIZE, pager } from './listing.js';
import { managedNotice } from './managed.js';

const PERMISSION_LEVELS = ['user', 'auditor', 'database-admin', 'admin'];
const STATE_FILTER = [
  ['', 'any'],
  ['false', 'active'],
  ['true', 'suspended'],
];

/** Renders the user list with search, filters and pages, and a form to create an unmanaged user. */
export async function renderUsers(view, params) {
  const filter = {
    q: params.get('q') ?? '',
    managedBy: params.get('managedBy') ?? '',
    suspended: params.get('suspended') ?? '',
  };
  const offset = Number(params.get('offset') ?? 0);
  const page = await api('GET', `/users${query({ ...filter, offset, limit: PAGE_SIZE })}`);

  const search = h('input', { id: 'user-search', type: 'search', value: filter.q });
  const managed = select('user-managed', MANAGED_FILTER, filter.managedBy);
  const state = select('user-state', STATE_FILTER, filter.suspended);
  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (event) => {
        event.preventDefault();
        location.hash = `#/users${query({ q: search.value.trim(), managedBy: managed.value, suspended: state.value })}`;
      },
    },
    field('Search userName, email or name', search),
    field('Management', managed),
    field('State', state),
    h('button', { type: 'submit' }, 'Search'),
  );

  const rows = page.users.map((user) => [
    h('a', { href: `#/users/${encodeURIComponent(user.id)}` }, user.userName),
    user.displayName,
    user.email,
    stateBadges(user),
    user.permissionLevel,
  ]);

  replace(
    view,
    h('h1', { tabindex: '-1' }, 'Users'),
    filters,
    table(
      `Users ${rangeText(offset, page.users.length, page.total)}`,
      ['userName', 'Name', 'Email', 'State', 'Permission'],
      rows,
      'No user matches.',
    ),
    pager('#/users', filter, offset, page.total),
    createUserForm(),
  );
}

function rangeText(offset, count, total) {
  if (count === 0) return `(none of ${total})`;
  return `${offset + 1} to ${offset + count} of ${total}`;
}

function createUserForm() {
  const email = h('input', {
    id: 'new-user-email',
    type: 'email',
    required: true,
    autocomplete: 'off',
  });
  const givenName = h('input', { id: 'new-user-given', required: true, autocomplete: 'off' });
  const familyName = h('input', { id: 'new-user-family', required: true, autocomplete: 'off' });
  const level = select(
    'new-user-level',
    PERMISSION_LEVELS.map((item) => [item, item]),
    'user',
  );
  const message = messageArea();
  return h(
    'section',
    { 'aria-labelledby': 'create-user-title' },
    h('h2', { id: 'create-user-title' }, 'Create a user'),
    h(
      'p',
      { class: 'hint' },
      'Users created here are not managed by any provider until a SCIM request names them.',
    ),
    h(
      'form',
      {
        onsubmit: async (event) => {
          event.preventDefault();
          try {
            const body = {
              email: email.value,
              givenName: givenName.value,
              familyName: familyName.value,
              permissionLevel: level.value,
            };
            const created = await api('POST', '/users', body);
            location.hash = `#/users/${encodeURIComponent(created.user.id)}`;
          } catch (error) {
            showMessage(message, error.message, 'error');
          }
        },
      },
      field('Email', email),
      field('First name', givenName),
      field('Last name', familyName),
      field('Permission level', level),
      h('button', { type: 'submit' }, 'Create user'),
      message,
    ),
  );
}

/**
 * Renders one user with its fields, roles, actions and recent activity. Actions that a sync
 * would undo are turned off for a managed user.
 */
export async function renderUser(view, id, _params, flash) {
  const encoded = encodeURIComponent(id);
  const { user } = await api('GET', `/users/${encoded}`);
  const managed = user.managedBy !== null;
  const message = messageArea();
  const rerender = (text) => renderUser(view, id, _params, text);

  replace(
    view,
    h('p', {}, h('a', { href: '#/users' }, '← All users')),
    h('h1', { tabindex: '-1' }, user.displayName, ' ', stateBadges(user)),
    message,
    managed
      ? managedNotice(
          'managed-note',
          'user',
          user.managedBy,
          'Renaming, changing the email or userName, and deleting',
        )
      : null,
    details(user),
    editForm(user, managed, rerender, message),
    permissionForm(user, rerender, message),
    suspensionSection(user, rerender, message),
    deleteSection(user, managed, message),
    rolesSection(user),
    await recentActivity(user.id),
  );
  if (flash) showMessage(message, flash);
}

function details(user) {
  const entries = [
    ['Id', user.id],
    ['userName', user.userName],
    ['Email', user.email],
    ['First name', user.givenName],
    ['Last name', user.familyName],
    ['Permission level', user.permissionLevel],
    ['Managed by', user.managedBy ?? 'nobody'],
    ['State', user.suspended ? 'suspended' : 'active'],
    ['Version', String(user.version)],
    ['Created', timeElement(user.created)],
    ['Last modified', timeElement(user.lastModified)],
  ];
  return h(
    'dl',
    { class: 'details' },
    entries.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

function editForm(user, managed, rerender, message) {
  const inputs = {
    givenName: h('input', { id: 'edit-given', value: user.givenName, required: true }),
    familyName: h('input', { id: 'edit-family', value: user.familyName, required: true }),
    displayName: h('input', { id: 'edit-display', value: user.displayName, required: true }),
    email: h('input', { id: 'edit-email', type: 'email', value: user.email, required: true }),
    userName: h('input', { id: 'edit-username', value: user.userName, required: true }),
  };
  const fieldset = h(
    'fieldset',
    { disabled: managed, 'aria-describedby': managed ? 'managed-note' : undefined },
    h('legend', {}, 'Names and email'),
    field('First name', inputs.givenName),
    field('Last name', inputs.familyName),
    field('Display name', inputs.displayName),
    field('Email', inputs.email, 'A userName equal to the old email follows the new one.'),
    field('userName', inputs.userName),
    h('button', { type: 'submit' }, 'Save names and email'),
  );
  return h(
    'form',
    {
      id: 'edit-user',
      onsubmit: async (event) => {
        event.preventDefault();
        const body = {};
        for (const [name, input] of Object.entries(inputs)) {
          if (input.value.trim() !== user[name]) body[name] = input.value.trim();
        }
        if (Object.keys(body).length === 0) return showMessage(message, 'Nothing changed.');
        try {
          await api('PATCH', `/users/${encodeURIComponent(user.id)}`, body);
          await rerender('Saved.');
        } catch (error) {
          showMessage(message, error.message, 'error');
        }
      },
    },
    fieldset,
  );
}

function permissionForm(user, rerender, message) {
  const level = select(
    'permission-level',
    PERMISSION_LEVELS.map((item) => [item, item]),
    user.permissionLevel,
  );
  return h(
    'form',
    {
      id: 'permission-form',
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          await api('PATCH', `/users/${encodeURIComponent(user.id)}`, {
            permissionLevel: level.value,
          });
          await rerender(`Permission level set to ${level.value}.`);
        } catch (error) {
          showMessage(message, error.message, 'error');
        }
      },
    },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Permission level'),
      field(
        'Level',
        level,
        'SCIM never changes a permission level, so it can be set on managed users too.',
      ),
      h('button', { type: 'submit' }, 'Set permission level'),
    ),
  );
}

function suspensionSection(user, rerender, message) {
  const action = user.suspended ? 'reactivate' : 'suspend';
  const hint = user.suspended
    ? 'Reactivating here leaves the user unmanaged until a SCIM request names it again.'
    : user.managedBy
      ? `Suspending ends the management by ${user.managedBy}: a suspended user is never managed.`
      : 'A suspended user cannot sign in; SCIM shows it as active: false.';
  return h(
    'section',
    { 'aria-labelledby': 'suspension-title' },
    h('h2', { id: 'suspension-title' }, 'Suspension'),
    h('p', { class: 'hint', id: 'suspension-hint' }, hint),
    h(
      'button',
      {
        type: 'button',
        id: 'suspension-button',
        'aria-describedby': 'suspension-hint',
        onclick: async () => {
          try {
            await api('POST', `/users/${encodeURIComponent(user.id)}/${action}`);
            await rerender(user.suspended ? 'Reactivated.' : 'Suspended.');
          } catch (error) {
            showMessage(message, error.message, 'error');
          }
        },
      },
      user.suspended ? 'Reactivate user' : 'Suspend user',
    ),
  );
}

function deleteSection(user, managed, message) {
  return h(
    'section',
    { 'aria-labelledby': 'delete-title' },
    h('h2', { id: 'delete-title' }, 'Delete'),
    h(
      'button',
      {
        type: 'button',
        id: 'delete-user',
        class: 'danger',
        disabled: managed,
        'aria-describedby': managed ? 'managed-note' : undefined,
        onclick: async () => {
          if (!confirm(`Delete ${user.userName} and its role memberships? This cannot be undone.`))
            return;
          try {
            await api('DELETE', `/users/${encodeURIComponent(user.id)}`);
            location.hash = '#/users';
          } catch (error) {
            showMessage(message, error.message, 'error');
          }
        },
      },
      'Delete user',
    ),
  );
}

function rolesSection(user) {
  const items = user.roles.map((role) =>
    h('li', {}, h('a', { href: `#/roles/${encodeURIComponent(role.id)}` }, role.name)),
  );
  return h(
    'section',
    { 'aria-labelledby': 'user-roles-title' },
    h('h2', { id: 'user-roles-title' }, 'Roles'),
    items.length === 0 ? h('p', { class: 'empty' }, 'No roles.') : h('ul', {}, items),
  );
}
