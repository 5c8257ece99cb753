import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Store } from '../../src/storage/store.js';
import { isUniqueViolation } from '../../src/storage/unique-violation.js';
import { CREATED, organizationRecord, tokenRecord } from '../support/storage-records.js';
import { createTestDatabase, testBackends, type TestDatabase } from '../support/test-database.js';

const LATER = '2024-06-01T08:30:00.000Z';

describe.each(testBackends())('TokenRepository and OrganizationRepository on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let org: string;
  let otherOrg: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = new Store(database.db, database.dialect);
    const first = organizationRecord({ created: '2024-01-02T00:00:00.000Z' });
    const second = organizationRecord({ created: '2024-01-01T00:00:00.000Z' });
    await store.organizations.insert(first);
    await store.organizations.insert(second);
    org = first.id;
    otherOrg = second.id;
  });

  afterAll(async () => {
    await database.drop();
  });

  describe('organizations', () => {
    it('finds one and lists them by creation time', async () => {
      const organizations = await store.organizations.list();

      expect(organizations.map((organization) => organization.id)).toEqual([otherOrg, org]);
      expect(await store.organizations.find(org)).toEqual({
        id: org,
        name: 'Test organization',
        created: '2024-01-02T00:00:00.000Z',
      });
      expect(await store.organizations.find('o-0000000000000000')).toBeUndefined();
    });
  });

  describe('tokens', () => {
    it('reads back a token by hash and by id within its organization', async () => {
      const token = tokenRecord(org, { label: 'okta sync', provider: 'okta' });
      await store.tokens.insert(token);

      expect(await store.tokens.findByHash(token.secretHash)).toEqual(token);
      expect(await store.tokens.find(org, token.id)).toEqual(token);
      expect(await store.tokens.find(otherOrg, token.id)).toBeUndefined();
      expect(await store.tokens.findByHash('0'.repeat(64))).toBeUndefined();
    });

    it('stores admin tokens without a provider', async () => {
      const token = tokenRecord(org, { kind: 'admin', provider: null });
      await store.tokens.insert(token);

      expect(await store.tokens.find(org, token.id)).toEqual(token);
    });

    it('rejects a second token with the same secret hash', async () => {
      const token = tokenRecord(org);
      await store.tokens.insert(token);

      let violated = false;
      try {
        await store.tokens.insert(tokenRecord(otherOrg, { secretHash: token.secretHash }));
      } catch (error) {
        violated = isUniqueViolation(error);
      }
      expect(violated).toBe(true);
    });

    it('lists the tokens of one organization by creation time', async () => {
      const organization = organizationRecord();
      await store.organizations.insert(organization);
      const late = tokenRecord(organization.id, { created: LATER });
      const early = tokenRecord(organization.id, { created: CREATED });
      await store.tokens.insert(late);
      await store.tokens.insert(early);

      expect(await store.tokens.list(organization.id)).toEqual([early, late]);
    });

    it('replaces the secret of a live token only', async () => {
      const token = tokenRecord(org);
      await store.tokens.insert(token);
      const newHash = 'f'.repeat(64);

      expect(await store.tokens.replaceSecret(token.id, newHash, 'ffff')).toBe(true);
      expect(await store.tokens.findByHash(token.secretHash)).toBeUndefined();
      expect(await store.tokens.findByHash(newHash)).toEqual({
        ...token,
        secretHash: newHash,
        secretHint: 'ffff',
      });

      await store.tokens.revoke(token.id, LATER);
      expect(await store.tokens.replaceSecret(token.id, 'e'.repeat(64), 'eeee')).toBe(false);
      expect(await store.tokens.replaceSecret('t-0000000000000000', 'd'.repeat(64), 'dddd')).toBe(
        false,
      );
    });

    it('revokes a token once', async () => {
      const token = tokenRecord(org);
      await store.tokens.insert(token);

      expect(await store.tokens.revoke(token.id, LATER)).toBe(true);
      expect(await store.tokens.revoke(token.id, '2025-01-01T00:00:00.000Z')).toBe(false);
      expect((await store.tokens.find(org, token.id))!.revoked).toBe(LATER);
    });

    it('records the last use', async () => {
      const token = tokenRecord(org);
      await store.tokens.insert(token);

      await store.tokens.touch(token.id, LATER);

      expect((await store.tokens.find(org, token.id))!.lastUsed).toBe(LATER);
    });
  });
});
