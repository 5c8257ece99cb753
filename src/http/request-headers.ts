import type { FastifyRequest } from 'fastify';

/** Reads a request header as one string; repeated headers are joined with commas (RFC 9110 §5.3). */
export function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
