import type { Logger } from 'pino';

import type { ActivityRecord, ActivityRepository } from '../storage/activity-repository.js';
import type { OrganizationRepository } from '../storage/organization-repository.js';
import type { PendingActivity } from './activity-entry.js';

export interface ActivityRecorderOptions {
  readonly repository: ActivityRepository;
  readonly organizations: OrganizationRepository;
  readonly logger: Logger;
  /** Maximum time in ms an entry waits in memory before a write starts. */
  readonly flushIntervalMs?: number;
  /** Number of waiting entries that starts a write at once. */
  readonly batchSize?: number;
  /** Maximum number of entries kept in memory; entries beyond it are dropped and counted. */
  readonly maxPending?: number;
}

/**
 * Buffers activity entries in memory and writes them in batches, off the request path: a
 * request only appends to an array. A write starts when `batchSize` entries wait or
 * `flushIntervalMs` after the first waiting entry, and writes run one at a time.
 *
 * Entries without an organization (a request rejected before authentication) are written to the
 * only organization when the database has exactly one, and dropped when it has several, because
 * nothing in such a request identifies the tenant it was meant for.
 *
 * A failed write is logged and its entries go back to the queue for the next attempt, up to
 * `maxPending`; entries that do not fit are dropped and the count is logged.
 */
export class ActivityRecorder {
  private pending: PendingActivity[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dropped = 0;
  private closed = false;
  private readonly flushIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxPending: number;

  constructor(private readonly options: ActivityRecorderOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.batchSize = options.batchSize ?? 200;
    this.maxPending = options.maxPending ?? 10_000;
  }

  /** Queues an entry; never throws and never waits for the database. */
  record(entry: PendingActivity): void {
    if (this.closed || this.pending.length >= this.maxPending) {
      this.dropped += 1;
      return;
    }
    this.pending.push(entry);
    if (this.pending.length >= this.batchSize) void this.flush();
    else this.schedule();
  }

  /** Number of entries waiting to be written. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Writes every waiting entry; resolves when that write (and any running one) has finished. */
  flush(): Promise<void> {
    this.clearTimer();
    this.writing = this.writing.then(() => this.writePending());
    return this.writing;
  }

  /** Writes what is waiting and stops accepting entries. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    this.clearTimer();
    if (this.pending.length > 0) {
      this.options.logger.error(
        { lost: this.pending.length },
        'activity entries could not be written before shutdown',
      );
      this.pending = [];
    }
  }

  private schedule(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.flushIntervalMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async writePending(): Promise<void> {
    this.reportDropped();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      const entries = await this.attribute(batch);
      await this.options.repository.insert(entries);
    } catch (error) {
      const room = Math.max(0, this.maxPending - this.pending.length);
      const kept = batch.slice(0, room);
      this.dropped += batch.length - kept.length;
      this.pending = [...kept, ...this.pending];
      this.options.logger.error(
        { err: error, entries: batch.length, requeued: kept.length },
        'failed to write activity entries; retrying',
      );
      this.schedule();
    }
  }

  private async attribute(batch: readonly PendingActivity[]): Promise<ActivityRecord[]> {
    const entries: ActivityRecord[] = [];
    let sole: string | undefined | null = null;
    let skipped = 0;
    for (const entry of batch) {
      if (entry.organizationId !== undefined) {
        entries.push({ ...entry, organizationId: entry.organizationId });
        continue;
      }
      if (sole === null) sole = await this.soleOrganization();
      if (sole === undefined) skipped += 1;
      else entries.push({ ...entry, organizationId: sole });
    }
    if (skipped > 0) {
      this.options.logger.debug(
        { skipped },
        'activity entries without an organization skipped: the database has several',
      );
    }
    return entries;
  }

  private async soleOrganization(): Promise<string | undefined> {
    const organizations = await this.options.organizations.list();
    return organizations.length === 1 ? organizations[0]!.id : undefined;
  }

  private reportDropped(): void {
    if (this.dropped === 0) return;
    this.options.logger.warn(
      { dropped: this.dropped, maxPending: this.maxPending },
      'activity entries dropped because the write queue was full',
    );
    this.dropped = 0;
  }
}
