import { uniquenessConflict } from '../errors/catalogue.js';
import { isPrimaryKeyViolation, isUniqueViolation } from '../storage/unique-violation.js';

/**
 * Runs a write, turning a unique-constraint violation into the 409 `uniqueness` error. A taken id
 * is left to insertWithNewId.
 */
export async function writeUnique(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isUniqueViolation(error) && !isPrimaryKeyViolation(error)) throw uniquenessConflict();
    throw error;
  }
}
