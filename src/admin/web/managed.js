import { h } from './dom.js';

/**
 * Builds the explanation shown beside the controls this page turns off for a managed user or
 * role. The admin API and CLI still allow these changes, with a warning.
 */
export function managedNotice(id, kind, provider, changes) {
  return h(
    'div',
    { class: 'notice', id, role: 'note' },
    h('p', {}, h('strong', {}, `This ${kind} is managed by ${provider}.`)),
    h(
      'p',
      {},
      `${changes} are turned off here, because the next sync from ${provider} would undo them. ` +
        `Make the change in ${provider} instead. The admin API and the rolecall CLI still allow it, with a warning.`,
    ),
  );
}
