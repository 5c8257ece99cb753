import type { FastifyInstance } from 'fastify';

import type { Store } from '../storage/store.js';

/**
 * Serves GET /health for load balancers: 200 when the database runs a query, 503 when it fails
 * to. It needs no token and reveals nothing about the data.
 */
export function registerHealthCheck(app: FastifyInstance, store: Store): void {
  app.get('/health', async (request, reply) => {
    try {
      await store.ping();
      return reply.code(200).type('application/json').send('{"status":"ok"}');
    } catch (error) {
      request.log.warn({ err: error }, 'health check failed: the database query failed');
      return reply
        .code(503)
        .header('retry-after', '5')
        .type('application/json')
        .send('{"status":"unavailable","detail":"The database query failed."}');
    }
  });
}
