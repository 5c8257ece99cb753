import type { FastifyReply, FastifyRequest } from 'fastify';

import { redactQuery } from '../activity/redact.js';

import type { RuleName } from '../flavours/normalization-rules.js';
import type { Provider } from '../flavours/provider.js';

/** One finished request: the log line's fields and what the activity log stores. */
export interface RequestSummary {
  readonly requestId: string;
  readonly time: string;
  readonly organizationId: string | undefined;
  readonly provider: Provider | undefined;
  /** Id of the token that authenticated the request, if one did. */
  readonly tokenId: string | undefined;
  readonly flavour: Provider | undefined;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly resourceIds: string[];
  readonly rules: RuleName[];
  readonly ignoredAttributes: string[];
  readonly errorCode: string | undefined;
  readonly errorDetail: string | undefined;
  readonly requestBody: unknown;
}

const RESOURCE_ID = /^[ar]-[0-9a-f]{16}$/;

/** The error code of a request whose client closed the connection before the response ended. */
export const CLIENT_CLOSED = 'client_closed';

/**
 * Sums up a request for its log line and activity entry. `closedEarly` marks a response that the
 * client did not wait for; it is recorded with the status it was sent with and CLIENT_CLOSED.
 */
export function summarizeRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  closedEarly = false,
): RequestSummary {
  const state = request.state;
  const early = closedEarly && state.error === undefined;
  const elapsed = Number(process.hrtime.bigint() - state.startedAt) / 1e6;
  return {
    requestId: request.id,
    time: new Date().toISOString(),
    organizationId: state.organizationId,
    provider: state.provider,
    tokenId: state.tokenId,
    flavour: state.flavour,
    method: request.method,
    path: redactQuery(request.url),
    status: reply.statusCode,
    durationMs: Math.round(elapsed * 100) / 100,
    // Only well-formed ids: a path id can be any text, NUL characters included.
    resourceIds: [...state.touched].filter((id) => RESOURCE_ID.test(id)),
    rules: state.normalization?.fired ?? [],
    ignoredAttributes: state.normalization?.ignored ?? [],
    errorCode: early ? CLIENT_CLOSED : state.error?.code,
    errorDetail: early
      ? 'The client closed the connection before the response was complete.'
      : state.error?.detail,
    requestBody: request.body,
  };
}

/** Writes the request's one completion line: 5xx at error, everything else at info. */
export function logRequest(request: FastifyRequest, summary: RequestSummary): void {
  // The request's child logger already carries the request id as reqId.
  const { requestBody: _body, time: _time, requestId: _id, ...line } = summary;
  if (summary.status >= 500) {
    request.log.error(line, 'request completed');
  } else if (summary.errorCode === CLIENT_CLOSED) {
    request.log.info(line, 'request ended early: the client closed the connection');
  } else {
    request.log.info(line, 'request completed');
  }
}
