import { sql, type RawBuilder, type SqlBool } from 'kysely';

import type { AttributeDefinition } from '../schema/attribute.js';
import type { ResourceType } from '../schema/resource-type.js';
import { foldCase } from '../storage/open-database.js';
import type { BoundComparison, BoundFilter, BoundOperator, BoundSome } from './bound-filter.js';
import { compareValue, isPresentValue } from './compare-values.js';
import { MAX_FOUR_DIGIT_YEAR_MS, MIN_FOUR_DIGIT_YEAR_MS, type Instant } from './date-time.js';
import { likePattern } from './like-pattern.js';
import { resourceRowScope, type JsonElementSql, type RowScopeOptions } from './sql-row-scopes.js';
import type { FlagSource, JsonSource, RowScope, ValueSource } from './sql-value-source.js';

/** The JSON types a value must have before the compiler compares it. */
export type JsonValueType = 'string' | 'boolean' | 'number';

const ORDER_SYMBOLS = { gt: '>', ge: '>=', lt: '<', le: '<=', eq: '=' } as const;

/**
 * Compiles bound filters to SQL conditions. This class emits SQLite; the PostgreSQL compiler
 * overrides the methods that differ, in the manner of kysely's dialect query compilers. Every
 * condition it builds is TRUE or FALSE, never NULL, so `not` and `ne` give exactly what the
 * in-memory evaluator gives. Values are always bound parameters; only canonical attribute names
 * from the schema appear as literals.
 */
export class FilterSqlCompiler implements JsonElementSql {
  private aliasCount = 0;

  constructor(
    protected readonly resourceType: ResourceType,
    protected readonly options: RowScopeOptions = {},
  ) {}

  /** Builds the condition for `filter` on the resource table's rows. */
  compile(filter: BoundFilter): RawBuilder<SqlBool> {
    return this.visit(filter, this.rootScope());
  }

  rootScope(): RowScope {
    return resourceRowScope(this.resourceType, this, this.options);
  }

  protected visit(filter: BoundFilter, scope: RowScope): RawBuilder<SqlBool> {
    switch (filter.kind) {
      case 'constant':
        return this.constant(filter.value);
      case 'and':
      case 'or': {
        const parts = filter.operands.map((operand) => this.visit(operand, scope));
        return sql<SqlBool>`(${sql.join(parts, filter.kind === 'and' ? sql` and ` : sql` or `)})`;
      }
      case 'not':
        return sql<SqlBool>`not (${this.visit(filter.operand, scope)})`;
      case 'present':
        return this.present(scope.value(filter.attribute), filter.attribute.definition);
      case 'compare':
        return this.compare(scope.value(filter.attribute), filter);
      case 'some':
        return this.exists(filter, scope);
      case 'schemaListed':
        return this.jsonHasKey(scope.document, filter.urn);
    }
  }

  /** `some`: an EXISTS subquery over the attribute's element rows. */
  private exists(filter: BoundSome, scope: RowScope): RawBuilder<SqlBool> {
    this.aliasCount += 1;
    const rows = scope.elements(filter.attribute, `e${this.aliasCount}`);
    const condition = this.visit(filter.filter, rows.scope);
    const where =
      rows.correlation === undefined ? condition : sql`${rows.correlation} and ${condition}`;
    return sql<SqlBool>`exists (select 1 from ${rows.from} where ${where})`;
  }

  protected constant(value: boolean): RawBuilder<SqlBool> {
    return value ? sql<SqlBool>`1 = 1` : sql<SqlBool>`1 = 0`;
  }

  // Presence (RFC 7644 §3.4.2.2 `pr`), with the rules of compare-values.ts.

  private present(source: ValueSource, definition: AttributeDefinition): RawBuilder<SqlBool> {
    switch (source.kind) {
      case 'fixed':
        return this.constant(isPresentValue(source.value, definition));
      case 'flag':
        return this.constant(true);
      case 'text':
        return this.guardNull(source, sql<SqlBool>`${source.expression} <> ''`);
      case 'json':
        return this.presentJson(source, definition);
    }
  }

  private presentJson(source: JsonSource, definition: AttributeDefinition): RawBuilder<SqlBool> {
    const type = jsonTypeOf(definition);
    const typed = this.jsonIsType(source.document, source.keys, type);
    if (type !== 'string') return this.coalesceFalse(typed);
    const text = this.jsonText(source.document, source.keys);
    return this.coalesceFalse(sql`${typed} and ${text} <> ''`);
  }

  // Comparisons.

  private compare(source: ValueSource, filter: BoundComparison): RawBuilder<SqlBool> {
    if (source.kind === 'fixed') {
      return this.constant(
        compareValue(source.value, filter.operator, filter.value, filter.caseExact),
      );
    }
    switch (filter.value.type) {
      case 'boolean':
        return this.compareBoolean(source, filter.value.value);
      case 'number':
        return this.compareNumber(source, filter.operator, filter.value.value);
      case 'dateTime':
        return this.compareDateTime(source, filter.operator, filter.value.value);
      case 'string':
        return this.compareString(source, filter.operator, filter.value.value, filter.caseExact);
    }
  }

  private compareBoolean(source: ValueSource, value: boolean): RawBuilder<SqlBool> {
    if (source.kind === 'flag') {
      return sql<SqlBool>`${source.expression} = ${value === source.inverted ? 0 : 1}`;
    }
    if (source.kind !== 'json') throw unsupportedSource(source, 'boolean');
    return this.coalesceFalse(this.jsonBooleanEquals(source.document, source.keys, value));
  }

  private compareNumber(
    source: ValueSource,
    operator: BoundOperator,
    value: number,
  ): RawBuilder<SqlBool> {
    if (source.kind !== 'json') throw unsupportedSource(source, 'number');
    const symbol = sql.raw(orderSymbol(operator));
    const number = this.jsonNumber(source.document, source.keys);
    return this.coalesceFalse(sql`${number} ${symbol} ${value}`);
  }

  /**
   * Compares a stored timestamp with a literal. Stored timestamps have millisecond precision and
   * sort as text, so the literal is truncated to the millisecond. When digits were cut off,
   * `t > L` and `t >= L` both mean `t > trunc(L)`, `t < L` and `t <= L` both mean
   * `t <= trunc(L)`, and `t = L` is impossible. Literals outside the years 0000..9999 are before
   * or after every stored value.
   */
  private compareDateTime(
    source: ValueSource,
    operator: BoundOperator,
    instant: Instant,
  ): RawBuilder<SqlBool> {
    const text = this.textOperand(source);
    const present = this.present(source, DATE_TIME_DEFINITION);
    const after = operator === 'gt' || operator === 'ge';
    if (instant.epochMilliseconds < MIN_FOUR_DIGIT_YEAR_MS)
      return after ? present : this.constant(false);
    if (instant.epochMilliseconds > MAX_FOUR_DIGIT_YEAR_MS) {
      return after || operator === 'eq' ? this.constant(false) : present;
    }

    let effective = operator;
    if (instant.subMillisecondDigits !== '') {
      if (operator === 'eq') return this.constant(false);
      effective = after ? 'gt' : 'le';
    }
    const timestamp = new Date(instant.epochMilliseconds).toISOString();
    // Every stored timestamp and the literal have the same fixed-width format, so any collation
    // orders them like instants, and the default one lets the database use its index.
    const symbol = sql.raw(orderSymbol(effective));
    return this.guardNull(source, sql<SqlBool>`${text} ${symbol} ${timestamp}`);
  }

  private compareString(
    source: ValueSource,
    operator: BoundOperator,
    value: string,
    caseExact: boolean,
  ): RawBuilder<SqlBool> {
    const text = this.textOperand(source);
    const foldStored = source.kind === 'text' && source.stored === 'folded';
    const left = caseExact || foldStored ? text : this.fold(text);
    const right = (operand: string): RawBuilder<unknown> => {
      if (caseExact) return sql`${operand}`;
      return foldStored ? sql`${foldCase(operand)}` : this.foldedParameter(operand);
    };

    let condition: RawBuilder<SqlBool>;
    if (operator === 'eq') {
      condition = sql`${left} = ${right(value)}`;
    } else if (operator === 'co' || operator === 'sw' || operator === 'ew') {
      condition = sql`${left} like ${right(likePattern(value, operator))} escape '\\'`;
    } else {
      condition = sql`${this.collate(left)} ${sql.raw(orderSymbol(operator))} ${right(value)}`;
    }
    // Only a comparison that an empty string could satisfy needs the explicit test for it.
    if (value === '' || operator === 'lt' || operator === 'le') {
      condition = sql`${text} <> '' and ${condition}`;
    }
    return this.guardNull(source, condition);
  }

  /** Reads the text of a text column or of a JSON string. Other JSON types read as NULL. */
  private textOperand(source: ValueSource): RawBuilder<unknown> {
    if (source.kind === 'text') return source.expression;
    if (source.kind !== 'json') throw unsupportedSource(source, 'string');
    const typed = this.jsonIsType(source.document, source.keys, 'string');
    return sql`(case when ${typed} then ${this.jsonText(source.document, source.keys)} end)`;
  }

  /** Makes a condition on a value that may be NULL evaluate to FALSE instead of NULL. */
  private guardNull(source: ValueSource, condition: RawBuilder<SqlBool>): RawBuilder<SqlBool> {
    if (source.kind === 'json') return this.coalesceFalse(condition);
    if (source.kind === 'text' && source.nullable) {
      return sql<SqlBool>`(${source.expression} is not null and ${condition})`;
    }
    return condition;
  }

  // Sorting.

  /**
   * The sort key of a single-valued attribute: folded text for attributes that are not
   * caseExact, 0/1 for booleans, NULL where the value is absent. Undefined when every row has the
   * same value.
   */
  orderingKey(
    source: ValueSource,
    definition: AttributeDefinition,
  ): RawBuilder<unknown> | undefined {
    switch (source.kind) {
      case 'fixed':
        return undefined;
      case 'flag':
        return this.flagKey(source);
      case 'text':
        if (source.orderBy !== undefined) return source.orderBy;
        // Timestamps are fixed-width, so the default collation orders them, as compareDateTime notes.
        if (definition.type === 'dateTime') return sql`nullif(${source.expression}, '')`;
        return this.textKey(source.expression, definition, source.stored === 'folded');
      case 'json':
        return this.jsonKey(source, definition);
    }
  }

  private flagKey(source: FlagSource): RawBuilder<unknown> {
    return sql`(case when ${source.expression} = ${sql.lit(source.inverted ? 0 : 1)} then 1 else 0 end)`;
  }

  private textKey(
    text: RawBuilder<unknown>,
    definition: AttributeDefinition,
    foldStored: boolean,
  ): RawBuilder<unknown> {
    const folded = definition.caseExact || foldStored ? text : this.fold(text);
    return this.collate(sql`nullif(${folded}, '')`);
  }

  private jsonKey(source: JsonSource, definition: AttributeDefinition): RawBuilder<unknown> {
    const type = jsonTypeOf(definition);
    if (type === 'number') return this.jsonNumber(source.document, source.keys);
    if (type === 'boolean') return this.jsonBooleanKey(source.document, source.keys);
    return this.textKey(this.textOperand(source), definition, false);
  }

  // SQL that differs between dialects: SQLite here, PostgreSQL in the subclass.

  /** Builds the SQLite JSON path of `keys`, each key quoted: `$."name"."givenName"`. */
  protected jsonPath(keys: readonly string[]): RawBuilder<unknown> {
    return sql.lit(`$${keys.map((key) => `."${key}"`).join('')}`);
  }

  protected jsonText(document: RawBuilder<unknown>, keys: readonly string[]): RawBuilder<unknown> {
    return sql`json_extract(${document}, ${this.jsonPath(keys)})`;
  }

  protected jsonIsType(
    document: RawBuilder<unknown>,
    keys: readonly string[],
    type: JsonValueType,
  ): RawBuilder<SqlBool> {
    const actual = sql`json_type(${document}, ${this.jsonPath(keys)})`;
    if (type === 'string') return sql`${actual} = 'text'`;
    if (type === 'boolean') return sql`${actual} in ('true', 'false')`;
    return sql`${actual} in ('integer', 'real')`;
  }

  protected jsonBooleanEquals(
    document: RawBuilder<unknown>,
    keys: readonly string[],
    value: boolean,
  ): RawBuilder<SqlBool> {
    return sql`json_type(${document}, ${this.jsonPath(keys)}) = ${value ? 'true' : 'false'}`;
  }

  protected jsonBooleanKey(
    document: RawBuilder<unknown>,
    keys: readonly string[],
  ): RawBuilder<unknown> {
    const actual = sql`json_type(${document}, ${this.jsonPath(keys)})`;
    return sql`(case ${actual} when 'false' then 0 when 'true' then 1 end)`;
  }

  protected jsonNumber(
    document: RawBuilder<unknown>,
    keys: readonly string[],
  ): RawBuilder<unknown> {
    const typed = this.jsonIsType(document, keys, 'number');
    return sql`(case when ${typed} then ${this.jsonText(document, keys)} end)`;
  }

  /** True when the document has the top-level `key`, whatever its value. */
  protected jsonHasKey(document: RawBuilder<unknown>, key: string): RawBuilder<SqlBool> {
    return sql`(json_type(${document}, ${this.jsonPath([key])}) is not null)`;
  }

  arrayElements(
    document: RawBuilder<unknown>,
    keys: readonly string[],
    alias: string,
  ): RawBuilder<unknown> {
    const path = this.jsonPath(keys);
    const array = sql`case when json_type(${document}, ${path}) = 'array' then json_extract(${document}, ${path}) else '[]' end`;
    return sql`json_each(${array}) as ${sql.id(alias)}`;
  }

  elementDocument(alias: string): RawBuilder<unknown> {
    return sql`(case when ${sql.ref(`${alias}.type`)} = 'object' then ${sql.ref(`${alias}.value`)} end)`;
  }

  /** Folds text in SQL: the connection's `scim_fold`, which is foldCase. */
  protected fold(text: RawBuilder<unknown>): RawBuilder<unknown> {
    return sql`scim_fold(${text})`;
  }

  /** Binds a parameter folded the way `fold` folds a column. */
  protected foldedParameter(value: string): RawBuilder<unknown> {
    return sql`${foldCase(value)}`;
  }

  /** Orders text by code point, which SQLite's default BINARY collation already does. */
  protected collate(text: RawBuilder<unknown>): RawBuilder<unknown> {
    return text;
  }

  protected coalesceFalse(condition: RawBuilder<SqlBool>): RawBuilder<SqlBool> {
    return sql<SqlBool>`coalesce(${condition}, false)`;
  }
}

const DATE_TIME_DEFINITION = Object.freeze({ type: 'dateTime' }) as AttributeDefinition;

function jsonTypeOf(definition: AttributeDefinition): JsonValueType {
  if (definition.type === 'boolean') return 'boolean';
  if (definition.type === 'integer' || definition.type === 'decimal') return 'number';
  return 'string';
}

function orderSymbol(operator: BoundOperator): string {
  if (operator === 'co' || operator === 'sw' || operator === 'ew') {
    throw new Error(`"${operator}" is not an order comparison`);
  }
  return ORDER_SYMBOLS[operator];
}

/** Binding and the row scopes never pair these; reaching it is a bug in this module. */
function unsupportedSource(source: ValueSource, type: string): Error {
  return new Error(`a ${source.kind} source cannot hold a ${type} value`);
}
