import type { Clock } from './clock.js';
import type { IdGenerator } from './ids.js';
import type { OrganizationRecord } from './storage/organization-repository.js';
import type { Store } from './storage/store.js';
import { createToken } from './tokens/token-service.js';

/** Result of a first start: the new organization and the secrets to print once. */
export interface FirstStart {
  readonly organization: OrganizationRecord;
  readonly provisioningSecret: string;
  readonly adminSecret: string;
}

export const DEFAULT_ORGANIZATION_NAME = 'Default organization';

/**
 * Creates the organization with a `generic` provisioning token and an admin token when the
 * database has none. Returns undefined when an organization already exists. Runs in one
 * transaction, so two instances starting together create one organization.
 */
export async function ensureOrganization(deps: {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
}): Promise<FirstStart | undefined> {
  return deps.store.transaction(async (store) => {
    if (store.dialect === 'postgres') await store.lockBootstrap();
    const existing = await store.organizations.list();
    if (existing.length > 0) return undefined;

    const organization: OrganizationRecord = {
      id: deps.ids.organization(),
      name: DEFAULT_ORGANIZATION_NAME,
      created: deps.clock.now().toISOString(),
    };
    await store.organizations.insert(organization);
    const scoped = { ...deps, store };
    const provisioning = await createToken(scoped, {
      organizationId: organization.id,
      kind: 'provisioning',
      provider: 'generic',
      label: 'created at first start',
    });
    const admin = await createToken(scoped, {
      organizationId: organization.id,
      kind: 'admin',
      provider: null,
      label: 'created at first start',
    });
    return { organization, provisioningSecret: provisioning.secret, adminSecret: admin.secret };
  });
}
