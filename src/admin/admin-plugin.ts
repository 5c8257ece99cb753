import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { activityFromRequest } from '../activity/activity-entry.js';
import type { ActivityRecorder } from '../activity/activity-recorder.js';
import { isScimError, ScimError } from '../errors/scim-error.js';
import { summarizeRequest } from '../http/request-log.js';
import type { TokenRecord } from '../storage/token-repository.js';
import { readBearerToken } from '../tokens/bearer-token.js';
import { findLiveToken } from '../tokens/token-service.js';
import { AdminError, isAdminError } from './admin-error.js';
import {
  internalError,
  invalidAdminToken,
  invalidRequest,
  invalidValue,
  missingAdminToken,
  routeNotFound,
} from './admin-errors.js';
import {
  MANAGED_POLICY_HEADER,
  type AdminDependencies,
  type ManagedPolicy,
} from './admin-route.js';
import { ADMIN_ROUTES } from './admin-routes.js';
import { flattenQuery } from './admin-dispatch.js';

export interface AdminPluginOptions {
  readonly deps: AdminDependencies;
  readonly recorder: ActivityRecorder;
}

const TOKEN_USE_INTERVAL_MS = 60_000;

/**
 * Registers the admin API: every route of ADMIN_ROUTES behind an admin bearer token, errors as
 * `{"error":{"code","message"}}`, and one activity entry per request (source `admin`, with the
 * token id as actor). Register it with the prefix /admin/v1; it is encapsulated on purpose, so
 * its error and not-found handlers apply to its routes only.
 */
export async function adminPlugin(
  app: FastifyInstance,
  options: AdminPluginOptions,
): Promise<void> {
  const { deps, recorder } = options;
  const actors = new WeakMap<FastifyRequest, string>();
  const tokenUses = new Map<string, number>();

  app.setErrorHandler((error, request, reply) => sendError(reply, toAdminError(error, request)));
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, routeNotFound(request.method, request.url.split('?')[0]!)),
  );
  app.addHook('onResponse', async (request, reply) => {
    const summary = summarizeRequest(request, reply);
    recorder.record(activityFromRequest(summary, 'admin', actors.get(request) ?? null));
  });

  const authenticate = async (request: FastifyRequest): Promise<TokenRecord> => {
    const authorization = request.headers.authorization;
    const secret = readBearerToken(authorization);
    if (secret === undefined) {
      throw authorization === undefined ? missingAdminToken() : invalidAdminToken();
    }
    const token = await findLiveToken(deps.store, secret, 'admin');
    if (token === undefined) throw invalidAdminToken();
    actors.set(request, token.id);
    request.state.organizationId = token.organizationId;
    noteTokenUse(deps, tokenUses, token.id, request);
    return token;
  };

  for (const route of ADMIN_ROUTES) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        const token = await authenticate(request);
        const result = await route.handler({
          deps,
          organizationId: token.organizationId,
          params: request.params as Record<string, string>,
          query: flattenQuery(request.query),
          body: request.body,
          touched: request.state.touched,
          managedPolicy: readManagedPolicy(request),
          actor: token.id,
        });
        return reply.code(result.status).header('cache-control', 'no-store').send(result.body);
      },
    });
  }
}

function readManagedPolicy(request: FastifyRequest): ManagedPolicy {
  const value = request.headers[MANAGED_POLICY_HEADER];
  if (value === undefined) return 'warn';
  if (value === 'warn' || value === 'reject') return value;
  throw invalidValue('X-Rolecall-Managed header', value, 'reject or warn');
}

function sendError(reply: FastifyReply, error: AdminError): FastifyReply {
  // The activity entry reads the error from the request state, as SCIM requests do.
  reply.request.state.error = new ScimError(error.status, error.code, error.message);
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply.code(error.status).header('cache-control', 'no-store').send(error.toBody());
}

/**
 * Turns any error into an admin error. Errors of the shared body parser (invalid JSON, media
 * type, size) keep their status and message; anything unexpected is a 500, logged with its stack.
 */
function toAdminError(error: unknown, request: FastifyRequest): AdminError {
  if (isAdminError(error)) return error;
  if (isScimError(error) && error.status < 500) {
    return new AdminError(error.status, error.code, error.detail);
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AdminError(
      413,
      'payload_too_large',
      'The request body is larger than the configured limit (ROLECALL_BODY_LIMIT). Send a smaller body.',
    );
  }
  const status = fastifyError.statusCode;
  if (
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    fastifyError.code?.startsWith('FST_')
  ) {
    return invalidRequest(
      `The request could not be read: ${fastifyError.message ?? 'bad request'}.`,
    );
  }
  request.log.error(
    { err: error, reqId: request.id },
    'admin request failed with an internal error',
  );
  return internalError(request.id);
}

/** Stores an admin token's last use at most once a minute per instance. */
function noteTokenUse(
  deps: AdminDependencies,
  uses: Map<string, number>,
  tokenId: string,
  request: FastifyRequest,
): void {
  const now = deps.clock.now().getTime();
  if (now - (uses.get(tokenId) ?? 0) < TOKEN_USE_INTERVAL_MS) return;
  uses.set(tokenId, now);
  deps.store.tokens.touch(tokenId, new Date(now).toISOString()).catch((error: unknown) => {
    request.log.warn({ err: error, tokenId }, 'failed to record admin token use');
  });
}
