import { sql, type Kysely } from 'kysely';

import type { DialectName } from '../dialect-name.js';

/**
 * Adds `attributes_text` to users and roles: on PostgreSQL, the attributes JSON exactly as
 * written. JSONB, which the filters query, stores object keys sorted by length and then bytes,
 * so reading it back would list attributes in another order than SQLite, whose `attributes` is
 * the written text itself. SQLite leaves the column NULL.
 *
 * Rows without the text (written before this migration, or by an older rolecall that does not
 * know the column) read `attributes` instead. On PostgreSQL a trigger clears the text when an
 * UPDATE changes `attributes` but not `attributes_text`, which only an older version does, so
 * a stale text is never read.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  for (const table of ['users', 'roles']) {
    await db.schema.alterTable(table).addColumn('attributes_text', 'text').execute();
  }
  if (dialect !== 'postgres') return;

  await sql`
    create function rolecall_clear_stale_attributes_text() returns trigger
    language plpgsql as $$
    begin
      new.attributes_text := null;
      return new;
    end
    $$`.execute(db);
  for (const table of ['users', 'roles']) {
    await sql`
      create trigger ${sql.id(`${table}_clear_stale_attributes_text`)}
      before update of attributes on ${sql.table(table)}
      for each row
      when (new.attributes is distinct from old.attributes
        and new.attributes_text is not distinct from old.attributes_text)
      execute function rolecall_clear_stale_attributes_text()`.execute(db);
  }
}
