import { invalidSyntax, quote } from '../errors/catalogue.js';

/** A member of a JSON object looked up by name: whether it is there, and its value. */
export interface Member {
  readonly found: boolean;
  readonly value: unknown;
}

/**
 * Reads a member of a request message by name, case-insensitively (RFC 7643 §2.1). Two keys
 * that differ only in case are ambiguous, so they are a 400 `invalidSyntax` naming `where`.
 */
export function readMember(object: Record<string, unknown>, name: string, where: string): Member {
  const lowerName = name.toLowerCase();
  const keys = Object.keys(object).filter((key) => key.toLowerCase() === lowerName);
  if (keys.length > 1) {
    throw invalidSyntax(
      `${where} has "${name}" twice (${keys.map((key) => quote(key)).join(', ')}); send it once.`,
    );
  }
  const key = keys[0];
  return key === undefined
    ? { found: false, value: undefined }
    : { found: true, value: object[key] };
}
