import type { Kysely } from 'kysely';

import type { DialectName } from '../dialect-name.js';

/**
 * Creates the activity log: one row per recorded request, and one row per resource id the
 * request touched, so filtering by resource id uses an index instead of scanning JSON.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('activity_log')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('organization_id', 'text', (column) =>
      column.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('time', 'text', (column) => column.notNull())
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('provider', 'text')
    .addColumn('flavour', 'text')
    .addColumn('actor', 'text')
    .addColumn('method', 'text', (column) => column.notNull())
    .addColumn('path', 'text', (column) => column.notNull())
    .addColumn('status', 'integer', (column) => column.notNull())
    .addColumn('duration_ms', 'double precision', (column) => column.notNull())
    .addColumn('resource_ids', 'text', (column) => column.notNull())
    .addColumn('rules', 'text', (column) => column.notNull())
    .addColumn('ignored_attributes', 'text', (column) => column.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_detail', 'text')
    .addColumn('request_body', 'text')
    .addColumn('body_truncated', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('activity_log_organization_time')
    .on('activity_log')
    .columns(['organization_id', 'time', 'id'])
    .execute();
  await db.schema
    .createIndex('activity_log_provider_time')
    .on('activity_log')
    .columns(['organization_id', 'provider', 'time'])
    .execute();
  await db.schema.createIndex('activity_log_time').on('activity_log').column('time').execute();

  await db.schema
    .createTable('activity_resources')
    .addColumn('entry_id', 'text', (column) =>
      column.notNull().references('activity_log.id').onDelete('cascade'),
    )
    .addColumn('resource_id', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('activity_resources_pk', ['entry_id', 'resource_id'])
    .execute();
  await db.schema
    .createIndex('activity_resources_resource')
    .on('activity_resources')
    .columns(['resource_id', 'entry_id'])
    .execute();
}
