import {
  sql,
  type Expression,
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';

import type { Database } from './database-schema.js';

/** One page of a filtered, ordered list, with the number of rows the filter matches. */
export interface Page<T> {
  readonly total: number;
  readonly items: T[];
}

export interface ListOptions {
  readonly where: Expression<SqlBool> | undefined;
  readonly orderBy: readonly { expression: Expression<unknown>; descending: boolean }[];
  readonly offset: number;
  readonly limit: number;
}

/**
 * Counts the rows a query matches and reads one page of them, both in the database. The page
 * query is skipped when the count shows it would be empty.
 *
 * The page is read as a deferred join: the ids of the page come from a query that reads only the
 * index when it can, and only those rows are then read whole. A deep OFFSET then steps over index
 * entries rather than decoding every skipped row.
 */
export async function listPage<TB extends 'users' | 'roles', T>(
  db: Kysely<Database>,
  table: TB,
  base: SelectQueryBuilder<Database, TB, object>,
  options: ListOptions,
  fromRow: (row: Selectable<Database[TB]>) => T,
): Promise<Page<T>> {
  const filtered = options.where === undefined ? base : base.where(options.where);
  const counted = await filtered
    .select((eb) => eb.fn.countAll<number | string>().as('total'))
    .executeTakeFirstOrThrow();
  const total = Number(counted.total);
  if (options.limit === 0 || options.offset >= total) return { total, items: [] };

  // Loose builder types: kysely cannot type a column shared by every table in the union TB.
  type Builder = SelectQueryBuilder<Database, TB, Record<string, unknown>>;
  const ordered = (query: Builder): Builder => {
    let result = query;
    for (const order of options.orderBy) {
      result = result.orderBy(order.expression, order.descending ? 'desc' : 'asc');
    }
    return result;
  };
  const idColumn = sql.ref<string>('id');
  const pageIds = ordered(filtered.select(idColumn.as('id')) as unknown as Builder)
    .limit(options.limit)
    .offset(options.offset);
  // The outer query reads the page's rows by primary key; repeating the organization condition
  // here would let SQLite scan the organization's index instead.
  const whole = (db.selectFrom(table as 'users').selectAll() as unknown as Builder).where(
    idColumn,
    'in',
    pageIds as never,
  );
  const rows = await ordered(whole).execute();
  return { total, items: rows.map((row) => fromRow(row as unknown as Selectable<Database[TB]>)) };
}
