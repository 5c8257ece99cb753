import { sql, type RawBuilder, type SqlBool } from 'kysely';

import { FilterSqlCompiler, type JsonValueType } from './filter-sql-compiler.js';

/**
 * The PostgreSQL differences from the SQLite filter SQL: JSONB operators instead of SQLite's JSON
 * functions, `lower()` for case folding, and the "C" collation so text orders by code point
 * whatever the database's default collation is.
 *
 * NOTE: `lower()` follows the database's LC_CTYPE. With C.UTF-8 it folds non-ASCII letters like
 * JavaScript's toLowerCase, except where JavaScript uses context (final sigma) or expands a
 * letter (U+0130), so such names may match differently in memory and on PostgreSQL.
 */
export class PostgresFilterSqlCompiler extends FilterSqlCompiler {
  /** Builds the JSONB value at `keys`: `doc->'name'->'givenName'`. */
  private jsonValue(document: RawBuilder<unknown>, keys: readonly string[]): RawBuilder<unknown> {
    let value = document;
    for (const key of keys) value = sql`${value}->${sql.lit(key)}`;
    return sql`(${value})`;
  }

  protected override jsonText(
    document: RawBuilder<unknown>,
    keys: readonly string[],
  ): RawBuilder<unknown> {
    let value = document;
    keys.forEach((key, index) => {
      const operator = index === keys.length - 1 ? sql.raw('->>') : sql.raw('->');
      value = sql`${value}${operator}${sql.lit(key)}`;
    });
    return sql`(${value})`;
  }

  protected override jsonIsType(
    document: RawBuilder<unknown>,
    keys: readonly string[],
    type: JsonValueType,
  ): RawBuilder<SqlBool> {
    return sql`jsonb_typeof(${this.jsonValue(document, keys)}) = ${sql.lit(type)}`;
  }

  protected override jsonBooleanEquals(
    document: RawBuilder<unknown>,
    keys: readonly string[],
    value: boolean,
  ): RawBuilder<SqlBool> {
    return sql`${this.jsonValue(document, keys)} = cast(${JSON.stringify(value)} as jsonb)`;
  }

  protected override jsonBooleanKey(
    document: RawBuilder<unknown>,
    keys: readonly string[],
  ): RawBuilder<unknown> {
    const value = this.jsonValue(document, keys);
    return sql`(case when ${value} = 'false'::jsonb then 0 when ${value} = 'true'::jsonb then 1 end)`;
  }

  protected override jsonNumber(
    document: RawBuilder<unknown>,
    keys: readonly string[],
  ): RawBuilder<unknown> {
    const typed = this.jsonIsType(document, keys, 'number');
    return sql`(case when ${typed} then cast(${this.jsonText(document, keys)} as numeric) end)`;
  }

  protected override jsonHasKey(document: RawBuilder<unknown>, key: string): RawBuilder<SqlBool> {
    return sql`(${document}->${sql.lit(key)} is not null)`;
  }

  override arrayElements(
    document: RawBuilder<unknown>,
    keys: readonly string[],
    alias: string,
  ): RawBuilder<unknown> {
    const value = this.jsonValue(document, keys);
    const array = sql`case when jsonb_typeof(${value}) = 'array' then ${value} else '[]'::jsonb end`;
    return sql`jsonb_array_elements(${array}) as ${sql.id(alias)}(value)`;
  }

  override elementDocument(alias: string): RawBuilder<unknown> {
    return sql.ref(`${alias}.value`);
  }

  protected override fold(text: RawBuilder<unknown>): RawBuilder<unknown> {
    return sql`lower(${text})`;
  }

  protected override foldedParameter(value: string): RawBuilder<unknown> {
    return sql`lower(cast(${value} as text))`;
  }

  protected override collate(text: RawBuilder<unknown>): RawBuilder<unknown> {
    return sql`(${text}) collate "C"`;
  }
}
