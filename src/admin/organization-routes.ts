import { resourceNotFound } from './admin-errors.js';
import { parseTime } from './activity-query.js';
import { ok, type AdminCall, type AdminRoute } from './admin-route.js';
import { describeOrganization } from './admin-views.js';
import { provisioningStatus } from './provisioning-status.js';

/**
 * /organizations and /status. An admin token belongs to one organization, and nothing crosses
 * organizations, so the list contains the token's own organization only.
 */
export const ORGANIZATION_ROUTES: readonly AdminRoute[] = [
  { method: 'GET', path: '/organizations', handler: listOrganizations },
  { method: 'GET', path: '/organizations/:id', handler: getOrganization },
  { method: 'GET', path: '/status', handler: getStatus },
];

async function listOrganizations(call: AdminCall) {
  const organization = await call.deps.store.organizations.find(call.organizationId);
  return ok({
    organizations: organization === undefined ? [] : [describeOrganization(organization)],
  });
}

async function getOrganization(call: AdminCall) {
  const id = call.params.id!;
  const organization =
    id === call.organizationId ? await call.deps.store.organizations.find(id) : undefined;
  if (organization === undefined) throw resourceNotFound('Organization', id);
  const { store } = call.deps;
  const everything = { where: undefined, orderBy: [], offset: 0, limit: 0 };
  const users = await store.users.list(id, everything);
  const roles = await store.roles.list(id, everything);
  const tokens = await store.tokens.list(id);
  return ok({
    organization: {
      ...describeOrganization(organization),
      users: users.total,
      roles: roles.total,
      liveTokens: tokens.filter((token) => token.revoked === null).length,
    },
  });
}

/** Returns provisioning status per provider over the `window` (default 24h) before now. */
async function getStatus(call: AdminCall) {
  await call.deps.flushActivity();
  const now = call.deps.clock.now();
  const window = call.query.window ?? '24h';
  const since = parseTime({ window }, 'window', now)!;
  const providers = await provisioningStatus(call.deps, call.organizationId, since);
  return ok({ window: { since, until: now.toISOString() }, providers });
}
