import { uniquenessConflict } from '../errors/catalogue.js';
import { isValueTaken } from '../storage/unique-violation.js';

/**
 * Runs a write, turning a unique-constraint violation into the 409 `uniqueness` error. A taken id
 * is left to insertWithNewId.
 */
export async function writeUnique(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isValueTaken(error)) throw uniquenessConflict();
    throw error;
  }
}
