import { ACTIVITY_ROUTES } from './activity-routes.js';
import type { AdminRoute } from './admin-route.js';
import { ORGANIZATION_ROUTES } from './organization-routes.js';
import { ROLE_ROUTES } from './role-routes.js';
import { TOKEN_ROUTES } from './token-routes.js';
import { USER_ROUTES } from './user-routes.js';

/** Every admin API endpoint, with paths relative to /admin/v1. */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  ...ORGANIZATION_ROUTES,
  ...USER_ROUTES,
  ...ROLE_ROUTES,
  ...TOKEN_ROUTES,
  ...ACTIVITY_ROUTES,
];

export const ADMIN_PREFIX = '/admin/v1';
