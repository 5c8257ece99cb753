/*
 * Keys of the PostgreSQL advisory locks rolecall takes, in one place so that they stay distinct.
 * Both are transaction-level locks (pg_advisory_xact_lock), released at commit or rollback, and
 * they show in pg_locks with locktype 'advisory' and objid equal to the key.
 */

/** Held while a migration is checked and applied, so starting instances migrate one at a time. */
export const MIGRATION_LOCK = 7165536;

/** Held while the first organization is created, so starting instances create only one. */
export const BOOTSTRAP_LOCK = 7165537;
