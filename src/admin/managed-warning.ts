import { managedResourceRejected } from './admin-errors.js';
import type { ManagedPolicy } from './admin-route.js';

/** A note in a successful response that the change may not last. */
export interface AdminWarning {
  readonly code: 'managed';
  readonly message: string;
}

/** A user or role with the provider that manages it, if any. */
export interface ManagedResource {
  readonly kind: 'User' | 'Role';
  readonly id: string;
  readonly managedBy: string | null;
}

/**
 * Applies the managed policy to a change that a sync from the managing provider would revert
 * (rename, email change, delete, membership change). Returns the warnings for the response:
 * none for an unmanaged resource, one for a managed resource under `warn`. Throws 409 for a
 * managed resource under `reject`.
 */
export function checkManaged(
  resource: ManagedResource,
  change: string,
  policy: ManagedPolicy,
): AdminWarning[] {
  const provider = resource.managedBy;
  if (provider === null) return [];
  if (policy === 'reject') {
    throw managedResourceRejected(resource.kind, resource.id, provider, change);
  }
  return [
    {
      code: 'managed',
      message: `${resource.kind} ${resource.id} is managed by ${provider}: the next sync from ${provider} may revert this ${change}.`,
    },
  ];
}
