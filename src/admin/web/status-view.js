import { api, query } from './api.js';
import { field, h, replace, select, table, timeElement } from './dom.js';

const WINDOWS = [
  ['1h', 'last hour'],
  ['24h', 'last 24 hours'],
  ['7d', 'last 7 days'],
];

/** Provisioning status per provider: live tokens, latest request, error rate, latest error. */
export async function renderStatus(view, params) {
  const window = params.get('window') ?? '24h';
  const [{ organizations }, status] = await Promise.all([
    api('GET', '/organizations'),
    api('GET', `/status${query({ window })}`),
  ]);
  const organization = organizations[0];
  const windowSelect = select('status-window', WINDOWS, window);
  windowSelect.addEventListener('change', () => {
    location.hash = `#/status${query({ window: windowSelect.value })}`;
  });

  const rows = status.providers.map((provider) => [
    h('a', { href: `#/activity${query({ provider: provider.provider })}` }, provider.provider),
    String(provider.activeTokens),
    timeElement(provider.lastRequest),
    String(provider.requests),
    errorRate(provider),
    lastError(provider.lastError),
  ]);

  replace(
    view,
    h('h1', { tabindex: '-1' }, 'Provisioning status'),
    h('p', {}, `Organization ${organization.name} (${organization.id}).`),
    h(
      'form',
      { class: 'inline', onsubmit: (event) => event.preventDefault() },
      field('Count requests over the', windowSelect),
    ),
    table(
      `SCIM requests per provider since ${status.window.since.slice(0, 16).replace('T', ' ')} UTC`,
      ['Provider', 'Active tokens', 'Last request', 'Requests', 'Error rate', 'Last error'],
      rows,
    ),
  );
}

function errorRate(provider) {
  if (provider.errorRate === null) return '—';
  const percent = `${(provider.errorRate * 100).toFixed(1)}%`;
  const detail = `${provider.clientErrors} 4xx, ${provider.serverErrors} 5xx`;
  const warn = provider.errorRate > 0.05;
  return h('span', { class: warn ? 'rate high' : 'rate' }, `${percent} (${detail})`);
}

function lastError(error) {
  if (error === null) return '—';
  return h(
    'span',
    {},
    h('strong', {}, String(error.status)),
    ` ${error.method} ${error.path} `,
    timeElement(error.time),
    error.detail ? h('span', { class: 'detail' }, ` ${error.detail}`) : null,
  );
}
