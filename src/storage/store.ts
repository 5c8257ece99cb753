import { sql, type Kysely } from 'kysely';

import type { Database } from './database-schema.js';
import type { DialectName } from './dialect-name.js';
import { OrganizationRepository } from './organization-repository.js';
import { RoleRepository } from './role-repository.js';
import { TokenRepository } from './token-repository.js';
import { UserRepository } from './user-repository.js';

/**
 * The repositories over one database connection or transaction. `transaction` runs a function
 * atomically with a store bound to the transaction; nested calls reuse the outer transaction.
 */
export class Store {
  readonly users: UserRepository;
  readonly roles: RoleRepository;
  readonly tokens: TokenRepository;
  readonly organizations: OrganizationRepository;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
    private readonly inTransaction = false,
  ) {
    this.users = new UserRepository(db, dialect);
    this.roles = new RoleRepository(db, dialect);
    this.tokens = new TokenRepository(db);
    this.organizations = new OrganizationRepository(db);
  }

  /** Serializes first-start bootstrap across PostgreSQL instances until the transaction ends. */
  async lockBootstrap(): Promise<void> {
    await sql`select pg_advisory_xact_lock(7165537)`.execute(this.db);
  }

  async transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    return this.db.transaction().execute((trx) => work(new Store(trx, this.dialect, true)));
  }
}
