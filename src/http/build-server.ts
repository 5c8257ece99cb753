import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';

import { methodNotImplemented, routeNotFound } from '../errors/catalogue.js';
import type { ServiceDependencies } from '../scim/service-dependencies.js';
import { bulkEndpoint } from './bulk-endpoint.js';
import { discoveryEndpoints } from './discovery-endpoints.js';
import { registerDocsPage } from './docs-page.js';
import { registerHealthCheck } from './health-check.js';
import { timeOrderedUuid } from './request-id.js';
import { sendError, sendFrameworkError, toScimError, writeClientError } from './error-reply.js';
import { groupEndpoints } from './group-endpoints.js';
import { registerBodyParser } from './parse-body.js';
import { waitForHandlersOnClose } from './pending-handlers.js';
import { logRequest, summarizeRequest, type RequestSummary } from './request-log.js';
import { newRequestState } from './request-state.js';
import { KNOWN_METHODS } from './scim-endpoint.js';
import { registerScimRoutes } from './scim-routes.js';
import { searchEndpoints } from './search-endpoints.js';
import { SCIM_MEDIA_TYPE } from './send-scim.js';
import { userEndpoints } from './user-endpoints.js';

export interface ServerOptions extends ServiceDependencies {
  readonly logger: Logger;
  readonly bodyLimit: number;
  readonly publicUrl: string | undefined;
  /** Called once per finished request, after its log line. */
  readonly onRequestFinished?: (summary: RequestSummary) => void;
}

/** Builds the HTTP server: body parsing, SCIM routes, errors as SCIM bodies, one log line per request. */
export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // The onResponse hook below writes the one line per request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit,
    genReqId: () => timeOrderedUuid(),
    exposeHeadRoutes: false,
    // Endpoint names match in any case: Microsoft's SCIM test collection requests /users.
    // Long ids still reach the handlers, which answer 404 for anything that is not an id.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 8192 },
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: writeClientError,
  });

  waitForHandlersOnClose(app);
  app.decorateRequest('state', null as never);
  const finish = (request: FastifyRequest, reply: FastifyReply, closedEarly: boolean) => {
    request.state.summarized = true;
    const summary = summarizeRequest(request, reply, closedEarly);
    logRequest(request, summary);
    options.onRequestFinished?.(summary);
  };
  app.addHook('onRequest', async (request, reply) => {
    request.state = newRequestState();
    // A response cut off by the client never reaches onResponse, so it is recorded when its
    // connection closes, after onResponse has had its turn.
    reply.raw.once('close', () => {
      if (request.state.summarized) return;
      setImmediate(() => {
        if (!request.state.summarized) finish(request, reply, true);
      });
    });
  });
  // Fastify appends "; charset=utf-8" to JSON types; SCIM responses carry the bare media type.
  app.addHook('onSend', async (request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith(SCIM_MEDIA_TYPE)) {
      reply.header('content-type', SCIM_MEDIA_TYPE);
    }
    // RFC 9110 §9.3.2: HEAD sends GET's headers, Content-Length included, without the body.
    if (request.method === 'HEAD' && typeof payload === 'string') {
      reply.header('content-length', Buffer.byteLength(payload));
      return '';
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    if (!request.state.summarized) finish(request, reply, false);
  });

  registerBodyParser(app);
  app.setErrorHandler((error, request, reply) => {
    // A streamed body fails this way when the client goes away during the response. The
    // connection's close records the request.
    if ((error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    // Once the headers are out, no error body can follow, so the client sees a cut response.
    if (reply.raw.headersSent) {
      request.log.error({ err: error }, 'response failed after its headers were sent');
      return;
    }
    return sendError(reply, toScimError(error, request, options.bodyLimit));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    // RFC 9110 §15.6.2: a method the server does not implement at all is 501.
    const known = (KNOWN_METHODS as readonly string[]).includes(request.method);
    return sendError(
      reply,
      known ? routeNotFound(request.method, path) : methodNotImplemented(request.method),
    );
  });

  registerDocsPage(app);
  registerHealthCheck(app, options.store);
  const tokenUses = new Map<string, number>();
  registerScimRoutes(
    app,
    [
      ...userEndpoints(options),
      ...groupEndpoints(options),
      ...searchEndpoints(options),
      bulkEndpoint(options),
      ...discoveryEndpoints({ bodyLimit: options.bodyLimit }),
    ],
    {
      store: options.store,
      publicUrl: options.publicUrl,
      noteTokenUse: (tokenId) => recordTokenUse(options, tokenUses, tokenId),
    },
  );
  return app;
}

const TOKEN_USE_INTERVAL_MS = 60_000;

/** Stores a token's last use at most once a minute per instance, so most requests write nothing extra. */
function recordTokenUse(options: ServerOptions, uses: Map<string, number>, tokenId: string): void {
  const now = options.clock.now().getTime();
  if (now - (uses.get(tokenId) ?? 0) < TOKEN_USE_INTERVAL_MS) return;
  uses.set(tokenId, now);
  options.store.tokens.touch(tokenId, new Date(now).toISOString()).catch((error: unknown) => {
    options.logger.warn({ err: error, tokenId }, 'failed to record token use');
  });
}
