/** Reads a JSON column: SQLite returns text, PostgreSQL's driver returns parsed JSONB. */
export function readJson(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') return JSON.parse(value) as Record<string, unknown>;
  return (value ?? {}) as Record<string, unknown>;
}

/** Writes a JSON column: text on both backends (PostgreSQL casts it to JSONB). */
export function writeJson(value: Record<string, unknown>): string {
  return JSON.stringify(value);
}
