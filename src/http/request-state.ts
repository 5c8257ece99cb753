import type { ScimError } from '../errors/scim-error.js';
import type { Normalization } from '../flavours/normalization.js';
import type { Provider } from '../flavours/provider.js';

/** Data one request collects for its log line and activity entry. */
export interface RequestState {
  readonly startedAt: bigint;
  organizationId: string | undefined;
  /** Provider of the request's token. */
  provider: Provider | undefined;
  /** Id of the request's token. */
  tokenId: string | undefined;
  /** URL prefix the request came in on. */
  flavour: Provider | undefined;
  normalization: Normalization | undefined;
  readonly touched: Set<string>;
  error: ScimError | undefined;
  /** Set once the request's log line and summary are written. */
  summarized: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the onRequest hook; absent only for requests that failed before routing. */
    state: RequestState;
  }
}

export function newRequestState(): RequestState {
  return {
    startedAt: process.hrtime.bigint(),
    organizationId: undefined,
    provider: undefined,
    tokenId: undefined,
    flavour: undefined,
    normalization: undefined,
    touched: new Set(),
    error: undefined,
    summarized: false,
  };
}
