import { api, ApiError, forgetToken, storedToken, storeToken } from './api.js';
import { h, replace } from './dom.js';
import { renderActivity } from './activity-view.js';
import { renderRole, renderRoles } from './roles-view.js';
import { renderStatus } from './status-view.js';
import { renderUser } from './user-view.js';
import { renderUsers } from './users-view.js';

/** Routes of the page: a hash path pattern and the view that renders it. */
const ROUTES = [
  [/^\/status$/, () => renderStatus],
  [/^\/users$/, () => renderUsers],
  [/^\/users\/([^/]+)$/, (id) => (view, params) => renderUser(view, id, params)],
  [/^\/roles$/, () => renderRoles],
  [/^\/roles\/([^/]+)$/, (id) => (view, params) => renderRole(view, id, params)],
  [/^\/activity$/, () => renderActivity],
];

const view = document.getElementById('view');
const signIn = document.getElementById('sign-in');
const nav = document.getElementById('nav');
const signOut = document.getElementById('sign-out');

/** Reads the hash as a path and query parameters, e.g. `#/activity?status=4xx`. */
function currentRoute() {
  const hash = location.hash.replace(/^#/, '') || '/status';
  const [path, search = ''] = hash.split('?');
  return { path, params: new URLSearchParams(search) };
}

function showSignIn(message) {
  nav.hidden = true;
  signOut.hidden = true;
  signIn.hidden = false;
  replace(view);
  document.getElementById('token-error').textContent = message ?? '';
  document.getElementById('token').focus();
}

function markCurrentLink(path) {
  for (const link of nav.querySelectorAll('a')) {
    const current = path.startsWith(link.getAttribute('href').slice(1));
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/** Finds the view of a path; route parameters such as a user id are decoded and bound. */
function findView(path) {
  for (const [pattern, make] of ROUTES) {
    const found = pattern.exec(path);
    if (found) return make(...found.slice(1).map(decodeURIComponent));
  }
  return undefined;
}

/** Renders the view the hash names, or the sign-in form without a token, then focuses its heading. */
async function render() {
  if (!storedToken()) return showSignIn();
  signIn.hidden = true;
  nav.hidden = false;
  signOut.hidden = false;

  const { path, params } = currentRoute();
  markCurrentLink(path);
  const renderView = findView(path);
  if (!renderView) {
    const heading = h('h1', { tabindex: '-1' }, 'Page not found');
    replace(view, heading, h('p', {}, `Nothing lives at #${path}.`));
    heading.focus();
    return;
  }

  replace(view, h('p', { class: 'loading' }, 'Loading…'));
  try {
    await renderView(view, params);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    const alert = h('p', { class: 'error', role: 'alert' }, error.message);
    replace(view, h('h1', { tabindex: '-1' }, 'Could not load this page'), alert);
  }
  view.querySelector('h1')?.focus();
}

document.getElementById('token-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('token');
  storeToken(input.value.trim());
  try {
    await api('GET', '/organizations');
  } catch (error) {
    forgetToken();
    showSignIn(error.message);
    return;
  }
  input.value = '';
  if (!location.hash) location.hash = '#/status';
  await render();
});

signOut.addEventListener('click', () => {
  forgetToken();
  showSignIn('The token was removed from this tab.');
});

window.addEventListener('rolecall:unauthorized', (event) => {
  forgetToken();
  showSignIn(event.detail.message);
});

window.addEventListener('hashchange', () => void render());
void render();
