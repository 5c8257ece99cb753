import { sql, type RawBuilder, type SqlBool } from 'kysely';

import { foldCase } from './open-database.js';

/**
 * A case-insensitive substring match on a folded column: `column LIKE '%text%' ESCAPE '\'`, with
 * `%`, `_` and `\` in the text escaped. The column must hold folded text (see `foldCase`).
 * Both SQLite and PostgreSQL accept the explicit ESCAPE clause.
 */
export function foldedContains(column: string, text: string): RawBuilder<SqlBool> {
  const escaped = foldCase(text).replace(/[\\%_]/g, (character) => `\\${character}`);
  return sql<SqlBool>`${sql.ref(column)} like ${`%${escaped}%`} escape '\\'`;
}
