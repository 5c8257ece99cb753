import type { FastifyReply } from 'fastify';

import type { ScimContext } from '../scim/scim-context.js';
import { entityTag } from '../scim/versions.js';

export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** Sends a JSON body typed exactly application/scim+json (RFC 7644 §3.1; no charset parameter). */
export function sendScim(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', SCIM_MEDIA_TYPE).send(JSON.stringify(body));
}

/** Sends one resource with its ETag, and a Location header when it was just created. */
export function sendResource(
  reply: FastifyReply,
  status: number,
  resource: Record<string, unknown>,
): FastifyReply {
  const meta = resource.meta as { version?: string; location?: string } | undefined;
  if (meta?.version !== undefined) reply.header('etag', meta.version);
  if (status === 201 && meta?.location !== undefined) reply.header('location', meta.location);
  return sendScim(reply, status, resource);
}

export function sendNoContent(reply: FastifyReply): FastifyReply {
  return reply.code(204).send();
}

/** Sends 304 for a conditional GET whose If-None-Match matched (RFC 7232 §4.1). */
export function sendNotModified(reply: FastifyReply, version: number): FastifyReply {
  return reply.code(304).header('etag', entityTag(version)).send();
}

/**
 * Sends the response to a successful PATCH (RFC 7644 §3.5.2): 200 with the resource when it
 * changed, 204 when the request left it as it was. Flavours with `patch-always-204` get 204.
 */
export async function sendPatchResult(
  reply: FastifyReply,
  context: ScimContext,
  changed: boolean,
  version: number,
  send: (status: 200) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  reply.header('etag', entityTag(version));
  if (!changed || context.normalization.apply('patch-always-204')) return sendNoContent(reply);
  return send(200);
}
