import type { DialectName } from './dialect-name.js';

/** Reads a JSON column: SQLite returns text, PostgreSQL's driver returns parsed JSONB. */
export function readJson(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') return JSON.parse(value) as Record<string, unknown>;
  return (value ?? {}) as Record<string, unknown>;
}

/** Writes a JSON column: text on both backends (PostgreSQL casts it to JSONB). */
export function writeJson(value: Record<string, unknown>): string {
  return JSON.stringify(value);
}

/** The `attributes` and `attributes_text` columns of users and roles. */
export interface AttributeColumns {
  attributes: unknown;
  attributes_text: string | null;
}

/** Builds both attribute columns: the document, and on PostgreSQL its text with the key order. */
export function writeAttributes(
  attributes: Record<string, unknown>,
  dialect: DialectName,
): AttributeColumns {
  const text = writeJson(attributes);
  return { attributes: text, attributes_text: dialect === 'postgres' ? text : null };
}

/** Reads the attributes of a row, from the text with the written key order when there is one. */
export function readAttributes(row: AttributeColumns): Record<string, unknown> {
  return readJson(row.attributes_text ?? row.attributes);
}
