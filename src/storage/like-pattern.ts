import { sql, type RawBuilder, type SqlBool } from 'kysely';

import { LIKE_ESCAPE, likePattern } from '../filter/like-pattern.js';
import { foldCase } from './open-database.js';

/**
 * Builds a case-insensitive substring match on a folded column: `column LIKE '%text%' ESCAPE '\'`, with
 * `%`, `_` and `\` in the text escaped. The column must hold folded text (see `foldCase`).
 * Both SQLite and PostgreSQL accept the explicit ESCAPE clause.
 */
export function foldedContains(column: string, text: string): RawBuilder<SqlBool> {
  const pattern = likePattern(foldCase(text), 'co');
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape ${sql.lit(LIKE_ESCAPE)}`;
}
