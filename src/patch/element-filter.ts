import type { ComparisonNode, FilterNode, LiteralValue } from '../filter/ast.js';
import { findSubAttribute, type AttributeDefinition } from '../schema/attribute.js';
import type { Element } from './multi-valued.js';

/** One `name eq literal` comparison of a value filter, with the sub-attribute it names. */
export interface Equality {
  readonly subAttribute: AttributeDefinition;
  readonly value: LiteralValue;
}

/**
 * Splits a value filter made only of `eq` comparisons joined by `and`, such as
 * `type eq "work" and primary eq true`, into its comparisons. Returns undefined for any other
 * filter, or when a comparison names something other than a sub-attribute of `attribute`.
 */
export function equalityConjuncts(
  filter: FilterNode,
  attribute: AttributeDefinition,
): Equality[] | undefined {
  if (filter.kind === 'and') {
    const left = equalityConjuncts(filter.left, attribute);
    const right = equalityConjuncts(filter.right, attribute);
    return left && right && [...left, ...right];
  }
  if (filter.kind !== 'comparison' || filter.operator !== 'eq') return undefined;
  const subAttribute = filterSubAttribute(filter, attribute);
  return subAttribute && [{ subAttribute, value: filter.value }];
}

/** The sub-attribute of `attribute` that a comparison inside a value filter names, if any. */
export function filterSubAttribute(
  comparison: ComparisonNode,
  attribute: AttributeDefinition,
): AttributeDefinition | undefined {
  const path = comparison.attribute;
  if (path.urn !== undefined || path.subAttribute !== undefined) return undefined;
  return findSubAttribute(attribute, path.name);
}

/**
 * Tests one value of a multi-valued complex attribute against a value filter (RFC 7644
 * §3.4.2.2), whose attribute names are sub-attributes of that value.
 */
export function elementMatches(
  filter: FilterNode,
  element: Element,
  attribute: AttributeDefinition,
): boolean {
  switch (filter.kind) {
    case 'and':
      return (
        elementMatches(filter.left, element, attribute) &&
        elementMatches(filter.right, element, attribute)
      );
    case 'or':
      return (
        elementMatches(filter.left, element, attribute) ||
        elementMatches(filter.right, element, attribute)
      );
    case 'not':
      return !elementMatches(filter.filter, element, attribute);
    case 'present': {
      const sub = findSubAttribute(attribute, filter.attribute.name);
      const value = sub && element[sub.name];
      return value !== undefined && value !== null && value !== '';
    }
    case 'comparison':
      return compare(filter, element, attribute);
    case 'valuePath':
      return false;
  }
}

function compare(
  filter: ComparisonNode,
  element: Element,
  attribute: AttributeDefinition,
): boolean {
  const sub = filterSubAttribute(filter, attribute);
  if (sub === undefined) return false;
  const stored = element[sub.name];
  if (stored === undefined || stored === null)
    return filter.operator === 'ne' && filter.value !== null;

  if (typeof stored === 'string' && typeof filter.value === 'string') {
    const fold = !sub.caseExact && sub.type !== 'dateTime';
    const left = fold ? stored.toLowerCase() : stored;
    const right = fold ? filter.value.toLowerCase() : filter.value;
    return compareOrdered(filter.operator, left, right);
  }
  if (typeof stored === 'number' && typeof filter.value === 'number') {
    return compareOrdered(filter.operator, stored, filter.value);
  }
  if (typeof stored === 'boolean' && typeof filter.value === 'boolean') {
    if (filter.operator === 'eq') return stored === filter.value;
    if (filter.operator === 'ne') return stored !== filter.value;
  }
  return filter.operator === 'ne';
}

function compareOrdered<T extends string | number>(
  operator: ComparisonNode['operator'],
  left: T,
  right: T,
): boolean {
  switch (operator) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'co':
      return typeof left === 'string' && left.includes(right as string);
    case 'sw':
      return typeof left === 'string' && left.startsWith(right as string);
    case 'ew':
      return typeof left === 'string' && left.endsWith(right as string);
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
  }
}
