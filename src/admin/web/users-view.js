import { api, query } from './api.js';
import { field, h, messageArea, replace, select, showMessage, stateBadges, table } from './dom.js';
import { MANAGED_FILTER, PAGE_SIZE, pager } from './listing.js';

/** Permission levels an administrator can give, in the order the server lists them. */
export const PERMISSION_LEVELS = ['user', 'auditor', 'database-admin', 'admin'];
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
