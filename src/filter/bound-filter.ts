import type { AttributeDefinition } from '../schema/attribute.js';
import type { ComparisonOperator } from './ast.js';
import type { Instant } from './date-time.js';

/*
 * A filter checked against a resource type's schema. Binding resolves names to canonical
 * spelling, rejects what cannot be compared, and reduces the grammar to a few primitives that
 * the SQL compiler and the in-memory evaluator both implement:
 *   - `ne` becomes `not eq`, so both mean the same with absent values;
 *   - `eq null` becomes `not pr`, and `ne null` becomes `pr` (RFC 7643 §2.5: null and unassigned
 *     are the same state);
 *   - a path through a multi-valued attribute (`emails.value`) becomes `some`, which matches when
 *     any element matches;
 *   - `pr` on a complex attribute becomes an `or` of `pr` on its sub-attributes.
 */

/** A simple attribute value reached from a scope: the resource, or one element of `scope`. */
export interface BoundAttribute {
  /** Canonical JSON keys from the scope object to the value. */
  readonly keys: readonly string[];
  /** Canonical path from the scope, such as `name.givenName` or `urn:...:User:manager.value`. */
  readonly path: string;
  /** Canonical path of the multi-valued attribute whose elements are the scope, if any. */
  readonly scope: string | undefined;
  readonly definition: AttributeDefinition;
}

/** The comparison operators left after binding; `ne` is expressed with `not`. */
export type BoundOperator = Exclude<ComparisonOperator, 'ne'>;

/** A comparison value converted to the attribute's type. */
export type BoundValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'dateTime'; readonly value: Instant };

export interface BoundConstant {
  readonly kind: 'constant';
  readonly value: boolean;
}

export interface BoundLogical {
  readonly kind: 'and' | 'or';
  readonly operands: readonly BoundFilter[];
}

export interface BoundNot {
  readonly kind: 'not';
  readonly operand: BoundFilter;
}

export interface BoundPresent {
  readonly kind: 'present';
  readonly attribute: BoundAttribute;
}

export interface BoundComparison {
  readonly kind: 'compare';
  readonly attribute: BoundAttribute;
  readonly operator: BoundOperator;
  readonly value: BoundValue;
  readonly caseExact: boolean;
}

/** True when some element of the multi-valued `attribute` satisfies `filter`. */
export interface BoundSome {
  readonly kind: 'some';
  readonly attribute: BoundAttribute;
  readonly filter: BoundFilter;
}

/** True when the resource's `schemas` lists the extension `urn` (its core schema is always listed). */
export interface BoundSchemaListed {
  readonly kind: 'schemaListed';
  readonly urn: string;
}

export type BoundFilter =
  | BoundConstant
  | BoundLogical
  | BoundNot
  | BoundPresent
  | BoundComparison
  | BoundSome
  | BoundSchemaListed;
