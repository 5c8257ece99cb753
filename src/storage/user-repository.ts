import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
} from 'kysely';

import { byCodePoint } from './code-point-order.js';
import type { Database, UsersTable } from './database-schema.js';
import type { DialectName } from './dialect-name.js';
import { readAttributes, writeAttributes } from './json-column.js';
import { foldedContains } from './like-pattern.js';
import { listPage, type ListOptions, type Page } from './list-page.js';
import { foldCase } from './open-database.js';
import { isStorableKey } from './storable-key.js';

/** A user row in domain form. `attributes` is the stored SCIM document. */
export interface UserRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly userName: string;
  readonly email: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly displayName: string;
  readonly externalId: string | null;
  readonly suspended: boolean;
  readonly permissionLevel: string;
  readonly managedBy: string | null;
  readonly version: number;
  readonly created: string;
  readonly lastModified: string;
  readonly attributes: Record<string, unknown>;
  readonly passwordHash: string | null;
}

/** Narrows an administrator's user listing; undefined fields do not filter. */
export interface UserSearch {
  /** Case-insensitive substring of userName, email or displayName. */
  readonly text?: string | undefined;
  /** A provider name, `none` for unmanaged users, or `any` for managed ones. */
  readonly managedBy?: string | undefined;
  readonly suspended?: boolean | undefined;
  readonly offset: number;
  readonly limit: number;
}

const CHUNK = 500;

export class UserRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async insert(user: UserRecord): Promise<void> {
    await this.db.insertInto('users').values(toRow(user, this.dialect)).execute();
  }

  /** Writes a new state; returns false when the row is gone. */
  async update(user: UserRecord): Promise<boolean> {
    const {
      id,
      organization_id: _org,
      created_at: _created,
      ...changes
    } = toRow(user, this.dialect);
    const result = await this.db
      .updateTable('users')
      .set(changes)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    if (!isStorableKey(id)) return false;
    const result = await this.db
      .deleteFrom('users')
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async find(organizationId: string, id: string): Promise<UserRecord | undefined> {
    if (!isStorableKey(id)) return undefined;
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  /**
   * Reads a user and, on PostgreSQL, locks its row FOR UPDATE until the transaction ends. The
   * strongest row lock is deliberate, because it also blocks the FOR KEY SHARE lock that
   * inserting a membership takes on the user. So while a user is being deleted, no transaction
   * can add it to a role that the delete did not touch: such an insert waits, then fails with a
   * foreign-key violation, and runTransaction runs its transaction again. A write that keeps the
   * user (PUT, PATCH) passes `noKeyUpdate`, which still serializes writers of the user but lets
   * concurrent membership inserts of it proceed.
   */
  async findForUpdate(
    organizationId: string,
    id: string,
    strength: 'update' | 'noKeyUpdate' = 'update',
  ): Promise<UserRecord | undefined> {
    if (!isStorableKey(id)) return undefined;
    let query = this.db
      .selectFrom('users')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id);
    if (this.dialect === 'postgres') {
      query = strength === 'update' ? query.forUpdate() : query.forNoKeyUpdate();
    }
    const row = await query.executeTakeFirst();
    return row && fromRow(row);
  }

  async findByUserName(organizationId: string, userName: string): Promise<UserRecord | undefined> {
    if (!isStorableKey(userName)) return undefined;
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('user_name_fold', '=', foldCase(userName))
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async list(organizationId: string, options: ListOptions): Promise<Page<UserRecord>> {
    const base = this.db.selectFrom('users').where('organization_id', '=', organizationId);
    return listPage(this.db, 'users', base, options, fromRow);
  }

  /** Users whose email matches, ignoring case; several when SCIM clients created duplicates. */
  async findByEmail(organizationId: string, email: string): Promise<UserRecord[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('email_fold', '=', foldCase(email))
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  /** Reads one page of users ordered by userName (ignoring case), then id, with the total. */
  async search(organizationId: string, search: UserSearch): Promise<Page<UserRecord>> {
    const base = this.db
      .selectFrom('users')
      .where('organization_id', '=', organizationId)
      .where((eb) => userSearchCondition(eb, search));
    const orderBy = [
      { expression: byCodePoint('user_name_fold', this.dialect), descending: false },
      { expression: byCodePoint('id', this.dialect), descending: false },
    ];
    return listPage(this.db, 'users', base, { where: undefined, orderBy, ...search }, fromRow);
  }

  /** Returns which of the given ids name users of the organization. */
  async existingIds(organizationId: string, ids: readonly string[]): Promise<Set<string>> {
    const candidates = ids.filter(isStorableKey);
    const found = new Set<string>();
    for (let start = 0; start < candidates.length; start += CHUNK) {
      const rows = await this.db
        .selectFrom('users')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('id', 'in', candidates.slice(start, start + CHUNK))
        .execute();
      for (const row of rows) found.add(row.id);
    }
    return found;
  }

  /**
   * Marks active users as managed by a provider. Suspended users are never managed, and the
   * marking is not part of the SCIM representation, so neither version nor lastModified change.
   * On PostgreSQL the rows are locked in id order first, so two such statements over
   * overlapping users take their locks in the same order instead of deadlocking.
   */
  async markManaged(ids: readonly string[], provider: string): Promise<void> {
    const sorted = [...new Set(ids)].sort();
    for (let start = 0; start < sorted.length; start += CHUNK) {
      const chunk = sorted.slice(start, start + CHUNK);
      let targets = this.db
        .selectFrom('users')
        .select('id')
        .where('id', 'in', chunk)
        .where('suspended', '=', 0)
        .where((eb) => eb.or([eb('managed_by', 'is', null), eb('managed_by', '<>', provider)]));
      if (this.dialect === 'postgres') targets = targets.orderBy('id').forNoKeyUpdate();
      await this.db
        .updateTable('users')
        .set({ managed_by: provider })
        .where('id', 'in', targets)
        .execute();
    }
  }
}

function userSearchCondition(
  eb: ExpressionBuilder<Database, 'users'>,
  search: UserSearch,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (search.text !== undefined && search.text !== '') {
    conditions.push(
      eb.or([
        foldedContains('user_name_fold', search.text),
        foldedContains('email_fold', search.text),
        foldedContains('display_name_fold', search.text),
      ]),
    );
  }
  if (search.managedBy === 'none') conditions.push(eb('managed_by', 'is', null));
  else if (search.managedBy === 'any') conditions.push(eb('managed_by', 'is not', null));
  else if (search.managedBy !== undefined) conditions.push(eb('managed_by', '=', search.managedBy));
  if (search.suspended !== undefined)
    conditions.push(eb('suspended', '=', search.suspended ? 1 : 0));
  return eb.and(conditions);
}

function toRow(user: UserRecord, dialect: DialectName): UsersTable {
  return {
    id: user.id,
    organization_id: user.organizationId,
    user_name: user.userName,
    user_name_fold: foldCase(user.userName),
    email: user.email,
    email_fold: foldCase(user.email),
    given_name: user.givenName,
    family_name: user.familyName,
    display_name: user.displayName,
    display_name_fold: foldCase(user.displayName),
    external_id: user.externalId,
    suspended: user.suspended ? 1 : 0,
    permission_level: user.permissionLevel,
    managed_by: user.managedBy,
    version: user.version,
    created_at: user.created,
    updated_at: user.lastModified,
    ...writeAttributes(user.attributes, dialect),
    password_hash: user.passwordHash,
  };
}

function fromRow(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    userName: row.user_name,
    email: row.email,
    givenName: row.given_name,
    familyName: row.family_name,
    displayName: row.display_name,
    externalId: row.external_id,
    suspended: Number(row.suspended) === 1,
    permissionLevel: row.permission_level,
    managedBy: row.managed_by,
    version: Number(row.version),
    created: row.created_at,
    lastModified: row.updated_at,
    attributes: readAttributes(row),
    passwordHash: row.password_hash,
  };
}
