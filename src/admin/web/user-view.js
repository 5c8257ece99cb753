import { api } from './api.js';
import {
  field,
  h,
  messageArea,
  replace,
  select,
  showMessage,
  stateBadges,
  timeElement,
} from './dom.js';
import { recentActivity } from './activity-view.js';
import { managedNotice } from './managed.js';
import { PERMISSION_LEVELS } from './users-view.js';

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
