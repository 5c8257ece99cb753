import type { FastifyReply } from 'fastify';

import { listResponse } from '../messages/list-response.js';
import { projectionIncludes, projectResource, type Projection } from '../query/projection.js';
import { createRole, deleteRole, getRole, patchRole, replaceRole } from '../roles/role-service.js';
import { renderGroup } from '../roles/render-group.js';
import { GROUP_RESOURCE_TYPE } from '../schema/resource-type.js';
import { listGroups } from '../scim/list-resources.js';
import { listQueryFromQuery, projectionFromQuery } from '../scim/query-rules.js';
import { showsMemberLabels, type ScimContext } from '../scim/scim-context.js';
import type { ServiceDependencies } from '../scim/service-dependencies.js';
import { ifNoneMatchHits } from '../scim/versions.js';
import type { RoleRecord } from '../storage/role-repository.js';
import { RenderGate } from './render-gate.js';
import { MEMBERS_PER_CHUNK, streamGroup } from './stream-group.js';
import { header } from './request-headers.js';
import type { ScimEndpoint } from './scim-endpoint.js';
import {
  sendNoContent,
  sendNotModified,
  sendPatchResult,
  sendResource,
  sendScim,
} from './send-scim.js';

/** Member lists are built two at a time at most; see RenderGate. */
const memberLists = new RenderGate(2);

/**
 * Renders a role with the attributes the projection selects and sends it. Members are read only
 * when they are returned, so `excludedAttributes=members` costs the same for a role of any size.
 */
async function sendGroup(
  deps: ServiceDependencies,
  context: ScimContext,
  reply: FastifyReply,
  status: number,
  role: RoleRecord,
  projection: Projection,
): Promise<FastifyReply> {
  const labels = showsMemberLabels(context);
  if (!projectionIncludes(projection, 'members')) {
    const resource = renderGroup(role, undefined, context.baseUrl, labels);
    return sendResource(reply, status, projectResource(resource, projection));
  }
  // The turn returns nothing: a reply is awaitable until its response ends, so returning it
  // from the turn would hold the turn for as long as the client takes to read.
  await memberLists.run(async () => {
    // Without attributes or excludedAttributes, the full representation is streamed.
    if (projection.attributes === undefined && projection.excludedAttributes.length === 0) {
      const pages = (after: string | null) =>
        deps.store.roles.membersAfter(role.id, after, MEMBERS_PER_CHUNK);
      await streamGroup(reply, status, role, pages, context.baseUrl, labels);
      return;
    }
    const members = await deps.store.roles.members([role.id]);
    const resource = renderGroup(role, members, context.baseUrl, labels);
    sendResource(reply, status, projectResource(resource, projection));
  });
  return reply;
}

/** /Groups and /Groups/{id}: the organization's roles. */
export function groupEndpoints(deps: ServiceDependencies): ScimEndpoint[] {
  const projectionOf = (query: Readonly<Record<string, unknown>>, context: ScimContext) =>
    projectionFromQuery(query, GROUP_RESOURCE_TYPE, context.normalization);

  return [
    {
      path: '/Groups',
      public: false,
      methods: {
        GET: async ({ context, reply, query }) => {
          const listQuery = listQueryFromQuery(query, GROUP_RESOURCE_TYPE, context.normalization);
          const page = await listGroups(deps, context, listQuery);
          return sendScim(reply, 200, listResponse(page.items, page.total, listQuery.startIndex));
        },
        POST: async ({ context, reply, query, body }) => {
          const projection = projectionOf(query, context);
          const role = await createRole(deps, context, body);
          return sendGroup(deps, context, reply, 201, role, projection);
        },
      },
    },
    {
      path: '/Groups/:id',
      public: false,
      methods: {
        GET: async ({ context, request, reply, params, query }) => {
          const projection = projectionOf(query, context);
          const { role } = await getRole(deps, context, params.id!, false);
          if (ifNoneMatchHits(header(request, 'if-none-match'), role.version)) {
            return sendNotModified(reply, role.version);
          }
          return sendGroup(deps, context, reply, 200, role, projection);
        },
        PUT: async ({ context, request, reply, params, query, body }) => {
          const projection = projectionOf(query, context);
          const ifMatch = header(request, 'if-match');
          const role = await replaceRole(deps, context, params.id!, body, ifMatch);
          return sendGroup(deps, context, reply, 200, role, projection);
        },
        PATCH: async ({ context, request, reply, params, query, body }) => {
          const projection = projectionOf(query, context);
          const ifMatch = header(request, 'if-match');
          const { role, changed } = await patchRole(deps, context, params.id!, body, ifMatch);
          return sendPatchResult(reply, context, changed, role.version, (status) =>
            sendGroup(deps, context, reply, status, role, projection),
          );
        },
        DELETE: async ({ context, request, reply, params }) => {
          await deleteRole(deps, context, params.id!, header(request, 'if-match'));
          return sendNoContent(reply);
        },
      },
    },
  ];
}
