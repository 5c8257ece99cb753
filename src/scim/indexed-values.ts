import { invalidValue } from '../errors/catalogue.js';

/**
 * Maximum length, in characters, of an attribute the database indexes: userName, displayName,
 * externalId, the primary email and a role's name. PostgreSQL rejects B-tree index entries over
 * about 2,700 bytes, and 512 characters stay under it in UTF-8 whatever the characters.
 */
export const MAX_INDEXED_LENGTH = 512;

/** Throws 400 when an indexed attribute's value is longer than the stored limit. */
export function checkIndexedLength(attribute: string, value: string | null): void {
  if (value === null || value.length <= MAX_INDEXED_LENGTH) return;
  throw invalidValue(
    `Attribute "${attribute}" is ${value.length} characters long; the limit is ${MAX_INDEXED_LENGTH}.`,
  );
}
