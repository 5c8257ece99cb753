import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';

import { BOOTSTRAP_LOCK } from './advisory-locks.js';
import type { Database } from './database-schema.js';
import type { DialectName } from './dialect-name.js';
import { OrganizationRepository } from './organization-repository.js';
import { RoleRepository } from './role-repository.js';
import { DEFAULT_RETRY_POLICY, runTransaction, type RetryPolicy } from './run-transaction.js';
import { TokenRepository } from './token-repository.js';
import { UserRepository } from './user-repository.js';

export interface StoreOptions {
  /** Receives a warning each time a transaction runs again after a conflict. */
  readonly logger?: Logger;
  readonly retry?: RetryPolicy;
}

/**
 * The repositories over one database connection or transaction. `transaction` runs a function
 * atomically with a store bound to the transaction; nested calls reuse the outer transaction.
 */
export class Store {
  readonly users: UserRepository;
  readonly roles: RoleRepository;
  readonly tokens: TokenRepository;
  readonly organizations: OrganizationRepository;
  private readonly options: StoreOptions;
  /** Set on the stores that `transaction` binds to a transaction. */
  private inTransaction = false;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
    options: StoreOptions = {},
  ) {
    this.users = new UserRepository(db, dialect);
    this.roles = new RoleRepository(db, dialect);
    this.tokens = new TokenRepository(db);
    this.organizations = new OrganizationRepository(db);
    this.options = options;
  }

  /** Serializes first-start bootstrap across PostgreSQL instances until the transaction ends. */
  async lockBootstrap(): Promise<void> {
    await sql`select pg_advisory_xact_lock(${sql.lit(BOOTSTRAP_LOCK)})`.execute(this.db);
  }

  /** Runs `select 1`; throws when the database cannot be reached. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  /**
   * Runs `work` atomically with a store bound to one transaction; see runTransaction for the
   * isolation level and the retries on PostgreSQL. `work` may run more than once, so it must
   * keep its effects to the database and to state that a second run overwrites. A call on a
   * store that is already bound to a transaction runs `work` in that transaction, once.
   */
  async transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    const options = {
      retry: this.options.retry ?? DEFAULT_RETRY_POLICY,
      logger: this.options.logger,
    };
    return runTransaction(this.db, this.dialect, (trx) => work(this.boundTo(trx)), options);
  }

  private boundTo(trx: Kysely<Database>): Store {
    const store = new Store(trx, this.dialect, this.options);
    store.inTransaction = true;
    return store;
  }
}
