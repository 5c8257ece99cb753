import type { RequestSummary } from '../http/request-log.js';
import type { ActivityRecord, ActivitySource } from '../storage/activity-repository.js';
import { redactBody, redactQuery } from './redact.js';

/**
 * Largest redacted body kept, in characters of its JSON text. Larger bodies (a big Bulk request,
 * for example) are stored as truncated: the entry keeps everything but the body.
 */
export const MAX_STORED_BODY_CHARS = 64 * 1024;

/**
 * Most resource ids kept per entry. A request that names more (a role replaced with thousands
 * of members) keeps the first ones, so its entry stays small.
 */
export const MAX_RESOURCE_IDS = 1000;

/** An entry waiting to be written; the organization is resolved at write time when unknown. */
export interface PendingActivity extends Omit<ActivityRecord, 'organizationId'> {
  readonly organizationId: string | undefined;
}

/** Turns a finished request into an entry, redacting secrets from its body and query string. */
export function activityFromRequest(
  summary: RequestSummary,
  source: ActivitySource,
  actor: string | null,
): PendingActivity {
  const body = storedBody(summary.requestBody);
  return {
    id: summary.requestId,
    organizationId: summary.organizationId,
    time: summary.time,
    source,
    provider: summary.provider ?? null,
    flavour: summary.flavour ?? null,
    actor,
    method: summary.method,
    path: redactQuery(summary.path),
    status: summary.status,
    durationMs: summary.durationMs,
    resourceIds: summary.resourceIds.slice(0, MAX_RESOURCE_IDS),
    rules: summary.rules,
    ignoredAttributes: summary.ignoredAttributes,
    errorCode: summary.errorCode ?? null,
    errorDetail: summary.errorDetail ?? null,
    requestBody: body.value,
    bodyTruncated: body.truncated,
  };
}

/** Redacts a body and drops it when its JSON text exceeds MAX_STORED_BODY_CHARS. */
export function storedBody(body: unknown): { value: unknown; truncated: boolean } {
  if (body === undefined) return { value: undefined, truncated: false };
  const redacted = redactBody(body);
  const text = JSON.stringify(redacted);
  if (text === undefined) return { value: undefined, truncated: false };
  if (text.length > MAX_STORED_BODY_CHARS) return { value: undefined, truncated: true };
  return { value: redacted, truncated: false };
}

/** Tells whether a path is one the activity log records for SCIM: the provisioning endpoints. */
export function isScimPath(path: string): boolean {
  return path.startsWith('/provisioning/');
}
