import type { FastifyReply, FastifyRequest } from 'fastify';

import type { ScimContext } from '../scim/scim-context.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Methods the router accepts on every endpoint: HEAD runs GET, OPTIONS lists the methods. */
export const KNOWN_METHODS = [...HTTP_METHODS, 'HEAD', 'OPTIONS', 'TRACE'] as const;

/** One SCIM request as its handler receives it. */
export interface ScimCall {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly context: ScimContext;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
}

export type ScimHandler = (call: ScimCall) => Promise<FastifyReply>;

/** A path under `/provisioning/{provider}/v2` and the handler of each method it allows. */
export interface ScimEndpoint {
  readonly path: string;
  /** Discovery endpoints may be read without a token. */
  readonly public: boolean;
  readonly methods: Partial<Record<HttpMethod, ScimHandler>>;
}
