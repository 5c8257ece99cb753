import type { Normalization } from '../flavours/normalization.js';
import type { Provider } from '../flavours/provider.js';

/** Request data the services receive besides the body. */
export interface ScimContext {
  readonly organizationId: string;
  /** Provider of the request's token: the `managedBy` value the request's writes set. */
  readonly manager: Provider;
  /** URL prefix the request came in on: selects normalization and response conventions. */
  readonly flavour: Provider;
  readonly normalization: Normalization;
  /** Public base URL of the server, e.g. `https://scim.example.test` or one with a path. */
  readonly publicBase: string;
  /** Absolute URL of the prefix, e.g. `https://scim.example.test/provisioning/okta/v2`. */
  readonly baseUrl: string;
  /** Ids of the resources the request read or wrote, for the activity log. */
  readonly touched: Set<string>;
}

/** Tells whether member display labels sent by the client replace the users' display names. */
export function showsMemberLabels(context: ScimContext): boolean {
  return context.normalization.allows('member-display-label');
}
