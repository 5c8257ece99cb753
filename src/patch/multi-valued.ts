import type { AttributeDefinition } from '../schema/attribute.js';
import { identityKey, isPlainObject } from '../schema/normalize-value.js';

/** One value of a multi-valued complex attribute, such as `{type: "work", value: "a@x.test"}`. */
export type Element = Record<string, unknown>;

/** Copies the stored values of a multi-valued attribute so an operation can change them. */
export function copyElements(stored: unknown): Element[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter(isPlainObject).map((element) => ({ ...element }));
}

/**
 * Restores the invariants of a multi-valued attribute after an operation changed some of its
 * values (`changed`), and returns the list to store, or undefined when it is empty.
 *
 * Values with the same identity (RFC 7643 §2.4: same `type` and `value`) are stored once. The
 * stored copy keeps the position and the `type` and `value` spelling of the first one, and takes
 * the other sub-attributes of a changed value. At most one value stays `primary: true`: a value
 * this operation made primary wins over an older primary value, which becomes `primary: false`.
 */
export function settleElements(
  definition: AttributeDefinition,
  elements: readonly Element[],
  changed: ReadonlySet<Element>,
): Element[] | undefined {
  const unique: Element[] = [];
  const uniqueChanged = new Set<Element>();
  const positions = new Map<string, number>();
  for (const element of elements) {
    const key = identityKey(definition, element);
    const position = positions.get(key);
    if (position === undefined) {
      positions.set(key, unique.length);
      unique.push(element);
      if (changed.has(element)) uniqueChanged.add(element);
      continue;
    }
    const first = unique[position]!;
    if (changed.has(element)) {
      const merged = { ...first, ...element, ...identityOf(first) };
      unique[position] = merged;
      uniqueChanged.add(merged);
    } else if (element.primary === true) {
      first.primary = true;
    }
  }
  if (unique.length === 0) return undefined;
  return settlePrimary(unique, uniqueChanged);
}

/** Copies the sub-attributes that make up a value's identity, which a merge keeps as first stored. */
function identityOf(element: Element): Element {
  const identity: Element = {};
  if (element.value !== undefined) identity.value = element.value;
  if (element.type !== undefined) identity.type = element.type;
  return identity;
}

function settlePrimary(elements: Element[], changed: ReadonlySet<Element>): Element[] {
  const primaries = elements.filter((element) => element.primary === true);
  if (primaries.length <= 1) return elements;
  const changedPrimaries = primaries.filter((element) => changed.has(element));
  const winner = (changedPrimaries.length > 0 ? changedPrimaries : primaries).at(-1);
  return elements.map((element) =>
    element.primary === true && element !== winner ? { ...element, primary: false } : element,
  );
}
