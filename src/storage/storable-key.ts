/**
 * Tells whether a lookup key can name a stored row. PostgreSQL's text type rejects U+0000, so a
 * query that binds such a key fails there instead of matching nothing. No stored key contains
 * U+0000 on either backend, so repositories return "not found" for such keys without a query.
 */
export function isStorableKey(key: string): boolean {
  return !key.includes('\u0000');
}
