import type { Kysely, Selectable } from 'kysely';

import type { Database, TokensTable } from './database-schema.js';
import { isStorableKey } from './storable-key.js';

export type TokenKind = 'provisioning' | 'admin';

/** A stored token: never the secret itself, only its hash and last four characters. */
export interface TokenRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly kind: TokenKind;
  readonly provider: string | null;
  readonly secretHash: string;
  readonly secretHint: string;
  readonly label: string | null;
  readonly created: string;
  readonly lastUsed: string | null;
  readonly revoked: string | null;
}

export class TokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(token: TokenRecord): Promise<void> {
    await this.db.insertInto('tokens').values(toRow(token)).execute();
  }

  async findByHash(secretHash: string): Promise<TokenRecord | undefined> {
    const row = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('secret_hash', '=', secretHash)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async find(organizationId: string, id: string): Promise<TokenRecord | undefined> {
    if (!isStorableKey(id)) return undefined;
    const row = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async list(organizationId: string): Promise<TokenRecord[]> {
    const rows = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  /** Replaces a live token's secret; returns false when the token is unknown or revoked. */
  async replaceSecret(id: string, secretHash: string, secretHint: string): Promise<boolean> {
    if (!isStorableKey(id)) return false;
    const result = await this.db
      .updateTable('tokens')
      .set({ secret_hash: secretHash, secret_hint: secretHint })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Revokes a live token; returns false when it is unknown or already revoked. */
  async revoke(id: string, revokedAt: string): Promise<boolean> {
    if (!isStorableKey(id)) return false;
    const result = await this.db
      .updateTable('tokens')
      .set({ revoked_at: revokedAt })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async touch(id: string, usedAt: string): Promise<void> {
    await this.db
      .updateTable('tokens')
      .set({ last_used_at: usedAt })
      .where('id', '=', id)
      .execute();
  }
}

function toRow(token: TokenRecord): TokensTable {
  return {
    id: token.id,
    organization_id: token.organizationId,
    kind: token.kind,
    provider: token.provider,
    secret_hash: token.secretHash,
    secret_hint: token.secretHint,
    label: token.label,
    created_at: token.created,
    last_used_at: token.lastUsed,
    revoked_at: token.revoked,
  };
}

function fromRow(row: Selectable<TokensTable>): TokenRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    kind: row.kind,
    provider: row.provider,
    secretHash: row.secret_hash,
    secretHint: row.secret_hint,
    label: row.label,
    created: row.created_at,
    lastUsed: row.last_used_at,
    revoked: row.revoked_at,
  };
}
