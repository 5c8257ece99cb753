import { sql, type Kysely } from 'kysely';

import type { DialectName } from '../dialect-name.js';

/** Creates organizations, tokens, users, roles and role memberships. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const json = dialect === 'postgres' ? sql`jsonb` : sql`text`;

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('organization_id', 'text', (column) =>
      column.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('provider', 'text')
    .addColumn('secret_hash', 'text', (column) => column.notNull().unique())
    .addColumn('secret_hint', 'text', (column) => column.notNull())
    .addColumn('label', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('tokens_organization')
    .on('tokens')
    .column('organization_id')
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('organization_id', 'text', (column) =>
      column.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_name', 'text', (column) => column.notNull())
    .addColumn('user_name_fold', 'text', (column) => column.notNull())
    .addColumn('email', 'text', (column) => column.notNull())
    .addColumn('email_fold', 'text', (column) => column.notNull())
    .addColumn('given_name', 'text', (column) => column.notNull())
    .addColumn('family_name', 'text', (column) => column.notNull())
    .addColumn('display_name', 'text', (column) => column.notNull())
    .addColumn('display_name_fold', 'text', (column) => column.notNull())
    .addColumn('external_id', 'text')
    .addColumn('suspended', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('permission_level', 'text', (column) => column.notNull().defaultTo('user'))
    .addColumn('managed_by', 'text')
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addColumn('attributes', json, (column) => column.notNull())
    .addColumn('password_hash', 'text')
    .execute();
  await createIndexes(db, 'users', [
    ['users_user_name', ['organization_id', 'user_name_fold'], true],
    ['users_organization_id', ['organization_id', 'id'], false],
    ['users_email', ['organization_id', 'email_fold'], false],
    ['users_display_name', ['organization_id', 'display_name_fold'], false],
    ['users_external_id', ['organization_id', 'external_id'], false],
    ['users_created', ['organization_id', 'created_at'], false],
    ['users_updated', ['organization_id', 'updated_at'], false],
  ]);

  await db.schema
    .createTable('roles')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('organization_id', 'text', (column) =>
      column.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('name_fold', 'text', (column) => column.notNull())
    .addColumn('external_id', 'text')
    .addColumn('managed_by', 'text')
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addColumn('attributes', json, (column) => column.notNull())
    .execute();
  await createIndexes(db, 'roles', [
    ['roles_name', ['organization_id', 'name_fold'], true],
    ['roles_organization_id', ['organization_id', 'id'], false],
    ['roles_external_id', ['organization_id', 'external_id'], false],
    ['roles_created', ['organization_id', 'created_at'], false],
    ['roles_updated', ['organization_id', 'updated_at'], false],
  ]);

  await db.schema
    .createTable('role_members')
    .addColumn('role_id', 'text', (column) =>
      column.notNull().references('roles.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (column) =>
      column.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('display_label', 'text')
    .addColumn('added_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('role_members_pk', ['role_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('role_members_user')
    .on('role_members')
    .columns(['user_id', 'role_id'])
    .execute();
}

async function createIndexes(
  db: Kysely<any>,
  table: string,
  indexes: [name: string, columns: string[], unique: boolean][],
): Promise<void> {
  for (const [name, columns, unique] of indexes) {
    let builder = db.schema.createIndex(name).on(table).columns(columns);
    if (unique) builder = builder.unique();
    await builder.execute();
  }
}
