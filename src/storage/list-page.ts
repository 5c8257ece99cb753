import type { Expression, Selectable, SelectQueryBuilder, SqlBool } from 'kysely';

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
 */
export async function listPage<TB extends keyof Database, T>(
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

  let query = filtered.selectAll();
  for (const order of options.orderBy) {
    query = query.orderBy(order.expression, order.descending ? 'desc' : 'asc');
  }
  const rows = await query.limit(options.limit).offset(options.offset).execute();
  return { total, items: rows.map((row) => fromRow(row as unknown as Selectable<Database[TB]>)) };
}
