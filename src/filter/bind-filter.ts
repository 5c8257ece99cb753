import { invalidFilter } from '../errors/catalogue.js';
import { findSubAttribute, type AttributeType } from '../schema/attribute.js';
import { schemasOf, type ResourceType } from '../schema/resource-type.js';
import type {
  AttributePathNode,
  ComparisonNode,
  ComparisonOperator,
  FilterNode,
  PresentNode,
  ValuePathNode,
} from './ast.js';
import type { BoundAttribute, BoundFilter, BoundOperator, BoundValue } from './bound-filter.js';
import { compareValue } from './compare-values.js';
import { parseDateTime } from './date-time.js';
import type { SyntaxErrorFactory } from './filter-lexer.js';
import {
  resolveFilterAttribute,
  SCHEMAS_TARGET,
  type FilterContainer,
  type FilterTarget,
} from './resolve-filter-attribute.js';

/** Operators that apply to each attribute type (RFC 7644 §3.4.2.2, table 3); `pr` applies to all. */
const OPERATORS_BY_TYPE: Readonly<Record<AttributeType, readonly ComparisonOperator[]>> = {
  string: ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'],
  reference: ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'],
  binary: ['eq', 'ne', 'co', 'sw', 'ew'],
  boolean: ['eq', 'ne'],
  dateTime: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
  integer: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
  decimal: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
  complex: [],
};

const failFilter: SyntaxErrorFactory = (detail, position) => invalidFilter(detail, position);

const cache = new WeakMap<FilterNode, WeakMap<ResourceType, BoundFilter>>();

/**
 * Checks a parsed filter against a resource type's schema and reduces it to the primitives of
 * `BoundFilter`. Throws a 400 `invalidFilter` ScimError naming the position for an unknown
 * attribute, an operator that does not apply to the attribute's type, or a value of the wrong
 * type. Results are cached per tree and resource type.
 */
export function bindFilter(node: FilterNode, resourceType: ResourceType): BoundFilter {
  let byType = cache.get(node);
  if (byType === undefined) {
    byType = new WeakMap();
    cache.set(node, byType);
  }
  let bound = byType.get(resourceType);
  if (bound === undefined) {
    bound = new FilterBinder(resourceType, failFilter).bind(node, undefined);
    byType.set(resourceType, bound);
  }
  return bound;
}

/** A value filter bound to the elements of its complex attribute, as a PATCH path uses it. */
export interface BoundValueFilter {
  /** The complex attribute the filter selects elements of. */
  readonly attribute: BoundAttribute;
  readonly multiValued: boolean;
  /** The filter, with attribute keys relative to one element. */
  readonly filter: BoundFilter;
}

/**
 * Binds the filter of `attribute[filter]` so it can test elements of the attribute one by one.
 * Errors go through `fail`, so a PATCH path reports them as `invalidPath`.
 */
export function bindValueFilter(
  attribute: AttributePathNode,
  filter: FilterNode,
  resourceType: ResourceType,
  fail: SyntaxErrorFactory,
): BoundValueFilter {
  const binder = new FilterBinder(resourceType, fail);
  const container = binder.containerFor(attribute);
  // Binding as if multi-valued makes every key relative to the element under test.
  const elementScope = { attribute: container.attribute, multiValued: true };
  return { ...container, filter: binder.bind(filter, elementScope) };
}

class FilterBinder {
  constructor(
    private readonly resourceType: ResourceType,
    private readonly fail: SyntaxErrorFactory,
  ) {}

  bind(node: FilterNode, container: FilterContainer | undefined): BoundFilter {
    switch (node.kind) {
      case 'and':
      case 'or':
        return combine(node.kind, [
          this.bind(node.left, container),
          this.bind(node.right, container),
        ]);
      case 'not':
        return negate(this.bind(node.filter, container));
      case 'present':
        return this.bindPresent(node, container);
      case 'comparison':
        return this.bindComparison(node, container);
      case 'valuePath':
        return this.bindValuePath(node, container);
    }
  }

  /** Resolves the complex attribute that `path[filter]` selects elements of. */
  containerFor(path: AttributePathNode): FilterContainer {
    const target = this.resolve(path, undefined);
    if (target === SCHEMAS_TARGET || target.definition.type !== 'complex' || target.through) {
      const name = target === SCHEMAS_TARGET ? SCHEMAS_TARGET : displayTargetPath(target);
      const type = target === SCHEMAS_TARGET ? 'multi-valued string' : target.definition.type;
      throw this.fail(
        `a value filter "[...]" applies to complex attributes such as emails or members, but "${name}" is a ${type} attribute`,
        path.position,
      );
    }
    return { attribute: withoutThrough(target), multiValued: target.definition.multiValued };
  }

  /** RFC 7644 §3.4.2.2 `valuePath`: every condition in the brackets applies to the same element. */
  private bindValuePath(node: ValuePathNode, container: FilterContainer | undefined): BoundFilter {
    if (container !== undefined) {
      throw this.fail('a value filter cannot contain another value filter', node.position);
    }
    const inner = this.containerFor(node.attribute);
    const filter = this.bind(node.filter, inner);
    return inner.multiValued ? some(inner.attribute, filter) : filter;
  }

  private bindPresent(node: PresentNode, container: FilterContainer | undefined): BoundFilter {
    const target = this.resolve(node.attribute, container);
    if (target === SCHEMAS_TARGET) return constant(true);
    return this.presence(target, node.attribute.position);
  }

  /**
   * Binds `pr` (RFC 7644 §3.4.2.2). A simple value is present when it is neither null nor empty.
   * A complex value is present when any of its sub-attributes is, and a multi-valued attribute
   * when any of its elements is.
   */
  private presence(target: FilterTarget, position: number): BoundFilter {
    const { definition } = target;
    if (definition.type !== 'complex') {
      this.rejectSimpleMultiValued(target, position);
      const present: BoundFilter = { kind: 'present', attribute: withoutThrough(target) };
      return target.through === undefined ? present : some(target.through, present);
    }
    const subAttributes = definition.subAttributes ?? [];
    if (definition.multiValued) {
      const parts = subAttributes.map((sub) =>
        present({ keys: [sub.name], path: sub.name, scope: target.path, definition: sub }),
      );
      return some(withoutThrough(target), combine('or', parts));
    }
    const parts = subAttributes.map((sub) =>
      present({
        keys: [...target.keys, sub.name],
        path: `${target.path}.${sub.name}`,
        scope: target.scope,
        definition: sub,
      }),
    );
    return combine('or', parts);
  }

  private bindComparison(
    node: ComparisonNode,
    container: FilterContainer | undefined,
  ): BoundFilter {
    const target = this.resolve(node.attribute, container);
    if (node.value === null) return this.bindNullComparison(node, target);
    if (target === SCHEMAS_TARGET) return this.bindSchemasComparison(node);

    const leaf = this.comparableLeaf(target, node);
    this.checkOperator(leaf, node);
    const comparison: BoundFilter = {
      kind: 'compare',
      attribute: withoutThrough(leaf),
      operator: positiveOperator(node.operator),
      value: this.bindValue(leaf, node),
      caseExact: leaf.definition.caseExact,
    };
    const matched = leaf.through === undefined ? comparison : some(leaf.through, comparison);
    return node.operator === 'ne' ? negate(matched) : matched;
  }

  /**
   * Finds the simple attribute a comparison applies to. A multi-valued complex attribute without a
   * sub-attribute means its `value` sub-attribute, as in RFC 7644 §3.4.2.2's example
   * `emails co "example.com"`.
   */
  private comparableLeaf(target: FilterTarget, node: ComparisonNode): FilterTarget {
    const { definition } = target;
    let leaf = target;
    if (definition.type === 'complex') {
      const value = definition.multiValued ? findSubAttribute(definition, 'value') : undefined;
      if (value === undefined) {
        throw this.fail(
          `"${target.path}" is a complex attribute; compare one of its sub-attributes, such as ${target.path}.${definition.subAttributes?.[0]?.name ?? 'value'}, or test it with pr`,
          node.position,
        );
      }
      const element = { keys: [value.name], path: value.name, scope: target.path };
      leaf = { ...element, definition: value, through: withoutThrough(target) };
    }
    this.rejectSimpleMultiValued(leaf, node.position);
    if (dependsOnRequestUrl(leaf)) {
      throw this.fail(
        `"${displayPath(leaf)}" depends on the URL the request used, so filters can only test it with pr; filter on ${leaf.scope === undefined ? 'id' : `${leaf.scope}.value`} instead`,
        node.position,
      );
    }
    return leaf;
  }

  /** `eq null` means absent and `ne null` present (RFC 7643 §2.5); no other operator takes null. */
  private bindNullComparison(
    node: ComparisonNode,
    target: FilterTarget | typeof SCHEMAS_TARGET,
  ): BoundFilter {
    if (node.operator !== 'eq' && node.operator !== 'ne') {
      throw this.fail(
        `null can only be compared with eq or ne, not "${node.operator}"; "eq null" matches resources without the attribute`,
        node.valuePosition,
      );
    }
    const presence =
      target === SCHEMAS_TARGET ? constant(true) : this.presence(target, node.position);
    return node.operator === 'eq' ? negate(presence) : presence;
  }

  /**
   * `schemas` lists the core schema URN always and an extension URN when the resource has that
   * extension (RFC 7643 §3). URNs compare case-insensitively, so the comparison runs here against
   * each URN the resource type can list.
   */
  private bindSchemasComparison(node: ComparisonNode): BoundFilter {
    const target = { keys: [], path: SCHEMAS_TARGET, scope: undefined, through: undefined };
    const leaf: FilterTarget = { ...target, definition: SCHEMAS_DEFINITION };
    this.checkOperator(leaf, node);
    const expected = this.bindValue(leaf, node);
    const operator = positiveOperator(node.operator);
    const [core, ...extensions] = schemasOf(this.resourceType);
    const parts: BoundFilter[] = [];
    if (compareValue(core!.id, operator, expected, false)) parts.push(constant(true));
    for (const extension of extensions) {
      if (compareValue(extension.id, operator, expected, false)) {
        parts.push({ kind: 'schemaListed', urn: extension.id });
      }
    }
    const matched = combine('or', parts);
    return node.operator === 'ne' ? negate(matched) : matched;
  }

  private checkOperator(leaf: FilterTarget, node: ComparisonNode): void {
    const allowed = OPERATORS_BY_TYPE[leaf.definition.type];
    if (allowed.includes(node.operator)) return;
    throw this.fail(
      `the operator "${node.operator}" does not apply to "${displayPath(leaf)}", a ${leaf.definition.type} attribute; use ${[...allowed, 'pr'].join(', ')}`,
      node.operatorPosition,
    );
  }

  /** Converts the literal to the attribute's type, or fails naming the value and the type. */
  private bindValue(leaf: FilterTarget, node: ComparisonNode): BoundValue {
    const { value } = node;
    const path = displayPath(leaf);
    switch (leaf.definition.type) {
      case 'boolean':
        if (typeof value === 'boolean') return { type: 'boolean', value };
        if (node.bare && typeof value === 'string' && /^(true|false)$/i.test(value)) {
          return { type: 'boolean', value: value.toLowerCase() === 'true' };
        }
        throw this.fail(
          `"${path}" is a boolean attribute; compare it with true or false, not ${JSON.stringify(value)}`,
          node.valuePosition,
        );
      case 'dateTime': {
        const instant = typeof value === 'string' ? parseDateTime(value) : undefined;
        if (instant !== undefined) return { type: 'dateTime', value: instant };
        throw this.fail(
          `"${path}" is a dateTime attribute, but ${JSON.stringify(value)} is not an RFC 3339 date-time; write one in double quotes, such as "2011-05-13T04:42:34Z"`,
          node.valuePosition,
        );
      }
      case 'integer':
      case 'decimal':
        if (
          typeof value === 'number' &&
          (leaf.definition.type === 'decimal' || Number.isInteger(value))
        ) {
          return { type: 'number', value };
        }
        throw this.fail(
          `"${path}" is an ${leaf.definition.type} attribute; compare it with a number, not ${JSON.stringify(value)}`,
          node.valuePosition,
        );
      default:
        if (typeof value === 'string') return { type: 'string', value };
        throw this.fail(
          `"${path}" is a ${leaf.definition.type} attribute, but ${JSON.stringify(value)} is not a string; write it in double quotes, as "${String(value)}"`,
          node.valuePosition,
        );
    }
  }

  private rejectSimpleMultiValued(target: FilterTarget, position: number): void {
    // NOTE: no attribute of the implemented schemas is simple and multi-valued except `schemas`,
    // which binding handles separately, so neither backend has a rule for them yet.
    if (target.definition.multiValued && target.definition.type !== 'complex') {
      throw this.fail(`filters on "${displayPath(target)}" are not supported`, position);
    }
  }

  private resolve(
    path: AttributePathNode,
    container: FilterContainer | undefined,
  ): FilterTarget | typeof SCHEMAS_TARGET {
    return resolveFilterAttribute(path, this.resourceType, container, this.fail);
  }
}

/** The `schemas` attribute (RFC 7643 §3): URIs, which compare case-insensitively (RFC 7643 §2.1). */
const SCHEMAS_DEFINITION = Object.freeze({
  name: SCHEMAS_TARGET,
  type: 'reference',
  multiValued: false,
  description: 'Schema URIs of the resource.',
  required: true,
  caseExact: false,
  mutability: 'readOnly',
  returned: 'always',
  uniqueness: 'none',
} as const);

/**
 * `meta.location` and the `$ref` of members and groups are absolute URLs under the prefix the
 * request used, so the database cannot compare them.
 */
function dependsOnRequestUrl(target: FilterTarget): boolean {
  if (target.scope === undefined) return target.path === 'meta.location';
  return target.path === '$ref' && (target.scope === 'members' || target.scope === 'groups');
}

function displayTargetPath(target: FilterTarget): string {
  return target.through === undefined
    ? displayPath(target)
    : `${target.through.path}.${target.path}`;
}

function displayPath(target: BoundAttribute): string {
  return target.scope === undefined ? target.path : `${target.scope}.${target.path}`;
}

function positiveOperator(operator: ComparisonOperator): BoundOperator {
  return operator === 'ne' ? 'eq' : operator;
}

function withoutThrough(target: FilterTarget): BoundAttribute {
  const { through: _through, ...attribute } = target;
  return attribute;
}

function constant(value: boolean): BoundFilter {
  return { kind: 'constant', value };
}

function present(attribute: BoundAttribute): BoundFilter {
  return { kind: 'present', attribute };
}

function some(attribute: BoundAttribute, filter: BoundFilter): BoundFilter {
  if (filter.kind === 'constant' && !filter.value) return filter;
  return { kind: 'some', attribute, filter };
}

function negate(filter: BoundFilter): BoundFilter {
  if (filter.kind === 'constant') return constant(!filter.value);
  if (filter.kind === 'not') return filter.operand;
  return { kind: 'not', operand: filter };
}

/** Joins operands, flattening nested operators of the same kind and folding constants. */
function combine(kind: 'and' | 'or', operands: readonly BoundFilter[]): BoundFilter {
  const absorbing = kind === 'or';
  const flat: BoundFilter[] = [];
  for (const operand of operands) {
    if (operand.kind === 'constant') {
      if (operand.value === absorbing) return operand;
      continue;
    }
    if (operand.kind === kind) flat.push(...operand.operands);
    else flat.push(operand);
  }
  if (flat.length === 0) return constant(!absorbing);
  if (flat.length === 1) return flat[0]!;
  return { kind, operands: flat };
}
