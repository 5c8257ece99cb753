import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RoleRecord } from '../../src/storage/role-repository.js';
import { Store } from '../../src/storage/store.js';
import { isUniqueViolation } from '../../src/storage/unique-violation.js';
import type { UserRecord } from '../../src/storage/user-repository.js';
import {
  CREATED,
  newRoleId,
  newUserId,
  organizationRecord,
  roleRecord,
  userRecord,
} from '../support/storage-records.js';
import { createTestDatabase, testBackends, type TestDatabase } from '../support/test-database.js';

const LATER = '2024-06-01T08:30:00.000Z';

describe.each(testBackends())('RoleRepository on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let org: string;
  let otherOrg: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = new Store(database.db, database.dialect);
    const first = organizationRecord();
    const second = organizationRecord();
    await store.organizations.insert(first);
    await store.organizations.insert(second);
    org = first.id;
    otherOrg = second.id;
  });

  afterAll(async () => {
    await database.drop();
  });

  async function newRole(overrides: Partial<RoleRecord> = {}): Promise<RoleRecord> {
    const role = roleRecord(org, overrides);
    await store.roles.insert(role);
    return role;
  }

  async function newUsers(count: number, overrides: Partial<UserRecord> = {}) {
    const users = Array.from({ length: count }, () => userRecord(org, overrides));
    await store.transaction(async (trx) => {
      for (const user of users) await trx.users.insert(user);
    });
    return users;
  }

  const member = (user: UserRecord, displayLabel: string | null = null) => ({
    userId: user.id,
    displayLabel,
  });

  const membershipRows = (roleId: string) =>
    database.db
      .selectFrom('role_members')
      .selectAll()
      .where('role_id', '=', roleId)
      .orderBy('user_id')
      .execute();

  describe('insert, find, update and delete', () => {
    it('reads back the record it wrote, key order included', async () => {
      const role = await newRole({
        name: 'Ops Ünit',
        externalId: 'ext-7',
        managedBy: 'okta',
        attributes: { externalId: 'ext-7', displayName: 'Ops Ünit' },
      });
      const found = await store.roles.find(org, role.id);

      expect(found).toEqual(role);
      expect(JSON.stringify(found!.attributes)).toBe(JSON.stringify(role.attributes));
    });

    it('finds by name in any letter case, within the organization', async () => {
      const role = await newRole({ name: 'Équipe Rouge' });

      expect((await store.roles.findByName(org, 'éQUIPE rouge'))?.id).toBe(role.id);
      expect(await store.roles.findByName(otherOrg, 'Équipe Rouge')).toBeUndefined();
      expect(await store.roles.find(otherOrg, role.id)).toBeUndefined();
      expect(await store.roles.findForUpdate(org, role.id)).toEqual(role);
    });

    it('rejects a name that differs only in letter case', async () => {
      await newRole({ name: 'Unique Name' });

      let violated = false;
      try {
        await newRole({ name: 'UNIQUE name' });
      } catch (error) {
        violated = isUniqueViolation(error);
      }
      expect(violated).toBe(true);
    });

    it('updates name, attributes, version and lastModified', async () => {
      const role = await newRole();
      const next = {
        ...role,
        name: 'Renamed role',
        externalId: 'x-1',
        attributes: { displayName: 'Renamed role', externalId: 'x-1' },
        version: 4,
        lastModified: LATER,
      };

      expect(await store.roles.update(next)).toBe(true);
      expect(await store.roles.find(org, role.id)).toEqual(next);
      expect(await store.roles.update(roleRecord(org))).toBe(false);
    });

    it('deletes within the organization only, with the memberships', async () => {
      const role = await newRole();
      const [user] = await newUsers(1);
      await store.roles.addMembers(role.id, [member(user!)], CREATED);

      expect(await store.roles.delete(otherOrg, role.id)).toBe(false);
      expect(await store.roles.delete(org, role.id)).toBe(true);
      expect(await store.roles.delete(org, role.id)).toBe(false);
      expect(await membershipRows(role.id)).toEqual([]);
      expect(await store.users.find(org, user!.id)).toBeDefined();
    });
  });

  describe('list', () => {
    it('counts and pages roles of one organization', async () => {
      const organization = organizationRecord();
      await store.organizations.insert(organization);
      const roles = Array.from({ length: 5 }, () => roleRecord(organization.id));
      for (const role of roles) await store.roles.insert(role);
      const ids = roles.map((role) => role.id).sort();

      const page = await store.roles.list(organization.id, {
        where: undefined,
        orderBy: [{ expression: sql.ref('roles.id'), descending: false }],
        offset: 1,
        limit: 2,
      });

      expect(page.total).toBe(5);
      expect(page.items.map((role) => role.id)).toEqual(ids.slice(1, 3));
    });
  });

  describe('membership changes', () => {
    it('adds members once and counts only new ones', async () => {
      const role = await newRole();
      const [a, b, c] = await newUsers(3);

      expect(await store.roles.addMembers(role.id, [member(a!), member(b!)], CREATED)).toBe(2);
      expect(await store.roles.addMembers(role.id, [member(b!), member(c!)], LATER)).toBe(1);
      expect(await store.roles.addMembers(role.id, [member(a!), member(c!)], LATER)).toBe(0);
      expect((await store.roles.memberIds(role.id)).sort()).toEqual([a!.id, b!.id, c!.id].sort());
    });

    it('stores labels and times, and keeps an existing membership as it was', async () => {
      const role = await newRole();
      const [a, b] = await newUsers(2);
      await store.roles.addMembers(role.id, [member(a!, 'First label')], CREATED);

      await store.roles.addMembers(role.id, [member(a!, 'Second label'), member(b!)], LATER);

      const rows = await membershipRows(role.id);
      expect(rows).toContainEqual({
        role_id: role.id,
        user_id: a!.id,
        display_label: 'First label',
        added_at: CREATED,
      });
      expect(rows).toContainEqual({
        role_id: role.id,
        user_id: b!.id,
        display_label: null,
        added_at: LATER,
      });
    });

    it('counts a repeated user once, first label kept', async () => {
      const role = await newRole();
      const [a] = await newUsers(1);

      const added = await store.roles.addMembers(
        role.id,
        [member(a!, 'first'), member(a!, 'second')],
        CREATED,
      );

      expect(added).toBe(1);
      expect((await membershipRows(role.id))[0]!.display_label).toBe('first');
    });

    it('removes members and ignores users that are not members', async () => {
      const role = await newRole();
      const [a, b, c] = await newUsers(3);
      await store.roles.addMembers(role.id, [member(a!), member(b!)], CREATED);

      expect(await store.roles.removeMembers(role.id, [a!.id, c!.id, newUserId()])).toBe(1);
      expect(await store.roles.removeMembers(role.id, [a!.id])).toBe(0);
      expect(await store.roles.removeMembers(role.id, [])).toBe(0);
      expect(await store.roles.memberIds(role.id)).toEqual([b!.id]);
    });

    it('clears every member and counts them', async () => {
      const role = await newRole();
      const other = await newRole();
      const users = await newUsers(4);
      await store.roles.addMembers(
        role.id,
        users.map((user) => member(user)),
        CREATED,
      );
      await store.roles.addMembers(other.id, [member(users[0]!)], CREATED);

      expect(await store.roles.clearMembers(role.id)).toBe(4);
      expect(await store.roles.clearMembers(role.id)).toBe(0);
      expect(await store.roles.memberIds(other.id)).toEqual([users[0]!.id]);
    });

    it('handles more members than one statement takes', async () => {
      const role = await newRole();
      const users = await newUsers(1203);

      const added = await store.roles.addMembers(
        role.id,
        users.map((user) => member(user)),
        CREATED,
      );
      const again = await store.roles.addMembers(
        role.id,
        users.map((user) => member(user)),
        LATER,
      );
      const removed = await store.roles.removeMembers(
        role.id,
        users.slice(0, 1001).map((user) => user.id),
      );

      expect(added).toBe(1203);
      expect(again).toBe(0);
      expect(removed).toBe(1001);
      expect((await store.roles.memberIds(role.id)).length).toBe(202);
    });
  });

  describe('reading memberships', () => {
    it('lists members by role, then user id, with display names and labels', async () => {
      const first = await newRole();
      const second = await newRole();
      const users = await newUsers(3, { displayName: 'Shown Name' });
      await store.roles.addMembers(
        first.id,
        [member(users[2]!, 'label'), member(users[0]!), member(users[1]!)],
        CREATED,
      );
      await store.roles.addMembers(second.id, [member(users[1]!)], CREATED);

      const members = await store.roles.members([second.id, first.id]);

      const expected = [first, second]
        .sort((x, y) => (x.id < y.id ? -1 : 1))
        .flatMap((role) =>
          (role === first ? users : [users[1]!])
            .map((user) => user.id)
            .sort()
            .map((userId) => ({
              roleId: role.id,
              userId,
              userDisplayName: 'Shown Name',
              displayLabel: role === first && userId === users[2]!.id ? 'label' : null,
            })),
        );
      expect(members).toEqual(expected);
    });

    it('lists roles of users by user, then name in code point order', async () => {
      const [user] = await newUsers(1);
      const names = ['Zeta', 'é', 'a-b', 'ab', 'a b', 'E'];
      const roles: RoleRecord[] = [];
      for (const name of names) roles.push(await newRole({ name }));
      await store.transaction(async (trx) => {
        for (const role of roles) await trx.roles.addMembers(role.id, [member(user!)], CREATED);
      });

      const found = await store.roles.rolesOfUsers([user!.id]);

      // Folded names: 'a b' < 'a-b' < 'ab' < 'e' < 'zeta' < 'é' by code point.
      expect(found.map((role) => role.roleName)).toEqual(['a b', 'a-b', 'ab', 'E', 'Zeta', 'é']);
      expect(found.every((role) => role.userId === user!.id)).toBe(true);
    });

    it('reads memberships of more roles and users than one statement takes', async () => {
      const [user] = await newUsers(1);
      const roles = Array.from({ length: 620 }, () => roleRecord(org));
      await store.transaction(async (trx) => {
        for (const role of roles) {
          await trx.roles.insert(role);
          await trx.roles.addMembers(role.id, [member(user!)], CREATED);
        }
      });
      const roleIds = roles.map((role) => role.id);

      expect((await store.roles.members(roleIds)).length).toBe(620);
      expect(
        (await store.roles.rolesOfUsers([user!.id, ...Array.from({ length: 600 }, newUserId)]))
          .length,
      ).toBe(620);
      expect(await store.roles.members([])).toEqual([]);
    });
  });

  describe('versions and marking', () => {
    it('touches the roles of a user and no others', async () => {
      const [user, other] = await newUsers(2);
      const mine = [await newRole({ version: 3 }), await newRole({ version: 1 })];
      const notMine = await newRole({ version: 5 });
      for (const role of mine) await store.roles.addMembers(role.id, [member(user!)], CREATED);
      await store.roles.addMembers(notMine.id, [member(other!)], CREATED);

      await store.roles.touchRolesOfUser(user!.id, LATER);

      expect(await store.roles.find(org, mine[0]!.id)).toEqual({
        ...mine[0],
        version: 4,
        lastModified: LATER,
      });
      expect((await store.roles.find(org, mine[1]!.id))!.version).toBe(2);
      expect(await store.roles.find(org, notMine.id)).toEqual(notMine);
    });

    it('touches one role', async () => {
      const role = await newRole({ version: 7 });

      await store.roles.touch(role.id, LATER);

      expect(await store.roles.find(org, role.id)).toEqual({
        ...role,
        version: 8,
        lastModified: LATER,
      });
    });

    it('marks roles as managed without moving the version', async () => {
      const role = await newRole({ managedBy: 'generic' });

      await store.roles.markManaged([role.id, newRoleId()], 'okta');

      expect(await store.roles.find(org, role.id)).toEqual({ ...role, managedBy: 'okta' });
    });
  });
});
