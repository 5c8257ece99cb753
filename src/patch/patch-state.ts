import type { Normalization } from '../flavours/normalization.js';
import type { ResourceType } from '../schema/resource-type.js';
import type { MemberChange } from './member-changes.js';

/**
 * The working state of one PATCH request. `document` is a private copy of the resource's
 * attributes that the operations change in place, one after the other.
 */
export interface PatchState {
  readonly resourceType: ResourceType;
  readonly resourceId: string;
  readonly normalization: Normalization;
  readonly document: Record<string, unknown>;
  /** Clear-text password set by the latest operation that set one. */
  password: string | undefined;
  readonly memberChanges: MemberChange[];
}
