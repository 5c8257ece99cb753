import { invalidSyntax, quote } from '../errors/catalogue.js';
import { acceptedElsewhere } from '../flavours/normalization-rules.js';
import { findSubAttribute, type AttributeDefinition } from '../schema/attribute.js';
import { normalizeValue } from '../schema/normalize-value.js';
import type { PatchOpName } from './member-changes.js';
import { copyElements, settleElements, type Element } from './multi-valued.js';
import { readAttribute, writeAttribute, type AttributeTarget } from './patch-target.js';
import type { PatchState } from './patch-state.js';

/**
 * Applies an operation to a whole multi-valued attribute, such as `emails` (RFC 7644 §3.5.2): add
 * appends values, replace swaps the list, remove clears it.
 */
export function applyToList(
  state: PatchState,
  op: PatchOpName,
  target: AttributeTarget,
  value: unknown,
): void {
  if (op === 'remove') return removeList(state, target, value);

  const normalized = normalizeValue(
    target.attribute,
    asList(value),
    target.text,
    state.normalization,
  );
  if (op === 'replace') return writeAttribute(state.document, target, normalized);
  if (normalized === undefined) return;

  // RFC 7644 §3.5.2.1: added values join the existing ones. A value already present is not
  // stored twice, so re-adding it changes nothing. A new primary value wins (RFC 7643 §2.4).
  const added = (normalized as Element[]).map((element) => ({ ...element }));
  const elements = [...copyElements(readAttribute(state.document, target)), ...added];
  writeAttribute(
    state.document,
    target,
    settleElements(target.attribute, elements, new Set(added)),
  );
}

/**
 * Reads a single value sent for a multi-valued attribute as a list of that value. RFC 7644
 * §3.5.2.1 lets the value of an add be "a JSON object containing the sub-attributes of the
 * complex attribute", and an add to a multi-valued attribute adds "a new value".
 */
export function asList(value: unknown): unknown {
  return value === null || value === undefined || Array.isArray(value) ? value : [value];
}

/**
 * RFC 7644 §3.5.2.2: a remove without a filter removes every value. A remove that also carries
 * a `value` list is ambiguous, because clients that send it (Microsoft Entra ID, for group
 * members) mean "remove these values". The tolerant flavours remove only the listed values; the
 * generic flavour rejects the request rather than clear the attribute.
 */
function removeList(state: PatchState, target: AttributeTarget, value: unknown): void {
  if (value === undefined || value === null) {
    return writeAttribute(state.document, target, undefined);
  }
  const name = target.attribute.name;
  if (!state.normalization.apply('remove-members-by-value')) {
    throw invalidSyntax(
      `A remove of ${quote(target.text)} must not carry a "value": per RFC 7644 §3.5.2.2 it would remove every value of "${name}". ` +
        `Remove chosen values with a filter, as in ${name}[value eq "..."], or omit "value" to remove them all.` +
        acceptedElsewhere('remove-members-by-value'),
    );
  }

  const listed = normalizeValue(
    target.attribute,
    Array.isArray(value) ? value : [value],
    target.text,
    state.normalization,
  ) as Element[] | undefined;
  if (listed === undefined) return;
  const remaining = copyElements(readAttribute(state.document, target)).filter(
    (element) => !listed.some((candidate) => isListed(target.attribute, candidate, element)),
  );
  writeAttribute(state.document, target, settleElements(target.attribute, remaining, new Set()));
}

/** True when every sub-attribute that `candidate` gives has the same value in `element`. */
function isListed(definition: AttributeDefinition, candidate: Element, element: Element): boolean {
  return Object.entries(candidate).every(([name, wanted]) => {
    if (name === 'primary') return true;
    const actual = element[name];
    const caseExact = findSubAttribute(definition, name)?.caseExact ?? true;
    if (!caseExact && typeof wanted === 'string' && typeof actual === 'string') {
      return wanted.toLowerCase() === actual.toLowerCase();
    }
    return wanted === actual;
  });
}
