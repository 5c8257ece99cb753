import { isPrimaryKeyViolation } from './unique-violation.js';

/** How many ids an insert tries before it gives up. */
const ATTEMPTS = 3;

/**
 * Runs a write that inserts a record under a newly issued id, and runs it again under another id
 * when that id is already taken. Besides its creation second an id has 32 random bits, so two
 * creates in the same second, on one instance or on two, can draw the same id. Inside a caller's
 * transaction the second try fails on PostgreSQL, where the failed insert has ended that
 * transaction.
 */
export async function insertWithNewId<T>(
  issue: () => string,
  write: (id: string) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write(issue());
    } catch (error) {
      if (attempt >= ATTEMPTS || !isPrimaryKeyViolation(error)) throw error;
    }
  }
}
