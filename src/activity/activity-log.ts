import type { Logger } from 'pino';

import type { Clock } from '../clock.js';
import type { RequestSummary } from '../http/request-log.js';
import { ActivityRepository } from '../storage/activity-repository.js';
import type { Store } from '../storage/store.js';
import { activityFromRequest, isScimPath } from './activity-entry.js';
import { ActivityRecorder } from './activity-recorder.js';
import { ActivityRetention } from './activity-retention.js';

/** The activity log of a running server: where entries are read, written and pruned. */
export interface ActivityLog {
  readonly repository: ActivityRepository;
  readonly recorder: ActivityRecorder;
  readonly retention: ActivityRetention;
  /** Records a finished SCIM request; other paths are left to their own recorders. */
  recordScimRequest(summary: RequestSummary): void;
  /** Prunes expired entries and starts the periodic prune. */
  start(): Promise<void>;
  /** Stops pruning and writes the waiting entries. */
  close(): Promise<void>;
}

export interface ActivityLogOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly retentionDays: number;
}

export function createActivityLog(options: ActivityLogOptions): ActivityLog {
  const repository = new ActivityRepository(options.store.db, options.store.dialect);
  const recorder = new ActivityRecorder({
    repository,
    organizations: options.store.organizations,
    logger: options.logger,
  });
  const retention = new ActivityRetention(
    repository,
    options.clock,
    options.logger,
    options.retentionDays,
  );
  return {
    repository,
    recorder,
    retention,
    recordScimRequest: (summary) => {
      if (!isScimPath(summary.path)) return;
      recorder.record(activityFromRequest(summary, 'scim', summary.tokenId ?? null));
    },
    start: () => retention.start(),
    close: async () => {
      await retention.stop();
      await recorder.close();
    },
  };
}
