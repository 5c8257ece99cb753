import type { FastifyReply } from 'fastify';

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
