import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Store } from '../../src/storage/store.js';
import { isUniqueViolation } from '../../src/storage/unique-violation.js';
import {
  CREATED,
  newRoleId,
  newUserId,
  organizationRecord,
  roleRecord,
  userRecord,
} from '../support/storage-records.js';
import { createTestDatabase, testBackends, type TestDatabase } from '../support/test-database.js';

describe.each(testBackends())('UserRepository on %s', (dialect) => {
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

  const userRow = (id: string) =>
    database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

  async function uniqueViolationOf(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
    } catch (error) {
      return isUniqueViolation(error);
    }
    return false;
  }

  describe('insert and find', () => {
    it('reads back the record it wrote', async () => {
      const user = userRecord(org, {
        externalId: 'ext-1',
        managedBy: 'okta',
        passwordHash: 'scrypt$abc',
        attributes: {
          userName: 'round@example.test',
          name: { givenName: 'Zoë', familyName: 'Ünal', formatted: 'Zoë Ünal' },
          emails: [{ value: 'round@example.test', type: 'work', primary: true }],
          active: true,
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { costCenter: 'ZZ-1' },
        },
      });
      await store.users.insert(user);

      expect(await store.users.find(org, user.id)).toEqual(user);
    });

    it('keeps the key order of the attributes as written', async () => {
      const attributes = {
        zeta: 1,
        userName: 'order@example.test',
        name: { givenName: 'A', familyName: 'B', formatted: 'A B' },
        a: [{ value: 'v', type: 'work' }],
      };
      const user = userRecord(org, { attributes });
      await store.users.insert(user);
      const found = await store.users.find(org, user.id);

      expect(JSON.stringify(found!.attributes)).toBe(JSON.stringify(attributes));
    });

    it('stores folded lookup columns, 0/1 flags and the attribute text per backend', async () => {
      const user = userRecord(org, {
        userName: 'Émile.MIXED@Example.test',
        email: 'Émile.Work@Example.test',
        displayName: 'Émile Über',
        suspended: true,
      });
      await store.users.insert(user);
      const row = await userRow(user.id);

      expect(row!.user_name_fold).toBe('émile.mixed@example.test');
      expect(row!.email_fold).toBe('émile.work@example.test');
      expect(row!.display_name_fold).toBe('émile über');
      expect(Number(row!.suspended)).toBe(1);
      expect(row!.attributes_text).toBe(
        dialect === 'postgres' ? JSON.stringify(user.attributes) : null,
      );
    });

    it('returns undefined for an unknown id or another organization', async () => {
      const user = userRecord(org);
      await store.users.insert(user);

      expect(await store.users.find(org, newUserId())).toBeUndefined();
      expect(await store.users.find(otherOrg, user.id)).toBeUndefined();
    });

    it('finds by userName in any letter case, non-ASCII included', async () => {
      const user = userRecord(org, { userName: 'Ærøskøbing@example.test' });
      await store.users.insert(user);

      expect((await store.users.findByUserName(org, 'ærØSKØBING@EXAMPLE.TEST'))?.id).toBe(user.id);
      expect(await store.users.findByUserName(otherOrg, user.userName)).toBeUndefined();
    });

    it('finds for update outside a transaction too', async () => {
      const user = userRecord(org);
      await store.users.insert(user);

      expect(await store.users.findForUpdate(org, user.id)).toEqual(user);
      expect(await store.users.findForUpdate(otherOrg, user.id)).toBeUndefined();
    });
  });

  describe('uniqueness', () => {
    it('rejects a userName that differs only in letter case', async () => {
      await store.users.insert(userRecord(org, { userName: 'twice@example.test' }));

      const violated = await uniqueViolationOf(() =>
        store.users.insert(userRecord(org, { userName: 'TWICE@example.test' })),
      );
      expect(violated).toBe(true);
    });

    it('allows the same userName in another organization', async () => {
      await store.users.insert(userRecord(org, { userName: 'shared@example.test' }));
      await store.users.insert(userRecord(otherOrg, { userName: 'shared@example.test' }));

      expect(await store.users.findByUserName(otherOrg, 'shared@example.test')).toBeDefined();
    });

    it('rejects an update to a taken userName', async () => {
      await store.users.insert(userRecord(org, { userName: 'taken@example.test' }));
      const user = userRecord(org);
      await store.users.insert(user);

      const violated = await uniqueViolationOf(() =>
        store.users.update({ ...user, userName: 'Taken@example.test' }),
      );
      expect(violated).toBe(true);
    });

    it('rejects a second insert of the same id', async () => {
      const user = userRecord(org);
      await store.users.insert(user);

      const violated = await uniqueViolationOf(() =>
        store.users.insert({ ...user, userName: 'other-id@example.test' }),
      );
      expect(violated).toBe(true);
    });
  });

  describe('update and delete', () => {
    it('writes the new state and keeps organization and created', async () => {
      const user = userRecord(org);
      await store.users.insert(user);
      const next = {
        ...user,
        organizationId: otherOrg,
        created: '2030-01-01T00:00:00.000Z',
        userName: 'renamed@example.test',
        displayName: 'Renamed',
        suspended: true,
        version: 2,
        lastModified: '2024-06-01T00:00:00.000Z',
        attributes: { userName: 'renamed@example.test', title: 'Engineer' },
      };

      expect(await store.users.update(next)).toBe(true);
      expect(await store.users.find(org, user.id)).toEqual({
        ...next,
        organizationId: org,
        created: CREATED,
      });
      expect((await userRow(user.id))!.user_name_fold).toBe('renamed@example.test');
    });

    it('returns false when updating an unknown user', async () => {
      expect(await store.users.update(userRecord(org))).toBe(false);
    });

    it('deletes within the organization only', async () => {
      const user = userRecord(org);
      await store.users.insert(user);

      expect(await store.users.delete(otherOrg, user.id)).toBe(false);
      expect(await store.users.delete(org, user.id)).toBe(true);
      expect(await store.users.delete(org, user.id)).toBe(false);
      expect(await userRow(user.id)).toBeUndefined();
    });

    it('deletes the memberships of a deleted user', async () => {
      const user = userRecord(org);
      const role = roleRecord(org);
      await store.users.insert(user);
      await store.roles.insert(role);
      await store.roles.addMembers(role.id, [{ userId: user.id, displayLabel: null }], CREATED);

      await store.users.delete(org, user.id);

      expect(await store.roles.memberIds(role.id)).toEqual([]);
    });
  });

  describe('list', () => {
    let listOrg: string;
    let ids: string[];

    beforeAll(async () => {
      const organization = organizationRecord();
      await store.organizations.insert(organization);
      listOrg = organization.id;
      ids = [];
      for (let index = 0; index < 7; index += 1) {
        const user = userRecord(listOrg, {
          userName: `list-${index}@example.test`,
          suspended: index % 2 === 1,
        });
        await store.users.insert(user);
        ids.push(user.id);
      }
      ids.sort();
    });

    const byId = { expression: sql.ref('users.id'), descending: false };

    it('counts every match and returns one ordered page', async () => {
      const page = await store.users.list(listOrg, {
        where: undefined,
        orderBy: [byId],
        offset: 2,
        limit: 3,
      });

      expect(page.total).toBe(7);
      expect(typeof page.total).toBe('number');
      expect(page.items.map((user) => user.id)).toEqual(ids.slice(2, 5));
    });

    it('filters in the database and counts the matches', async () => {
      const page = await store.users.list(listOrg, {
        where: sql`users.suspended = 1`,
        orderBy: [byId],
        offset: 0,
        limit: 100,
      });

      expect(page.total).toBe(3);
      expect(page.items.every((user) => user.suspended)).toBe(true);
    });

    it('orders descending when asked', async () => {
      const page = await store.users.list(listOrg, {
        where: undefined,
        orderBy: [{ ...byId, descending: true }],
        offset: 0,
        limit: 2,
      });

      expect(page.items.map((user) => user.id)).toEqual([ids[6], ids[5]]);
    });

    it('returns only the count for limit 0 or an offset past the end', async () => {
      for (const [offset, limit] of [
        [0, 0],
        [7, 10],
        [50, 10],
      ] as const) {
        const page = await store.users.list(listOrg, {
          where: undefined,
          orderBy: [byId],
          offset,
          limit,
        });

        expect(page.total).toBe(7);
        expect(page.items).toEqual([]);
      }
    });

    it('never lists users of another organization', async () => {
      const page = await store.users.list(otherOrg, {
        where: sql`users.user_name_fold like 'list-%'`,
        orderBy: [byId],
        offset: 0,
        limit: 100,
      });

      expect(page.total).toBe(0);
    });
  });

  describe('existingIds', () => {
    it('returns the ids that name users of the organization', async () => {
      const mine = userRecord(org);
      const theirs = userRecord(otherOrg);
      await store.users.insert(mine);
      await store.users.insert(theirs);

      const found = await store.users.existingIds(org, [mine.id, theirs.id, newUserId()]);

      expect([...found]).toEqual([mine.id]);
    });

    it('checks more ids than one statement takes', async () => {
      const users = Array.from({ length: 1100 }, () => userRecord(org));
      await store.transaction(async (trx) => {
        for (const user of users) await trx.users.insert(user);
      });
      const unknown = Array.from({ length: 300 }, newUserId);

      const found = await store.users.existingIds(org, [...unknown, ...users.map((u) => u.id)]);

      expect(found.size).toBe(1100);
    });

    it('returns an empty set for no ids', async () => {
      expect((await store.users.existingIds(org, [])).size).toBe(0);
    });
  });

  describe('markManaged', () => {
    it('marks active users without moving version or lastModified', async () => {
      const active = userRecord(org, { managedBy: 'generic' });
      const unmanaged = userRecord(org);
      const suspended = userRecord(org, { suspended: true });
      for (const user of [active, unmanaged, suspended]) await store.users.insert(user);

      await store.users.markManaged([active.id, unmanaged.id, suspended.id, active.id], 'okta');

      expect(await store.users.find(org, active.id)).toEqual({ ...active, managedBy: 'okta' });
      expect((await store.users.find(org, unmanaged.id))!.managedBy).toBe('okta');
      expect((await store.users.find(org, suspended.id))!.managedBy).toBeNull();
    });

    it('marks more users than one statement takes', async () => {
      const users = Array.from({ length: 1050 }, () => userRecord(org));
      await store.transaction(async (trx) => {
        for (const user of users) await trx.users.insert(user);
      });

      await store.users.markManaged(
        users.map((user) => user.id),
        'azure',
      );

      const marked = await database.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where(
          'id',
          'in',
          users.map((user) => user.id),
        )
        .where('managed_by', '=', 'azure')
        .executeTakeFirstOrThrow();
      expect(Number(marked.n)).toBe(1050);
    });

    it('ignores ids that name no user', async () => {
      await expect(store.users.markManaged([newUserId(), newRoleId()], 'okta')).resolves.toBe(
        undefined,
      );
    });
  });
});
