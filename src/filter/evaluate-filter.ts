import { invalidPath } from '../errors/catalogue.js';
import type { ResourceType } from '../schema/resource-type.js';
import type { FilterNode, PatchPathNode } from './ast.js';
import { bindFilter, bindValueFilter } from './bind-filter.js';
import type { BoundFilter } from './bound-filter.js';
import { compareValue, isPresentValue } from './compare-values.js';
import type { SyntaxErrorFactory } from './filter-lexer.js';

/*
 * Evaluates filters on a resource in its SCIM representation, as the HTTP layer returns it. The
 * rules for absent values are those of compare-values.ts; the SQL compiler implements the same.
 */

/**
 * Tells whether `resource` (a rendered representation) matches `node`. Throws 400
 * `invalidFilter` when the filter does not fit the resource type's schema.
 */
export function evaluateFilter(
  node: FilterNode,
  resource: unknown,
  resourceType: ResourceType,
): boolean {
  return evaluateBound(bindFilter(node, resourceType), resource, resource);
}

/** Evaluates a bound filter on `scope`, a resource or one element of a multi-valued attribute. */
export function evaluateBound(filter: BoundFilter, scope: unknown, resource: unknown): boolean {
  switch (filter.kind) {
    case 'constant':
      return filter.value;
    case 'and':
      return filter.operands.every((operand) => evaluateBound(operand, scope, resource));
    case 'or':
      return filter.operands.some((operand) => evaluateBound(operand, scope, resource));
    case 'not':
      return !evaluateBound(filter.operand, scope, resource);
    case 'present':
      return isPresentValue(valueAt(scope, filter.attribute.keys), filter.attribute.definition);
    case 'compare':
      return compareValue(
        valueAt(scope, filter.attribute.keys),
        filter.operator,
        filter.value,
        filter.caseExact,
      );
    case 'some':
      return elementsOf(valueAt(scope, filter.attribute.keys)).some((element) =>
        evaluateBound(filter.filter, element, resource),
      );
    case 'schemaListed':
      return listsSchema(resource, filter.urn);
  }
}

/** Follows canonical keys through nested objects; anything else on the way yields undefined. */
function valueAt(scope: unknown, keys: readonly string[]): unknown {
  let value = scope;
  for (const key of keys) {
    if (!isObject(value)) return undefined;
    value = Object.hasOwn(value, key) ? value[key] : undefined;
  }
  return value;
}

/** Returns the elements of a multi-valued attribute. A value that is not an array has none. */
function elementsOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function listsSchema(resource: unknown, urn: string): boolean {
  const schemas = isObject(resource) ? resource.schemas : undefined;
  if (!Array.isArray(schemas)) return false;
  const folded = urn.toLowerCase();
  return schemas.some((schema) => typeof schema === 'string' && schema.toLowerCase() === folded);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const failPath: SyntaxErrorFactory = (detail, position) =>
  invalidPath(`Invalid path at position ${position}: ${detail}`);

/**
 * Builds the predicate a PATCH operation uses to pick elements with a value filter, as in
 * `emails[type eq "work"]` (RFC 7644 §3.5.2): it returns whether one element of the attribute
 * matches. For a single-valued complex attribute (`manager[value eq "x"]`) the element is the
 * attribute's object. Throws 400 `invalidPath` if the path has no filter or does not fit the
 * schema.
 */
export function createValueFilterMatcher(
  path: PatchPathNode,
  resourceType: ResourceType,
): (element: unknown) => boolean {
  if (path.filter === undefined) {
    throw invalidPath(
      `The path "${path.attribute.name}" has no value filter; write one such as ${path.attribute.name}[value eq "x"]`,
    );
  }
  const bound = bindValueFilter(path.attribute, path.filter, resourceType, failPath);
  return (element) => evaluateBound(bound.filter, element, undefined);
}

/**
 * Returns the indexes of the elements of a multi-valued attribute that a PATCH path's value
 * filter selects, as `emails[type eq "work"]` selects the work emails. Throws like
 * `createValueFilterMatcher`.
 */
export function findMatchingElements(
  path: PatchPathNode,
  elements: readonly unknown[],
  resourceType: ResourceType,
): number[] {
  const matches = createValueFilterMatcher(path, resourceType);
  const indexes: number[] = [];
  elements.forEach((element, index) => {
    if (matches(element)) indexes.push(index);
  });
  return indexes;
}
