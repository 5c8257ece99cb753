import { PROVIDERS } from '../flavours/provider.js';
import type { ActivityRecord } from '../storage/activity-repository.js';
import type { AdminDependencies } from './admin-route.js';

/** Provisioning health of one provider: tokens, latest request, errors in the window. */
export interface ProviderStatus {
  readonly provider: string;
  readonly activeTokens: number;
  /** Latest use of any of the provider's tokens, as the token records store it. */
  readonly tokenLastUsed: string | null;
  /** Latest SCIM request of the provider the activity log still holds. */
  readonly lastRequest: string | null;
  readonly requests: number;
  readonly clientErrors: number;
  readonly serverErrors: number;
  /** Share of requests in the window that got a 4xx or 5xx response; null without requests. */
  readonly errorRate: number | null;
  readonly lastError: {
    readonly time: string;
    readonly status: number;
    readonly method: string;
    readonly path: string;
    readonly detail: string | null;
  } | null;
}

/**
 * Builds the provisioning status of every provider that has a token or recent requests, and of
 * the built-in providers. Counts cover SCIM requests from `since` on.
 */
export async function provisioningStatus(
  deps: AdminDependencies,
  organizationId: string,
  since: string,
): Promise<ProviderStatus[]> {
  const tokens = await deps.store.tokens.list(organizationId);
  const activity = await deps.activity.providerActivity(organizationId, since);
  const providers = new Set<string>(PROVIDERS);
  for (const token of tokens) if (token.provider !== null) providers.add(token.provider);
  for (const row of activity) providers.add(row.provider);

  const statuses: ProviderStatus[] = [];
  for (const provider of providers) {
    const own = tokens.filter(
      (token) => token.kind === 'provisioning' && token.provider === provider,
    );
    const live = own.filter((token) => token.revoked === null);
    const counts = activity.find((row) => row.provider === provider);
    const latest = await deps.activity.latest(organizationId, provider, {});
    const latestError = await deps.activity.latest(organizationId, provider, {
      statuses: [{ from: 400, to: 599 }],
    });
    const requests = counts?.total ?? 0;
    const errors = (counts?.clientErrors ?? 0) + (counts?.serverErrors ?? 0);
    statuses.push({
      provider,
      activeTokens: live.length,
      tokenLastUsed: latestTime(own.map((token) => token.lastUsed)),
      lastRequest: latest?.time ?? null,
      requests,
      clientErrors: counts?.clientErrors ?? 0,
      serverErrors: counts?.serverErrors ?? 0,
      errorRate: requests === 0 ? null : errors / requests,
      lastError: latestError === undefined ? null : describeError(latestError),
    });
  }
  return statuses;
}

function describeError(entry: ActivityRecord) {
  return {
    time: entry.time,
    status: entry.status,
    method: entry.method,
    path: entry.path,
    detail: entry.errorDetail,
  };
}

function latestTime(times: readonly (string | null)[]): string | null {
  let latest: string | null = null;
  for (const time of times) if (time !== null && (latest === null || time > latest)) latest = time;
  return latest;
}
