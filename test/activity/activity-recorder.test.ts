import { afterEach, describe, expect, it, vi } from 'vitest';

import type { PendingActivity } from '../../src/activity/activity-entry.js';
import { ActivityRecorder } from '../../src/activity/activity-recorder.js';
import { createLogger } from '../../src/logger.js';
import type { ActivityRecord, ActivityRepository } from '../../src/storage/activity-repository.js';
import type { OrganizationRepository } from '../../src/storage/organization-repository.js';

/** Builds an entry of organization o-1, or of no organization when `organizationId` is null. */
function entry(id: string, organizationId: string | null = 'o-1'): PendingActivity {
  return {
    id,
    organizationId: organizationId ?? undefined,
    time: new Date().toISOString(),
    source: 'scim',
    provider: 'okta',
    flavour: 'okta',
    actor: null,
    method: 'GET',
    path: '/provisioning/okta/v2/Users',
    status: 200,
    durationMs: 1,
    resourceIds: [],
    rules: [],
    ignoredAttributes: [],
    errorCode: null,
    errorDetail: null,
    requestBody: undefined,
    bodyTruncated: false,
  };
}

/** Creates a repository double that stores batches and fails the next writes on request. */
function fakeRepository() {
  const batches: ActivityRecord[][] = [];
  let failures = 0;
  const repository = {
    insert: async (entries: readonly ActivityRecord[]) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('database unavailable');
      }
      batches.push([...entries]);
    },
  } as unknown as ActivityRepository;
  return { repository, batches, failNext: (count: number) => (failures = count) };
}

function organizations(ids: string[]) {
  return {
    list: async () => ids.map((id) => ({ id, name: id, created: '' })),
  } as unknown as OrganizationRepository;
}

const logger = createLogger('silent');

describe('ActivityRecorder', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes nothing until a flush, then one batch', async () => {
    const { repository, batches } = fakeRepository();
    const recorder = new ActivityRecorder({
      repository,
      organizations: organizations(['o-1']),
      logger,
      flushIntervalMs: 60_000,
    });
    recorder.record(entry('1'));
    recorder.record(entry('2'));

    expect(batches).toHaveLength(0);
    expect(recorder.waiting).toBe(2);
    await recorder.flush();
    expect(batches.map((batch) => batch.map((item) => item.id))).toEqual([['1', '2']]);
    expect(recorder.waiting).toBe(0);
  });

  it('starts a write when a batch is full', async () => {
    const { repository, batches } = fakeRepository();
    const recorder = new ActivityRecorder({
      repository,
      organizations: organizations(['o-1']),
      logger,
      batchSize: 3,
      flushIntervalMs: 60_000,
    });
    for (const id of ['1', '2', '3']) recorder.record(entry(id));
    await new Promise((resolve) => setImmediate(resolve));

    expect(batches.map((batch) => batch.length)).toEqual([3]);
  });

  it('writes after the flush interval without an explicit flush', async () => {
    vi.useFakeTimers();
    const { repository, batches } = fakeRepository();
    const recorder = new ActivityRecorder({
      repository,
      organizations: organizations(['o-1']),
      logger,
      flushIntervalMs: 100,
    });
    recorder.record(entry('1'));
    await vi.advanceTimersByTimeAsync(99);
    expect(batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);

    expect(batches).toHaveLength(1);
  });

  it('keeps entries of a failed write for the next attempt', async () => {
    const { repository, batches, failNext } = fakeRepository();
    const recorder = new ActivityRecorder({
      repository,
      organizations: organizations(['o-1']),
      logger,
      flushIntervalMs: 60_000,
    });
    failNext(1);
    recorder.record(entry('1'));
    await recorder.flush();
    expect(batches).toHaveLength(0);
    expect(recorder.waiting).toBe(1);
    await recorder.flush();

    expect(batches.map((batch) => batch.map((item) => item.id))).toEqual([['1']]);
  });

  it('drops entries beyond the maximum instead of growing without bound', async () => {
    const { repository, batches } = fakeRepository();
    const recorder = new ActivityRecorder({
      repository,
      organizations: organizations(['o-1']),
      logger,
      maxPending: 2,
      batchSize: 100,
      flushIntervalMs: 60_000,
    });
    for (const id of ['1', '2', '3']) recorder.record(entry(id));
    await recorder.flush();

    expect(batches.flat().map((item) => item.id)).toEqual(['1', '2']);
  });

  it('writes the waiting entries on close and accepts none after', async () => {
    const { repository, batches } = fakeRepository();
    const recorder = new ActivityRecorder({
      repository,
      organizations: organizations(['o-1']),
      logger,
      flushIntervalMs: 60_000,
    });
    recorder.record(entry('1'));
    await recorder.close();
    recorder.record(entry('2'));
    await recorder.flush();

    expect(batches.flat().map((item) => item.id)).toEqual(['1']);
  });

  it('gives entries without an organization to the only organization', async () => {
    const { repository, batches } = fakeRepository();
    const recorder = new ActivityRecorder({
      repository,
      organizations: organizations(['o-only']),
      logger,
    });
    recorder.record(entry('1', null));
    await recorder.flush();

    expect(batches[0]![0]!.organizationId).toBe('o-only');
  });

  it('skips entries without an organization when there are several', async () => {
    const { repository, batches } = fakeRepository();
    const recorder = new ActivityRecorder({
      repository,
      organizations: organizations(['o-1', 'o-2']),
      logger,
    });
    recorder.record(entry('1', null));
    recorder.record(entry('2', 'o-2'));
    await recorder.flush();

    expect(batches.flat().map((item) => item.id)).toEqual(['2']);
  });
});
