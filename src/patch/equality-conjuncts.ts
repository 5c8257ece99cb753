import type { ComparisonNode, FilterNode, LiteralValue } from '../filter/ast.js';
import { findSubAttribute, type AttributeDefinition } from '../schema/attribute.js';

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

/** Finds the sub-attribute of `attribute` that a comparison inside a value filter names. */
function filterSubAttribute(
  comparison: ComparisonNode,
  attribute: AttributeDefinition,
): AttributeDefinition | undefined {
  const path = comparison.attribute;
  if (path.urn !== undefined || path.subAttribute !== undefined) return undefined;
  return findSubAttribute(attribute, path.name);
}
