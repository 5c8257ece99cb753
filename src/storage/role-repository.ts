import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
} from 'kysely';

import { byCodePoint } from './code-point-order.js';
import type { Database, RolesTable } from './database-schema.js';
import type { DialectName } from './dialect-name.js';
import { readAttributes, writeAttributes } from './json-column.js';
import { foldedContains } from './like-pattern.js';
import { foldCase } from './open-database.js';
import { listPage, type ListOptions, type Page } from './list-page.js';
import { isStorableKey } from './storable-key.js';

/** A role (SCIM Group) without its members. */
export interface RoleRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly name: string;
  readonly externalId: string | null;
  readonly managedBy: string | null;
  readonly version: number;
  readonly created: string;
  readonly lastModified: string;
  readonly attributes: Record<string, unknown>;
}

/** A member of a role, with the user's current display name. */
export interface RoleMember {
  readonly roleId: string;
  readonly userId: string;
  readonly userDisplayName: string;
  readonly displayLabel: string | null;
}

/** A role a user belongs to. */
export interface UserRole {
  readonly userId: string;
  readonly roleId: string;
  readonly roleName: string;
}

export interface NewMember {
  readonly userId: string;
  readonly displayLabel: string | null;
}

/** A member of a role with the user fields an administrator's listing shows. */
export interface RoleMemberDetail {
  readonly userId: string;
  readonly userName: string;
  readonly displayName: string;
  readonly email: string;
  readonly suspended: boolean;
  readonly managedBy: string | null;
}

/** Narrows an administrator's role listing; undefined fields do not filter. */
export interface RoleSearch {
  /** Case-insensitive substring of the name. */
  readonly text?: string | undefined;
  /** A provider name, `none` for unmanaged roles, or `any` for managed ones. */
  readonly managedBy?: string | undefined;
  readonly offset: number;
  readonly limit: number;
}

const CHUNK = 500;

export class RoleRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async insert(role: RoleRecord): Promise<void> {
    await this.db.insertInto('roles').values(toRow(role, this.dialect)).execute();
  }

  async update(role: RoleRecord): Promise<boolean> {
    const {
      id,
      organization_id: _org,
      created_at: _created,
      ...changes
    } = toRow(role, this.dialect);
    const result = await this.db
      .updateTable('roles')
      .set(changes)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    if (!isStorableKey(id)) return false;
    const result = await this.db
      .deleteFrom('roles')
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async find(organizationId: string, id: string): Promise<RoleRecord | undefined> {
    if (!isStorableKey(id)) return undefined;
    const row = await this.db
      .selectFrom('roles')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  /**
   * Reads a role and, on PostgreSQL, locks its row FOR UPDATE until the transaction ends. Every
   * write to a role or its members takes this lock first, so writes to one role run one after
   * the other and each reads the members that the previous one committed.
   */
  async findForUpdate(organizationId: string, id: string): Promise<RoleRecord | undefined> {
    if (!isStorableKey(id)) return undefined;
    let query = this.db
      .selectFrom('roles')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id);
    if (this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row && fromRow(row);
  }

  async findByName(organizationId: string, name: string): Promise<RoleRecord | undefined> {
    if (!isStorableKey(name)) return undefined;
    const row = await this.db
      .selectFrom('roles')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('name_fold', '=', foldCase(name))
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async list(organizationId: string, options: ListOptions): Promise<Page<RoleRecord>> {
    const base = this.db.selectFrom('roles').where('organization_id', '=', organizationId);
    return listPage(this.db, 'roles', base, options, fromRow);
  }

  /** Reads one page of roles ordered by name (ignoring case), then id, with the total. */
  async search(organizationId: string, search: RoleSearch): Promise<Page<RoleRecord>> {
    const base = this.db
      .selectFrom('roles')
      .where('organization_id', '=', organizationId)
      .where((eb) => roleSearchCondition(eb, search));
    const orderBy = [
      { expression: byCodePoint('name_fold', this.dialect), descending: false },
      { expression: byCodePoint('id', this.dialect), descending: false },
    ];
    return listPage(this.db, 'roles', base, { where: undefined, orderBy, ...search }, fromRow);
  }

  /** Number of members of each given role; roles without members are absent from the map. */
  async memberCounts(roleIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (let start = 0; start < roleIds.length; start += CHUNK) {
      const rows = await this.db
        .selectFrom('role_members')
        .select((eb) => ['role_id', eb.fn.countAll<number | string>().as('members')])
        .where('role_id', 'in', roleIds.slice(start, start + CHUNK))
        .groupBy('role_id')
        .execute();
      for (const row of rows) counts.set(row.role_id, Number(row.members));
    }
    return counts;
  }

  /** Reads one page of a role's members ordered by userName (ignoring case), then id. */
  async memberPage(roleId: string, offset: number, limit: number): Promise<Page<RoleMemberDetail>> {
    const counted = await this.db
      .selectFrom('role_members')
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .where('role_id', '=', roleId)
      .executeTakeFirstOrThrow();
    const total = Number(counted.total);
    if (limit === 0 || offset >= total) return { total, items: [] };
    const rows = await this.db
      .selectFrom('role_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.user_name', 'u.display_name', 'u.email', 'u.suspended', 'u.managed_by'])
      .where('m.role_id', '=', roleId)
      .orderBy(byCodePoint('u.user_name_fold', this.dialect))
      .orderBy(byCodePoint('u.id', this.dialect))
      .limit(limit)
      .offset(offset)
      .execute();
    const items = rows.map((row) => ({
      userId: row.id,
      userName: row.user_name,
      displayName: row.display_name,
      email: row.email,
      suspended: Number(row.suspended) === 1,
      managedBy: row.managed_by,
    }));
    return { total, items };
  }

  /** Members of the given roles, ordered by role, then by user id. */
  async members(roleIds: readonly string[]): Promise<RoleMember[]> {
    const members: RoleMember[] = [];
    for (let start = 0; start < roleIds.length; start += CHUNK) {
      const rows = await this.db
        .selectFrom('role_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.role_id', 'm.user_id', 'm.display_label', 'u.display_name'])
        .where('m.role_id', 'in', roleIds.slice(start, start + CHUNK))
        .orderBy('m.role_id')
        .orderBy('m.user_id')
        .execute();
      for (const row of rows) {
        members.push({
          roleId: row.role_id,
          userId: row.user_id,
          userDisplayName: row.display_name,
          displayLabel: row.display_label,
        });
      }
    }
    return members;
  }

  /**
   * Up to `limit` members of one role whose user ids sort after `afterUserId` (from the start when
   * null), in user id order: one page of a member list read page by page. The comparison and the
   * order use the column's own collation, so they match the primary key's order.
   */
  async membersAfter(
    roleId: string,
    afterUserId: string | null,
    limit: number,
  ): Promise<RoleMember[]> {
    // The page is cut from role_members before the join. Joining first lets PostgreSQL, without
    // fresh statistics after a bulk load, join and sort every later member for each page.
    let page = this.db
      .selectFrom('role_members')
      .select(['user_id', 'display_label'])
      .where('role_id', '=', roleId);
    if (afterUserId !== null) page = page.where('user_id', '>', afterUserId);
    const rows = await this.db
      .selectFrom(page.orderBy('user_id').limit(limit).as('m'))
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'm.display_label', 'u.display_name'])
      .orderBy('m.user_id')
      .execute();
    return rows.map((row) => ({
      roleId,
      userId: row.user_id,
      userDisplayName: row.display_name,
      displayLabel: row.display_label,
    }));
  }

  /** Roles of the given users, ordered by user, then by role name. */
  async rolesOfUsers(userIds: readonly string[]): Promise<UserRole[]> {
    const roles: UserRole[] = [];
    for (let start = 0; start < userIds.length; start += CHUNK) {
      const rows = await this.db
        .selectFrom('role_members as m')
        .innerJoin('roles as r', 'r.id', 'm.role_id')
        .select(['m.user_id', 'r.id', 'r.name'])
        .where('m.user_id', 'in', userIds.slice(start, start + CHUNK))
        .orderBy('m.user_id')
        .orderBy(byCodePoint('r.name_fold', this.dialect))
        .orderBy('r.id')
        .execute();
      for (const row of rows)
        roles.push({ userId: row.user_id, roleId: row.id, roleName: row.name });
    }
    return roles;
  }

  /**
   * Adds members that are not members yet; returns how many were added. When a user appears
   * twice, the first entry's label is kept. Rows are inserted in user id order, so the foreign-key
   * checks lock users in the same order in every transaction.
   */
  async addMembers(
    roleId: string,
    members: readonly NewMember[],
    addedAt: string,
  ): Promise<number> {
    const sorted = [...members].sort((a, b) => compareText(a.userId, b.userId));
    let added = 0;
    for (let start = 0; start < sorted.length; start += CHUNK) {
      const values = sorted.slice(start, start + CHUNK).map((member) => ({
        role_id: roleId,
        user_id: member.userId,
        display_label: member.displayLabel,
        added_at: addedAt,
      }));
      const result = await this.db
        .insertInto('role_members')
        .values(values)
        .onConflict((conflict) => conflict.columns(['role_id', 'user_id']).doNothing())
        .executeTakeFirst();
      added += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return added;
  }

  /** Removes the given users from a role; returns how many were members. */
  async removeMembers(roleId: string, userIds: readonly string[]): Promise<number> {
    const candidates = userIds.filter(isStorableKey);
    let removed = 0;
    for (let start = 0; start < candidates.length; start += CHUNK) {
      const result = await this.db
        .deleteFrom('role_members')
        .where('role_id', '=', roleId)
        .where('user_id', 'in', candidates.slice(start, start + CHUNK))
        .executeTakeFirst();
      removed += Number(result.numDeletedRows);
    }
    return removed;
  }

  /** Removes every member of a role; returns how many there were. */
  async clearMembers(roleId: string): Promise<number> {
    const result = await this.db
      .deleteFrom('role_members')
      .where('role_id', '=', roleId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async memberIds(roleId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('role_members')
      .select('user_id')
      .where('role_id', '=', roleId)
      .execute();
    return rows.map((row) => row.user_id);
  }

  /**
   * Moves version and lastModified of every role the user belongs to, e.g. before deleting it.
   * On PostgreSQL the roles are locked in id order first, so two such updates (two users deleted
   * at once) lock the roles they share in the same order instead of deadlocking on them.
   */
  async touchRolesOfUser(userId: string, now: string): Promise<void> {
    let targets = this.db
      .selectFrom('roles')
      .select('id')
      .where('id', 'in', (eb) =>
        eb.selectFrom('role_members').select('role_id').where('user_id', '=', userId),
      );
    if (this.dialect === 'postgres') targets = targets.orderBy('id').forNoKeyUpdate();
    await this.db
      .updateTable('roles')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
      .where('id', 'in', targets)
      .execute();
  }

  /** Moves a role's version and lastModified after a membership change. */
  async touch(roleId: string, now: string): Promise<void> {
    await this.db
      .updateTable('roles')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', roleId)
      .execute();
  }

  async markManaged(ids: readonly string[], provider: string): Promise<void> {
    for (let start = 0; start < ids.length; start += CHUNK) {
      await this.db
        .updateTable('roles')
        .set({ managed_by: provider })
        .where('id', 'in', ids.slice(start, start + CHUNK))
        .where((eb) => eb.or([eb('managed_by', 'is', null), eb('managed_by', '<>', provider)]))
        .execute();
    }
  }
}

/** Compares strings by UTF-16 code unit, which for the ids here is their byte order. */
function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

function roleSearchCondition(
  eb: ExpressionBuilder<Database, 'roles'>,
  search: RoleSearch,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (search.text !== undefined && search.text !== '') {
    conditions.push(foldedContains('name_fold', search.text));
  }
  if (search.managedBy === 'none') conditions.push(eb('managed_by', 'is', null));
  else if (search.managedBy === 'any') conditions.push(eb('managed_by', 'is not', null));
  else if (search.managedBy !== undefined) conditions.push(eb('managed_by', '=', search.managedBy));
  return eb.and(conditions);
}

function toRow(role: RoleRecord, dialect: DialectName): RolesTable {
  return {
    id: role.id,
    organization_id: role.organizationId,
    name: role.name,
    name_fold: foldCase(role.name),
    external_id: role.externalId,
    managed_by: role.managedBy,
    version: role.version,
    created_at: role.created,
    updated_at: role.lastModified,
    ...writeAttributes(role.attributes, dialect),
  };
}

function fromRow(row: Selectable<RolesTable>): RoleRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    externalId: row.external_id,
    managedBy: row.managed_by,
    version: Number(row.version),
    created: row.created_at,
    lastModified: row.updated_at,
    attributes: readAttributes(row),
  };
}
