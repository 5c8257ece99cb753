import { noTarget, quote } from '../errors/catalogue.js';
import { acceptedElsewhere } from '../flavours/normalization-rules.js';
import { normalizeSingle } from '../schema/normalize-value.js';
import { equalityConjuncts } from './equality-conjuncts.js';
import type { PatchOpName } from './member-changes.js';
import { copyElements, settleElements, type Element } from './multi-valued.js';
import { readAttribute, writeAttribute, type AttributeTarget } from './patch-target.js';
import type { PatchState } from './patch-state.js';

/**
 * Applies an operation to the values of a multi-valued attribute that match a value filter,
 * such as `emails[type eq "work"]` or `emails[type eq "work"].value`.
 */
export function applyFiltered(
  state: PatchState,
  op: PatchOpName,
  target: AttributeTarget,
  value: unknown,
): void {
  const elements = copyElements(readAttribute(state.document, target));
  const matched = new Set(elements.filter((element) => target.matches!(element)));

  // RFC 7644 §3.5.2.2 defines no error for a remove whose filter matches nothing: there is
  // nothing to remove, and the resource stays as it is.
  if (op === 'remove') {
    if (matched.size > 0) removeMatched(state, target, elements, matched);
    return;
  }
  if (matched.size === 0) return addMissing(state, op, target, elements, value);
  writeMatched(state, op, target, elements, matched, value);
}

/**
 * Removes the matched values, or only their sub-attribute when the path names one. A value
 * whose `value` sub-attribute is removed is dropped whole, because for emails, phone numbers and
 * the like the `value` is what the entry is (RFC 7643 §2.4).
 */
function removeMatched(
  state: PatchState,
  target: AttributeTarget,
  elements: Element[],
  matched: ReadonlySet<Element>,
): void {
  const subAttribute = target.subAttribute;
  const remaining: Element[] = [];
  for (const element of elements) {
    if (!matched.has(element)) {
      remaining.push(element);
      continue;
    }
    if (subAttribute === undefined || subAttribute.name === 'value') continue;
    delete element[subAttribute.name];
    if (Object.keys(element).length > 0) remaining.push(element);
  }
  writeAttribute(state.document, target, settleElements(target.attribute, remaining, new Set()));
}

/**
 * RFC 7644 §3.5.2.3: a replace through a filter changes every matching value, or the named
 * sub-attribute of every matching value. An add through a filter merges the given
 * sub-attributes into every matching value, as an add into a complex attribute does.
 */
function writeMatched(
  state: PatchState,
  op: 'add' | 'replace',
  target: AttributeTarget,
  elements: Element[],
  matched: ReadonlySet<Element>,
  value: unknown,
): void {
  const { attribute, subAttribute } = target;
  const normalized = normalizeSingle(
    subAttribute ?? attribute,
    value,
    target.text,
    state.normalization,
  );
  if (normalized === undefined && op === 'add') return;

  const changed = new Set<Element>();
  const result: Element[] = [];
  for (const element of elements) {
    if (!matched.has(element)) {
      result.push(element);
      continue;
    }
    const updated = updateElement(element, op, subAttribute?.name, normalized);
    if (updated === undefined) continue;
    result.push(updated);
    changed.add(updated);
  }
  writeAttribute(state.document, target, settleElements(attribute, result, changed));
}

/** Returns the new content of one matched value, or undefined when the operation unassigns it. */
function updateElement(
  element: Element,
  op: 'add' | 'replace',
  subAttribute: string | undefined,
  normalized: unknown,
): Element | undefined {
  if (subAttribute === undefined) {
    if (normalized === undefined) return undefined;
    return op === 'replace'
      ? { ...(normalized as Element) }
      : { ...element, ...(normalized as Element) };
  }
  const updated = { ...element };
  if (normalized === undefined) delete updated[subAttribute];
  else updated[subAttribute] = normalized;
  if (subAttribute === 'value' && normalized === undefined) return undefined;
  return Object.keys(updated).length === 0 ? undefined : updated;
}

/**
 * Applies an add or replace whose filter matches no value.
 *
 * RFC 7644 §3.5.2.3 makes a replace through a filter that matches nothing fail with noTarget.
 * RFC 7644 §3.5.2.1 defines add for attribute paths and does not mention value filters. A new
 * value could only be made up from the filter text, so the generic flavour returns noTarget for
 * add as well. Microsoft Entra ID maps attributes to paths such as `emails[type eq "work"].value`
 * and `phoneNumbers[type eq "mobile"].value`, which a user may not have yet, so the tolerant
 * flavours create the value from the filter's `eq` comparisons.
 */
function addMissing(
  state: PatchState,
  op: 'add' | 'replace',
  target: AttributeTarget,
  elements: Element[],
  value: unknown,
): void {
  const { attribute, subAttribute } = target;
  const equalities = equalityConjuncts(target.filter!, attribute);
  const problem = `No value of "${attribute.name}" matches the filter in ${quote(target.text)}, so there is nothing to ${op}.`;
  if (equalities === undefined) {
    throw noTarget(
      `${problem} A missing value can only be created from a filter of "eq" comparisons joined by "and"; ` +
        `add the value with path "${attribute.name}" instead.`,
    );
  }
  if (!state.normalization.apply('add-missing-filtered-value')) {
    throw noTarget(
      `${problem} Add the value with path "${attribute.name}" and a value such as ` +
        `[{"type": "work", "value": "..."}].${acceptedElsewhere('add-missing-filtered-value')}`,
    );
  }
  if (value === null) return;

  const valueFields = normalizeSingle(
    attribute,
    subAttribute === undefined ? value : { [subAttribute.name]: value },
    target.text,
    state.normalization,
  );
  if (valueFields === undefined) return;
  const created: Record<string, unknown> = {};
  for (const equality of equalities) created[equality.subAttribute.name] = equality.value;
  Object.assign(created, valueFields);

  const normalized = normalizeSingle(attribute, created, target.text, state.normalization);
  if (normalized === undefined) return;
  const element = normalized as Element;
  writeAttribute(
    state.document,
    target,
    settleElements(attribute, [...elements, element], new Set([element])),
  );
}
