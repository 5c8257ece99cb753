import { isScimError, ScimError } from '../errors/scim-error.js';

/**
 * Error codes whose detail text clients of strongDM's SCIM API match byte for byte, so they keep
 * their text without the operation index.
 */
const FIXED_TEXT_CODES: ReadonlySet<string> = new Set(['malformed_member_id', 'role_name_empty']);

/**
 * Runs one PATCH operation and prefixes the detail of any ScimError it throws with
 * `Operations[index]: `, so the client can tell which operation failed. Other errors pass
 * through unchanged.
 */
export function withOperationIndex<T>(index: number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw addOperationIndex(index, error);
  }
}

function addOperationIndex(index: number, error: unknown): unknown {
  if (!isScimError(error)) return error;
  if (FIXED_TEXT_CODES.has(error.code) || error.detail.startsWith('Operations[')) return error;
  return new ScimError(
    error.status,
    error.code,
    `Operations[${index}]: ${error.detail}`,
    error.scimType,
    error.headers,
  );
}
