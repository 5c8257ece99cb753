/**
 * Builds an element. `attributes` sets properties for known DOM properties (`hidden`,
 * `disabled`, `value`...), `on<event>` keys add listeners, and everything else becomes an
 * attribute. Children are nodes or strings; strings become text nodes, never HTML.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name in element && typeof value !== 'string') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of a node. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** Formats a time as "2025-01-31 12:00:05 UTC", or returns a dash for none. */
export function formatTime(iso) {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** Builds a `<time>` element with the full timestamp as its machine-readable value. */
export function timeElement(iso) {
  if (!iso) return h('span', {}, '—');
  return h('time', { datetime: iso, title: iso }, formatTime(iso));
}

/** Builds a table with a caption, column headers and rows of cells (nodes or strings). */
export function table(caption, columns, rows, emptyText = 'Nothing to show.') {
  if (rows.length === 0) return h('p', { class: 'empty' }, emptyText);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((column) => h('th', { scope: 'col' }, column)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((cell) => h('td', {}, cell)),
          ),
        ),
      ),
    ),
  );
}

/** Builds a labelled form field. `control` is an input or select whose id the label names. */
export function field(label, control, hint) {
  const hintId = hint ? `${control.id}-hint` : undefined;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, label),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
  );
}

/** Builds a select with the given options, `selected` being the current value. */
export function select(id, options, selected) {
  return h(
    'select',
    { id, name: id },
    options.map(([value, label]) => h('option', { value, selected: value === selected }, label)),
  );
}

/** Announces a message to screen readers through the page's live region. */
export function announce(text) {
  const announcer = document.getElementById('announcer');
  announcer.textContent = '';
  requestAnimationFrame(() => {
    announcer.textContent = text;
  });
}

/** Badges for a user's or role's state: managed by a provider, suspended. */
export function stateBadges(item) {
  const badges = [];
  if (item.managedBy) {
    badges.push(h('span', { class: 'badge managed' }, `managed by ${item.managedBy}`));
  }
  if (item.suspended) badges.push(h('span', { class: 'badge suspended' }, 'suspended'));
  if (badges.length === 0) badges.push(h('span', { class: 'badge plain' }, 'unmanaged'));
  return h('span', { class: 'badges' }, badges);
}

/** Creates an empty area for a form's result message (see `showMessage`). */
export function messageArea() {
  return h('div', { class: 'message' });
}

export function showMessage(area, text, kind = 'ok') {
  replace(
    area,
    h(
      'p',
      { class: kind === 'ok' ? 'success' : 'error', role: kind === 'ok' ? 'status' : 'alert' },
      text,
    ),
  );
}
