import type { Logger } from 'pino';

import type { Clock } from '../clock.js';
import type { ActivityRepository } from '../storage/activity-repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How often a running server deletes expired entries. */
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/** Deletes entries older than `retentionDays` and returns how many were deleted. */
export async function pruneActivity(
  repository: ActivityRepository,
  clock: Clock,
  retentionDays: number,
): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - retentionDays * DAY_MS).toISOString();
  return repository.deleteOlderThan(cutoff);
}

/**
 * Prunes the activity log once at start and then every PRUNE_INTERVAL_MS. Several instances on
 * one PostgreSQL database may prune at once; the deletes are idempotent.
 */
export class ActivityRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: ActivityRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly retentionDays: number,
  ) {}

  /** Prunes now, then schedules the periodic prune. A failed prune is logged, not thrown. */
  async start(): Promise<void> {
    await this.prune();
    this.timer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs one prune after any running one. */
  prune(): Promise<void> {
    this.running = this.running.then(async () => {
      try {
        const deleted = await pruneActivity(this.repository, this.clock, this.retentionDays);
        if (deleted > 0) {
          this.logger.info(
            { deleted, retentionDays: this.retentionDays },
            'expired activity entries deleted',
          );
        }
      } catch (error) {
        this.logger.error({ err: error }, 'failed to delete expired activity entries');
      }
    });
    return this.running;
  }
}
