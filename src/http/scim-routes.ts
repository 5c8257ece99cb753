import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import {
  adminTokenOnScim,
  invalidToken,
  methodNotAllowed,
  missingToken,
  routeNotFound,
} from '../errors/catalogue.js';
import { Normalization } from '../flavours/normalization.js';
import { isProvider, type Provider } from '../flavours/provider.js';
import type { ScimContext } from '../scim/scim-context.js';
import type { Store } from '../storage/store.js';
import { readBearerToken } from '../tokens/bearer-token.js';
import { findLiveTokenOfAnyKind } from '../tokens/token-service.js';
import { header } from './request-headers.js';
import {
  HTTP_METHODS,
  KNOWN_METHODS,
  type HttpMethod,
  type ScimEndpoint,
} from './scim-endpoint.js';

export interface ScimRouteOptions {
  readonly store: Store;
  /** Public origin for absolute URLs; the request's own origin when undefined. */
  readonly publicUrl: string | undefined;
  /** Records that a token was used; may skip writes it considers too frequent. */
  readonly noteTokenUse: (tokenId: string) => void;
}

/**
 * Registers SCIM endpoints under `/provisioning/{provider}/v2` for every provider. One pipeline
 * serves them all: route, authenticate, build the request context, run the handler.
 * Unsupported methods get 405 with an Allow header.
 */
export function registerScimRoutes(
  app: FastifyInstance,
  endpoints: readonly ScimEndpoint[],
  options: ScimRouteOptions,
): void {
  for (const endpoint of endpoints) {
    app.route({
      method: [...KNOWN_METHODS],
      url: `/provisioning/:provider/v2${endpoint.path}`,
      handler: (request, reply) => dispatch(endpoint, request, reply, options),
    });
  }
}

async function dispatch(
  endpoint: ScimEndpoint,
  request: FastifyRequest,
  reply: FastifyReply,
  options: ScimRouteOptions,
): Promise<FastifyReply> {
  const params = request.params as Record<string, string>;
  const flavour = params.provider;
  if (!isProvider(flavour)) throw routeNotFound(request.method, request.url.split('?')[0]!);
  request.state.flavour = flavour;
  const normalization = new Normalization(flavour);
  request.state.normalization = normalization;

  const allowed = HTTP_METHODS.filter((method) => endpoint.methods[method] !== undefined);
  if (request.method === 'OPTIONS') {
    return reply
      .code(204)
      .header('allow', [...allowed, 'OPTIONS'].join(', '))
      .send();
  }
  // A HEAD request runs GET; the HTTP layer sends the headers without the body.
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const handler = endpoint.methods[method as HttpMethod];
  if (handler === undefined) {
    throw methodNotAllowed(request.method, request.url.split('?')[0]!, allowed);
  }

  const identity = endpoint.public
    ? { organizationId: '', manager: flavour }
    : await authenticate(request, options);
  const origin = options.publicUrl ?? `${request.protocol}://${request.host}`;
  const context: ScimContext = {
    organizationId: identity.organizationId,
    manager: identity.manager,
    flavour,
    normalization,
    publicBase: origin,
    baseUrl: `${origin}/provisioning/${flavour}/v2`,
    touched: request.state.touched,
  };
  return handler({
    request,
    reply,
    context,
    params,
    query: (request.query ?? {}) as Record<string, unknown>,
    body: request.body,
  });
}

async function authenticate(
  request: FastifyRequest,
  options: ScimRouteOptions,
): Promise<{ organizationId: string; manager: Provider }> {
  const authorization = header(request, 'authorization');
  const secret = readBearerToken(authorization);
  if (secret === undefined) throw authorization === undefined ? missingToken() : invalidToken();
  const token = await findLiveTokenOfAnyKind(options.store, secret);
  if (token?.kind === 'admin') throw adminTokenOnScim();
  if (token === undefined || !isProvider(token.provider)) throw invalidToken();
  options.noteTokenUse(token.id);
  request.state.organizationId = token.organizationId;
  request.state.provider = token.provider;
  request.state.tokenId = token.id;
  return { organizationId: token.organizationId, manager: token.provider };
}
