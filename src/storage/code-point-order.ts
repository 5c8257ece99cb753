import { sql, type Expression } from 'kysely';

import type { DialectName } from './dialect-name.js';

/**
 * Builds an ORDER BY term that sorts a text column by code point on both backends. SQLite's
 * default BINARY collation already does. PostgreSQL sorts by the database's collation, and
 * linguistic ones (en_US, ICU locales) place accents, case and punctuation elsewhere, so the
 * term sets the "C" collation.
 */
export function byCodePoint(column: string, dialect: DialectName): Expression<string> {
  if (dialect === 'postgres') return sql<string>`${sql.ref(column)} collate "C"`;
  return sql.ref<string>(column);
}
