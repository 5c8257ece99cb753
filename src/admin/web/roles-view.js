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
import { managedNotice } from './managed.js';
import { MANAGED_FILTER, PAGE_SIZE, pager } from './listing.js';

/** Renders the role list with search, filter and pages, and a form to create an unmanaged role. */
export async function renderRoles(view, params) {
  const filter = { q: params.get('q') ?? '', managedBy: params.get('managedBy') ?? '' };
  const offset = Number(params.get('offset') ?? 0);
  const page = await api('GET', `/roles${query({ ...filter, offset, limit: PAGE_SIZE })}`);
  const search = h('input', { id: 'role-search', type: 'search', value: filter.q });
  const managed = select('role-managed', MANAGED_FILTER, filter.managedBy);

  const rows = page.roles.map((role) => [
    h('a', { href: `#/roles/${encodeURIComponent(role.id)}` }, role.name),
    String(role.memberCount),
    stateBadges(role),
  ]);
  replace(
    view,
    h('h1', { tabindex: '-1' }, 'Roles'),
    h(
      'form',
      {
        class: 'filters',
        role: 'search',
        onsubmit: (event) => {
          event.preventDefault();
          location.hash = `#/roles${query({ q: search.value.trim(), managedBy: managed.value })}`;
        },
      },
      field('Search names', search),
      field('Management', managed),
      h('button', { type: 'submit' }, 'Search'),
    ),
    table(`Roles (${page.total})`, ['Name', 'Members', 'Management'], rows, 'No role matches.'),
    pager('#/roles', filter, offset, page.total),
    createRoleForm(),
  );
}

function createRoleForm() {
  const name = h('input', { id: 'new-role-name', required: true, autocomplete: 'off' });
  const message = messageArea();
  return h(
    'section',
    { 'aria-labelledby': 'create-role-title' },
    h('h2', { id: 'create-role-title' }, 'Create a role'),
    h(
      'form',
      {
        onsubmit: async (event) => {
          event.preventDefault();
          try {
            const created = await api('POST', '/roles', { name: name.value.trim() });
            location.hash = `#/roles/${encodeURIComponent(created.role.id)}`;
          } catch (error) {
            showMessage(message, error.message, 'error');
          }
        },
      },
      field('Name', name, 'Role names are unique in the organization, ignoring case.'),
      h('button', { type: 'submit' }, 'Create role'),
      message,
    ),
  );
}

/**
 * Renders one role with its members and recent activity. Renaming, deleting and membership
 * changes are turned off for a managed role.
 */
export async function renderRole(view, id, params, flash) {
  const encoded = encodeURIComponent(id);
  const offset = Number(params.get('offset') ?? 0);
  const [{ role }, members] = await Promise.all([
    api('GET', `/roles/${encoded}`),
    api('GET', `/roles/${encoded}/members${query({ offset, limit: PAGE_SIZE })}`),
  ]);
  const managed = role.managedBy !== null;
  const message = messageArea();
  const rerender = (text) => renderRole(view, id, params, text);
  const changes = 'Renaming, deleting and changing members';

  replace(
    view,
    h('p', {}, h('a', { href: '#/roles' }, '← All roles')),
    h('h1', { tabindex: '-1' }, role.name, ' ', stateBadges(role)),
    message,
    managed ? managedNotice('managed-note', 'role', role.managedBy, changes) : null,
    h(
      'dl',
      { class: 'details' },
      [
        ['Id', role.id],
        ['Members', String(role.memberCount)],
        ['Managed by', role.managedBy ?? 'nobody'],
        ['Version', String(role.version)],
        ['Last modified', timeElement(role.lastModified)],
      ].map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
    renameForm(role, managed, rerender, message),
    membersSection(role, members, managed, offset, rerender, message),
    deleteSection(role, managed, message),
    await recentActivity(role.id),
  );
  if (flash) showMessage(message, flash);
}

function renameForm(role, managed, rerender, message) {
  const name = h('input', { id: 'rename-role', value: role.name, required: true });
  return h(
    'form',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          await api('PATCH', `/roles/${encodeURIComponent(role.id)}`, { name: name.value.trim() });
          await rerender('Renamed.');
        } catch (error) {
          showMessage(message, error.message, 'error');
        }
      },
    },
    h(
      'fieldset',
      { disabled: managed, 'aria-describedby': managed ? 'managed-note' : undefined },
      h('legend', {}, 'Name'),
      field('Name', name),
      h('button', { type: 'submit' }, 'Rename role'),
    ),
  );
}

function membersSection(role, members, managed, offset, rerender, message) {
  const changeMembers = async (body, done) => {
    try {
      await api('POST', `/roles/${encodeURIComponent(role.id)}/members`, body);
      await rerender(done);
    } catch (error) {
      showMessage(message, error.message, 'error');
    }
  };
  const rows = members.members.map((member) => [
    h('a', { href: `#/users/${encodeURIComponent(member.id)}` }, member.userName),
    member.displayName,
    stateBadges(member),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        disabled: managed,
        'aria-describedby': managed ? 'managed-note' : undefined,
        'aria-label': `Remove ${member.userName} from ${role.name}`,
        onclick: () => changeMembers({ remove: [member.id] }, `Removed ${member.userName}.`),
      },
      'Remove',
    ),
  ]);
  const userId = h('input', {
    id: 'add-member',
    required: true,
    pattern: 'a-[0-9a-f]{16}',
    autocomplete: 'off',
  });
  return h(
    'section',
    { 'aria-labelledby': 'members-title' },
    h('h2', { id: 'members-title' }, 'Members'),
    table(`Members of ${role.name}`, ['userName', 'Name', 'State', 'Action'], rows, 'No members.'),
    pager(`#/roles/${encodeURIComponent(role.id)}`, {}, offset, members.total),
    h(
      'form',
      {
        onsubmit: (event) => {
          event.preventDefault();
          void changeMembers({ add: [userId.value.trim()] }, 'Member added.');
        },
      },
      h(
        'fieldset',
        { disabled: managed, 'aria-describedby': managed ? 'managed-note' : undefined },
        h('legend', {}, 'Add a member'),
        field('User id', userId, 'The id from the user list, e.g. a-53fa578c61716688.'),
        h('button', { type: 'submit' }, 'Add member'),
      ),
    ),
  );
}

function deleteSection(role, managed, message) {
  return h(
    'section',
    { 'aria-labelledby': 'delete-role-title' },
    h('h2', { id: 'delete-role-title' }, 'Delete'),
    h(
      'button',
      {
        type: 'button',
        id: 'delete-role',
        class: 'danger',
        disabled: managed,
        'aria-describedby': managed ? 'managed-note' : undefined,
        onclick: async () => {
          if (!confirm(`Delete the role ${role.name} and its memberships? This cannot be undone.`))
            return;
          try {
            await api('DELETE', `/roles/${encodeURIComponent(role.id)}`);
            location.hash = '#/roles';
          } catch (error) {
            showMessage(message, error.message, 'error');
          }
        },
      },
      'Delete role',
    ),
  );
}
