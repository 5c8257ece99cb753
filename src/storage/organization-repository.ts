import type { Kysely } from 'kysely';

import type { Database } from './database-schema.js';
import { isStorableKey } from './storable-key.js';

export interface OrganizationRecord {
  readonly id: string;
  readonly name: string;
  readonly created: string;
}

export class OrganizationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(organization: OrganizationRecord): Promise<void> {
    await this.db
      .insertInto('organizations')
      .values({ id: organization.id, name: organization.name, created_at: organization.created })
      .execute();
  }

  async list(): Promise<OrganizationRecord[]> {
    const rows = await this.db
      .selectFrom('organizations')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ id: row.id, name: row.name, created: row.created_at }));
  }

  async find(id: string): Promise<OrganizationRecord | undefined> {
    if (!isStorableKey(id)) return undefined;
    const row = await this.db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && { id: row.id, name: row.name, created: row.created_at };
  }
}
