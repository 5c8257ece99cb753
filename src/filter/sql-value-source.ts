import type { RawBuilder, SqlBool } from 'kysely';

import type { BoundAttribute } from './bound-filter.js';

/*
 * Where the SQL compiler finds an attribute's value in the rows being filtered. Indexed columns
 * take precedence; everything else is read from the stored SCIM document.
 */

/** A text column or expression. */
export interface TextSource {
  readonly kind: 'text';
  readonly expression: RawBuilder<unknown>;
  /** `folded` when the column stores foldCase(value), so only the parameter needs folding. */
  readonly stored: 'folded' | 'exact';
  readonly nullable: boolean;
  /** A better sort key than the text, such as the integer behind `meta.version`. */
  readonly orderBy?: RawBuilder<unknown>;
}

/** A 0/1 integer column holding a boolean attribute, or its negation when `inverted`. */
export interface FlagSource {
  readonly kind: 'flag';
  readonly expression: RawBuilder<unknown>;
  readonly inverted: boolean;
}

/** A value inside a JSON document (TEXT on SQLite, JSONB on PostgreSQL). */
export interface JsonSource {
  readonly kind: 'json';
  readonly document: RawBuilder<unknown>;
  readonly keys: readonly string[];
}

/** A value that is the same on every row, such as `meta.resourceType`; undefined means absent. */
export interface FixedSource {
  readonly kind: 'fixed';
  readonly value: unknown;
}

export type ValueSource = TextSource | FlagSource | JsonSource | FixedSource;

/** The rows a multi-valued attribute's elements come from, for `EXISTS` subqueries. */
export interface ElementRows {
  /** The `from` clause, including joins, with table aliases. */
  readonly from: RawBuilder<unknown>;
  /** Ties the element rows to the outer row; undefined when `from` already does. */
  readonly correlation: RawBuilder<SqlBool> | undefined;
  readonly scope: RowScope;
}

/** Maps bound attributes to SQL in one scope: the resource row, or one element of an attribute. */
export interface RowScope {
  value(attribute: BoundAttribute): ValueSource;
  /** Opens the element rows of a multi-valued attribute under a fresh alias. */
  elements(attribute: BoundAttribute, alias: string): ElementRows;
  /** The JSON document that contains the resource's stored attributes. */
  readonly document: RawBuilder<unknown>;
}
