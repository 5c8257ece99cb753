import { query } from './api.js';
import { h } from './dom.js';

/** Items per page of the user, role and member lists. */
export const PAGE_SIZE = 50;

/** Choices of the management filter of the user and role lists: value, then label. */
export const MANAGED_FILTER = [
  ['', 'any'],
  ['none', 'unmanaged'],
  ['any', 'managed by any provider'],
  ['generic', 'managed by generic'],
  ['okta', 'managed by okta'],
  ['azure', 'managed by azure'],
];

/** Builds the previous and next links of a paged list, or null when it fits on one page. */
export function pager(base, filter, offset, total) {
  const links = [];
  if (offset > 0) {
    links.push(
      h(
        'a',
        { href: `${base}${query({ ...filter, offset: Math.max(0, offset - PAGE_SIZE) })}` },
        'Previous page',
      ),
    );
  }
  if (offset + PAGE_SIZE < total) {
    links.push(
      h('a', { href: `${base}${query({ ...filter, offset: offset + PAGE_SIZE })}` }, 'Next page'),
    );
  }
  return links.length === 0 ? null : h('nav', { class: 'pager', 'aria-label': 'Pages' }, links);
}
