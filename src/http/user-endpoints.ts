import { listResponse } from '../messages/list-response.js';
import { projectionIncludes, projectResource, type Projection } from '../query/projection.js';
import { USER_RESOURCE_TYPE } from '../schema/resource-type.js';
import { listUsers } from '../scim/list-resources.js';
import { listQueryFromQuery, projectionFromQuery } from '../scim/query-rules.js';
import type { ScimContext } from '../scim/scim-context.js';
import type { ServiceDependencies } from '../scim/service-dependencies.js';
import { ifNoneMatchHits } from '../scim/versions.js';
import type { UserRecord } from '../storage/user-repository.js';
import { renderUser } from '../users/render-user.js';
import { createUser, deleteUser, getUser, patchUser, replaceUser } from '../users/user-service.js';
import { header } from './request-headers.js';
import type { ScimEndpoint } from './scim-endpoint.js';
import {
  sendNoContent,
  sendNotModified,
  sendPatchResult,
  sendResource,
  sendScim,
} from './send-scim.js';

/** Renders a user with the attributes the projection selects; reads its roles only when they are returned. */
async function presentUser(
  deps: ServiceDependencies,
  context: ScimContext,
  user: UserRecord,
  projection: Projection,
): Promise<Record<string, unknown>> {
  const roles = projectionIncludes(projection, 'groups')
    ? await deps.store.roles.rolesOfUsers([user.id])
    : undefined;
  return projectResource(renderUser(user, roles, context.baseUrl), projection);
}

/** /Users and /Users/{id} (RFC 7644 §3.3 to §3.6). */
export function userEndpoints(deps: ServiceDependencies): ScimEndpoint[] {
  const projectionOf = (query: Readonly<Record<string, unknown>>, context: ScimContext) =>
    projectionFromQuery(query, USER_RESOURCE_TYPE, context.normalization);

  return [
    {
      path: '/Users',
      public: false,
      methods: {
        GET: async ({ context, reply, query }) => {
          const listQuery = listQueryFromQuery(query, USER_RESOURCE_TYPE, context.normalization);
          const page = await listUsers(deps, context, listQuery);
          return sendScim(reply, 200, listResponse(page.items, page.total, listQuery.startIndex));
        },
        POST: async ({ context, reply, query, body }) => {
          const projection = projectionOf(query, context);
          const user = await createUser(deps, context, body);
          // A user that was just created belongs to no role, so its groups are not read.
          const resource = renderUser(user, [], context.baseUrl);
          return sendResource(reply, 201, projectResource(resource, projection));
        },
      },
    },
    {
      path: '/Users/:id',
      public: false,
      methods: {
        GET: async ({ context, request, reply, params, query }) => {
          const projection = projectionOf(query, context);
          const { user } = await getUser(deps, context, params.id!, false);
          if (ifNoneMatchHits(header(request, 'if-none-match'), user.version)) {
            return sendNotModified(reply, user.version);
          }
          return sendResource(reply, 200, await presentUser(deps, context, user, projection));
        },
        PUT: async ({ context, request, reply, params, query, body }) => {
          const projection = projectionOf(query, context);
          const ifMatch = header(request, 'if-match');
          const user = await replaceUser(deps, context, params.id!, body, ifMatch);
          return sendResource(reply, 200, await presentUser(deps, context, user, projection));
        },
        PATCH: async ({ context, request, reply, params, query, body }) => {
          const projection = projectionOf(query, context);
          const ifMatch = header(request, 'if-match');
          const { user, changed } = await patchUser(deps, context, params.id!, body, ifMatch);
          return sendPatchResult(reply, context, changed, user.version, async (status) =>
            sendResource(reply, status, await presentUser(deps, context, user, projection)),
          );
        },
        DELETE: async ({ context, request, reply, params }) => {
          await deleteUser(deps, context, params.id!, header(request, 'if-match'));
          return sendNoContent(reply);
        },
      },
    },
  ];
}
