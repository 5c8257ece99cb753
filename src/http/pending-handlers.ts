import type { FastifyInstance, RouteHandlerMethod } from 'fastify';

/**
 * Keeps the server open until every route handler has settled. Fastify's close waits for open
 * connections, but a handler whose client already left keeps running. Without this, the handler
 * could reach the database after the database was closed.
 */
export function waitForHandlersOnClose(app: FastifyInstance): void {
  const pending = new Set<Promise<unknown>>();
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      const result: unknown = handler.call(this, request, reply);
      if (result instanceof Promise) {
        pending.add(result);
        const forget = () => pending.delete(result);
        result.then(forget, forget);
      }
      return result;
    } as RouteHandlerMethod;
  });
  // onClose runs after the HTTP server stopped taking requests.
  app.addHook('onClose', async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  });
}
