import type { FastifyInstance } from 'fastify';

import type { ActivityLog } from '../activity/activity-log.js';
import type { Clock } from '../clock.js';
import type { IdGenerator } from '../ids.js';
import type { Store } from '../storage/store.js';
import { adminPage } from './admin-page.js';
import { adminPlugin } from './admin-plugin.js';
import { ADMIN_PREFIX } from './admin-routes.js';

export interface AdminSurfaceOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly activity: ActivityLog;
}

/** Registers the admin API under /admin/v1 and the admin web page under /admin. */
export function registerAdmin(server: FastifyInstance, options: AdminSurfaceOptions): void {
  const { activity } = options;
  server.register(adminPlugin, {
    prefix: ADMIN_PREFIX,
    recorder: activity.recorder,
    deps: {
      store: options.store,
      clock: options.clock,
      ids: options.ids,
      activity: activity.repository,
      flushActivity: () => activity.recorder.flush(),
    },
  });
  server.register(adminPage);
}
