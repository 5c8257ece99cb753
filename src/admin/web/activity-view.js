import { api, query } from './api.js';
import { field, h, messageArea, replace, select, showMessage, table, timeElement } from './dom.js';

const FILTERS = ['resourceId', 'status', 'provider', 'source', 'method', 'since', 'until'];
const SOURCES = [
  ['', 'any'],
  ['scim', 'SCIM clients'],
  ['admin', 'admin API'],
  ['cli', 'CLI on the server'],
];
const PROVIDERS = [
  ['', 'any'],
  ['generic', 'generic'],
  ['okta', 'okta'],
  ['azure', 'azure'],
];
const COLUMNS = [
  'Time',
  'Source',
  'Provider',
  'Request',
  'Status',
  'Duration',
  'Resources',
  'Entry',
];

/**
 * Renders the activity log, newest entries first, with its filters (kept in the URL), a button
 * for older entries and the export.
 */
export async function renderActivity(view, params) {
  const filter = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? '']));
  const first = await api('GET', `/activity${query({ ...filter, limit: 50 })}`);
  const detail = h('section', {
    id: 'entry-detail',
    'aria-labelledby': 'entry-detail-title',
    tabindex: '-1',
    hidden: true,
  });
  const message = messageArea();
  const body = h('tbody', {});
  let cursor = first.nextCursor;
  const more = h(
    'button',
    { type: 'button', class: 'secondary', hidden: cursor === null },
    'Load older entries',
  );
  more.addEventListener('click', async () => {
    const next = await api('GET', `/activity${query({ ...filter, limit: 50, cursor })}`);
    body.append(...next.entries.map((entry) => entryRow(entry, detail)));
    cursor = next.nextCursor;
    more.hidden = cursor === null;
  });
  body.append(...first.entries.map((entry) => entryRow(entry, detail)));

  replace(
    view,
    h('h1', { tabindex: '-1' }, 'Activity'),
    filterForm(filter),
    message,
    first.entries.length === 0
      ? h('p', { class: 'empty' }, 'No entry matches these filters.')
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { id: 'activity-table' },
            h('caption', {}, 'Requests, newest first'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                COLUMNS.map((column) => h('th', { scope: 'col' }, column)),
              ),
            ),
            body,
          ),
        ),
    more,
    exportButton(filter, message),
    detail,
  );
}

function filterForm(filter) {
  const inputs = {
    resourceId: h('input', {
      id: 'filter-resource',
      value: filter.resourceId,
      autocomplete: 'off',
    }),
    status: h('input', { id: 'filter-status', value: filter.status, autocomplete: 'off' }),
    provider: select('filter-provider', PROVIDERS, filter.provider),
    source: select('filter-source', SOURCES, filter.source),
    method: h('input', { id: 'filter-method', value: filter.method, autocomplete: 'off' }),
    since: h('input', { id: 'filter-since', value: filter.since, autocomplete: 'off' }),
    until: h('input', { id: 'filter-until', value: filter.until, autocomplete: 'off' }),
  };
  return h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': 'Activity filters',
      onsubmit: (event) => {
        event.preventDefault();
        const values = Object.fromEntries(
          Object.entries(inputs).map(([name, input]) => [name, input.value.trim()]),
        );
        location.hash = `#/activity${query(values)}`;
      },
    },
    field('Resource id', inputs.resourceId, 'A user, role or token id.'),
    field('Status', inputs.status, 'Codes or classes, e.g. 404 or 4xx,5xx.'),
    field('Provider', inputs.provider),
    field('Source', inputs.source),
    field('Method', inputs.method, 'e.g. POST,PATCH'),
    field('Since', inputs.since, 'ISO time, or a duration such as 15m, 24h, 7d.'),
    field('Until', inputs.until, 'ISO time (exclusive), or a duration.'),
    h('button', { type: 'submit' }, 'Apply filters'),
    h('a', { href: '#/activity', class: 'reset' }, 'Clear filters'),
  );
}

function entryRow(entry, detail) {
  const status = h(
    'span',
    { class: entry.status >= 400 ? 'status failed' : 'status' },
    String(entry.status),
  );
  return h(
    'tr',
    {},
    h('td', {}, timeElement(entry.time)),
    h('td', {}, entry.source),
    h('td', {}, entry.provider ?? '—'),
    h('td', { class: 'request' }, `${entry.method} ${entry.path}`),
    h(
      'td',
      {},
      status,
      entry.error ? h('span', { class: 'detail' }, ` ${entry.error.code}`) : null,
    ),
    h('td', {}, `${entry.durationMs.toFixed(1)} ms`),
    h('td', {}, resourceLinks(entry.resourceIds)),
    h(
      'td',
      {},
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-label': `Details of ${entry.method} ${entry.path} at ${entry.time}`,
          onclick: () => showEntry(entry.id, detail),
        },
        'Details',
      ),
    ),
  );
}

function resourceLinks(ids) {
  if (ids.length === 0) return '—';
  return ids.map((id) => {
    const kind = id.startsWith('a-') ? 'users' : id.startsWith('r-') ? 'roles' : undefined;
    const link = kind
      ? h('a', { href: `#/${kind}/${encodeURIComponent(id)}` }, id)
      : h('code', {}, id);
    return h('span', { class: 'resource' }, link, ' ');
  });
}

/** Loads one entry with its redacted body into the detail section and moves focus there. */
async function showEntry(id, detail) {
  const { entry } = await api('GET', `/activity/${encodeURIComponent(id)}`);
  const rows = [
    ['Entry id', entry.id],
    ['Time', timeElement(entry.time)],
    ['Source', entry.source],
    ['Token provider', entry.provider ?? '—'],
    ['URL prefix', entry.flavour ?? '—'],
    ['Actor', entry.actor ?? '—'],
    ['Request', `${entry.method} ${entry.path}`],
    ['Status', String(entry.status)],
    ['Duration', `${entry.durationMs} ms`],
    ['Resources', resourceLinks(entry.resourceIds)],
    ['Rules fired', entry.rules.join(', ') || '—'],
    ['Ignored attributes', entry.ignoredAttributes.join(', ') || '—'],
    ['Error', entry.error ? `${entry.error.code}: ${entry.error.detail}` : '—'],
  ];
  const bodyText = entry.bodyTruncated
    ? 'The body was too large to keep.'
    : entry.requestBody === null
      ? 'No body.'
      : JSON.stringify(entry.requestBody, null, 2);
  replace(
    detail,
    h('h2', { id: 'entry-detail-title' }, 'Entry details'),
    h(
      'dl',
      { class: 'details' },
      rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
    h('h3', {}, 'Request body (secrets redacted)'),
    h('pre', { class: 'body', tabindex: '0' }, bodyText),
  );
  detail.hidden = false;
  detail.focus();
}

function exportButton(filter, message) {
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        try {
          const session = await api('GET', `/activity/export${query(filter)}`);
          const blob = new Blob([`${JSON.stringify(session, null, 2)}\n`], {
            type: 'application/json',
          });
          const link = h('a', {
            href: URL.createObjectURL(blob),
            download: 'rolecall-replay-session.json',
          });
          link.click();
          URL.revokeObjectURL(link.href);
          showMessage(
            message,
            `Exported ${session.steps.length} SCIM requests as a replay session.`,
          );
        } catch (error) {
          showMessage(message, error.message, 'error');
        }
      },
    },
    'Export SCIM requests as a replay session',
  );
}

/** Builds the section of a detail page that lists the ten newest entries touching a resource. */
export async function recentActivity(resourceId) {
  const { entries } = await api('GET', `/activity${query({ resourceId, limit: 10 })}`);
  const rows = entries.map((entry) => [
    timeElement(entry.time),
    entry.source,
    entry.provider ?? '—',
    `${entry.method} ${entry.path}`,
    String(entry.status),
    entry.error ? entry.error.detail : '',
  ]);
  return h(
    'section',
    { 'aria-labelledby': 'recent-activity-title' },
    h('h2', { id: 'recent-activity-title' }, 'Recent activity'),
    table(
      'Newest requests that touched it',
      ['Time', 'Source', 'Provider', 'Request', 'Status', 'Error'],
      rows,
      'No activity recorded.',
    ),
    h(
      'p',
      {},
      h('a', { href: `#/activity${query({ resourceId })}` }, 'All activity of this resource'),
    ),
  );
}
