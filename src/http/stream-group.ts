import { Readable } from 'node:stream';

import type { FastifyReply } from 'fastify';

import { renderGroup } from '../roles/render-group.js';
import type { RoleMember, RoleRecord } from '../storage/role-repository.js';
import { SCIM_MEDIA_TYPE } from './send-scim.js';

/** Members serialized per chunk of the response body. */
const MEMBERS_PER_CHUNK = 1000;

/** A string no attribute value can contain, marking where the member list goes. */
const MEMBERS_MARK = '\u0000members\u0000';

/**
 * Sends a role with its full member list as a stream of JSON text. The body is the same as
 * JSON.stringify of renderGroup's result, but the members go out a thousand at a time, written
 * straight from the rows, so a role with tens of thousands of members never exists as one array
 * of objects plus one large string.
 */
export function streamGroup(
  reply: FastifyReply,
  status: number,
  role: RoleRecord,
  members: readonly RoleMember[],
  baseUrl: string,
  memberLabels: boolean,
): FastifyReply {
  const resource = renderGroup(role, [], baseUrl, memberLabels);
  const text = JSON.stringify(resource, (key, value: unknown) =>
    key === 'members' ? MEMBERS_MARK : value,
  );
  const [head, tail] = text.split(JSON.stringify(MEMBERS_MARK));
  const meta = resource.meta as { version: string; location: string };

  reply.code(status).header('content-type', SCIM_MEDIA_TYPE).header('etag', meta.version);
  if (status === 201) reply.header('location', meta.location);
  return reply.send(Readable.from(chunks(head!, tail!, members, baseUrl, memberLabels)));
}

function* chunks(
  head: string,
  tail: string,
  members: readonly RoleMember[],
  baseUrl: string,
  memberLabels: boolean,
): Generator<string> {
  yield `${head}[`;
  for (let start = 0; start < members.length; start += MEMBERS_PER_CHUNK) {
    const parts: string[] = [];
    for (const member of members.slice(start, start + MEMBERS_PER_CHUNK)) {
      const display = (memberLabels ? member.displayLabel : null) ?? member.userDisplayName;
      parts.push(
        `{"value":${JSON.stringify(member.userId)},"display":${JSON.stringify(display)},` +
          `"$ref":${JSON.stringify(`${baseUrl}/Users/${member.userId}`)},"type":"User"}`,
      );
    }
    yield (start === 0 ? '' : ',') + parts.join(',');
  }
  yield `]${tail}`;
}
