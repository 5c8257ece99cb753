/** Tells whether a driver error is a unique-constraint violation (SQLite or PostgreSQL 23505). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return (
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === '23505'
  );
}

/**
 * Tells whether a driver error means that a unique value other than a record's id is taken. A
 * taken id is a different case: insertWithNewId retries it under another id.
 */
export function isValueTaken(error: unknown): boolean {
  return isUniqueViolation(error) && !isPrimaryKeyViolation(error);
}

/**
 * Tells whether a driver error is a violation of a table's primary key: on PostgreSQL, of a
 * constraint named `<table>_pkey`, the name PostgreSQL gives a column's PRIMARY KEY.
 */
export function isPrimaryKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  return code === '23505' && typeof constraint === 'string' && constraint.endsWith('_pkey');
}
