import type { Clock } from '../clock.js';
import type { IdGenerator } from '../ids.js';
import type { Store } from '../storage/store.js';

/** What the user and role services need from the outside world. */
export interface ServiceDependencies {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
