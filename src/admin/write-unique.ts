import { isValueTaken } from '../storage/unique-violation.js';
import { uniquenessRace } from './admin-errors.js';

/**
 * Runs a write whose uniqueness was checked just before. A unique-constraint violation here
 * means a concurrent request took the value in between, so it becomes a 409. A taken id is
 * left to insertWithNewId.
 */
export async function writeUnique(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isValueTaken(error)) throw uniquenessRace();
    throw error;
  }
}
