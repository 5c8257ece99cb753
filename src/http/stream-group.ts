import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';

import type { FastifyReply } from 'fastify';

import { renderGroup } from '../roles/render-group.js';
import type { RoleMember, RoleRecord } from '../storage/role-repository.js';
import { SCIM_MEDIA_TYPE } from './send-scim.js';

/** Members read and serialized per chunk of the response body. */
export const MEMBERS_PER_CHUNK = 1000;

/**
 * How long a caller waits for the body to go out before it returns anyway. A client that reads
 * slowly keeps its stream, but no longer its caller's turn.
 */
const SEND_WAIT_MS = 5_000;

/** A string no attribute value can contain, marking where the member list goes. */
const MEMBERS_MARK = '\u0000members\u0000';

/** Reads the members whose user ids sort after the given one (all from the start when null). */
export type MemberPages = (afterUserId: string | null) => Promise<readonly RoleMember[]>;

/**
 * Sends a role with its full member list, as JSON.stringify of renderGroup's result would. A list
 * longer than one page is read and sent a page at a time, so a role with tens of thousands of
 * members is never in memory as a whole.
 *
 * Each page is its own read, so a member added or removed while the body goes out may or may not
 * be listed. The returned promise settles once the body is sent, the client has gone or
 * SEND_WAIT_MS have passed, so a caller that limits concurrent member lists keeps its turn while
 * the response goes out.
 */
export async function streamGroup(
  reply: FastifyReply,
  status: number,
  role: RoleRecord,
  pages: MemberPages,
  baseUrl: string,
  memberLabels: boolean,
): Promise<void> {
  const resource = renderGroup(role, [], baseUrl, memberLabels);
  const text = JSON.stringify(resource, (key, value: unknown) =>
    key === 'members' ? MEMBERS_MARK : value,
  );
  const [head, tail] = text.split(JSON.stringify(MEMBERS_MARK));
  const meta = resource.meta as { version: string; location: string };
  // The first page is read before the headers go out, so a failing read still gets an error body.
  const first = await pages(null);

  reply.code(status).header('content-type', SCIM_MEDIA_TYPE).header('etag', meta.version);
  if (status === 201) reply.header('location', meta.location);
  // A list that fits in one page goes out as one string, without the objects of a stream.
  if (first.length < MEMBERS_PER_CHUNK) {
    reply.send(`${head}[${memberText(first, baseUrl, memberLabels)}]${tail}`);
    return;
  }
  const body = Readable.from(chunks(head!, tail!, first, pages, baseUrl, memberLabels));
  reply.send(body);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    // A client that leaves mid-response ends the stream early. The server records that request
    // when its connection closes.
    finished(body).catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, SEND_WAIT_MS))),
  ]);
  clearTimeout(timer);
}

async function* chunks(
  head: string,
  tail: string,
  first: readonly RoleMember[],
  pages: MemberPages,
  baseUrl: string,
  memberLabels: boolean,
): AsyncGenerator<string> {
  yield `${head}[`;
  let page = first;
  let separator = '';
  while (page.length > 0) {
    yield separator + memberText(page, baseUrl, memberLabels);
    separator = ',';
    if (page.length < MEMBERS_PER_CHUNK) break;
    page = await pages(page[page.length - 1]!.userId);
  }
  yield `]${tail}`;
}

/** Serializes members as JSON array elements, separated by commas. */
function memberText(page: readonly RoleMember[], baseUrl: string, memberLabels: boolean): string {
  const parts: string[] = [];
  for (const member of page) {
    const display = (memberLabels ? member.displayLabel : null) ?? member.userDisplayName;
    parts.push(
      `{"value":${JSON.stringify(member.userId)},"display":${JSON.stringify(display)},` +
        `"$ref":${JSON.stringify(`${baseUrl}/Users/${member.userId}`)},"type":"User"}`,
    );
  }
  return parts.join(',');
}
