import type { Socket } from 'node:net';

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import {
  internalError,
  invalidSyntax,
  payloadTooLarge,
  routeNotFound,
  serviceUnavailable,
  unsupportedMediaType,
} from '../errors/catalogue.js';
import { isRetryableConflict } from '../storage/run-transaction.js';
import { isScimError, ScimError } from '../errors/scim-error.js';
import { newRequestState } from './request-state.js';
import { SCIM_MEDIA_TYPE, sendScim } from './send-scim.js';

/**
 * Turns any error into a SCIM error (RFC 7644 §3.12). Client errors the framework raises, such
 * as a body over the limit or a malformed URL, map to their SCIM equivalents. Anything else is a
 * 500 whose body names only the request id; the log line has the stack.
 */
export function toScimError(error: unknown, request: FastifyRequest, bodyLimit: number): ScimError {
  if (isScimError(error)) return error;
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return payloadTooLarge(bodyLimit);
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return unsupportedMediaType(String(request.headers['content-type'] ?? ''));
  }
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
  if (isDatabaseBusy(error)) {
    request.log.warn({ err: error, reqId: request.id }, 'request failed: the database is busy');
    return serviceUnavailable();
  }
  request.log.error({ err: error, reqId: request.id }, 'request failed with an internal error');
  return internalError(request.id);
}

/**
 * Tells whether an error means the database is busy rather than broken: no pool connection came
 * free in time, or a conflict outlasted every retry. Both are worth retrying later.
 */
function isDatabaseBusy(error: unknown): boolean {
  if (isRetryableConflict(error)) return true;
  const message = error instanceof Error ? error.message : '';
  return /timeout exceeded when trying to connect/i.test(message);
}

export function sendError(reply: FastifyReply, error: ScimError): FastifyReply {
  reply.request.state.error = error;
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return sendScim(reply, error.status, error.toBody());
}

/**
 * Sends a SCIM error body for requests that fail before routing, such as a URL with a malformed
 * percent-escape.
 */
export function sendFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  request.state ??= newRequestState();
  const detail = `The request URL could not be read: ${error.message}. Percent-encode it correctly.`;
  return sendError(reply, invalidSyntax(detail));
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

/**
 * Writes a SCIM error straight to a connection whose request Node's HTTP parser rejected (an
 * unknown method, a malformed header, headers over the size limit), then closes it.
 */
export function writeClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : 400;
  const body = JSON.stringify(
    new ScimError(
      status,
      'malformed_request',
      status === 431
        ? 'The request headers are too large. Send a shorter URL and fewer or smaller headers.'
        : `The HTTP request could not be parsed (${error.code ?? 'unknown error'}). Send a well-formed HTTP/1.1 request.`,
    ).toBody(),
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: ${SCIM_MEDIA_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
