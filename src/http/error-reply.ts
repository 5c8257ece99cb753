import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import {
  internalError,
  invalidSyntax,
  payloadTooLarge,
  routeNotFound,
} from '../errors/catalogue.js';
import { isScimError, type ScimError } from '../errors/scim-error.js';
import { sendScim } from './send-scim.js';

/**
 * Turns any error into a SCIM error (RFC 7644 §3.12). Client errors the framework raises, such
 * as a body over the limit or a malformed URL, map to their SCIM equivalents. Anything else is a
 * 500 whose body names only the request id; the log line has the stack.
 */
export function toScimError(error: unknown, request: FastifyRequest, bodyLimit: number): ScimError {
  if (isScimError(error)) return error;
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return payloadTooLarge(bodyLimit);
  const status = fastifyError.statusCode;
  if (
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    fastifyError.code?.startsWith('FST_')
  ) {
    if (status === 404) return routeNotFound(request.method, request.url);
    return invalidSyntax(
      `The request could not be read: ${fastifyError.message ?? 'bad request'}.`,
    );
  }
  request.log.error({ err: error, reqId: request.id }, 'request failed with an internal error');
  return internalError(request.id);
}

export function sendError(reply: FastifyReply, error: ScimError): FastifyReply {
  reply.request.state.error = error;
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return sendScim(reply, error.status, error.toBody());
}
