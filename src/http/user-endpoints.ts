import { createUser, deleteUser, getUser, replaceUser } from '../users/user-service.js';
import { renderUser } from '../users/render-user.js';
import type { ServiceDependencies } from '../scim/service-dependencies.js';
import { ifNoneMatchHits } from '../scim/versions.js';
import type { ScimEndpoint } from './scim-endpoint.js';
import { sendNoContent, sendResource } from './send-scim.js';
import { header } from './request-headers.js';

/** /Users and /Users/{id} (RFC 7644 §3.3 to §3.6). */
export function userEndpoints(deps: ServiceDependencies): ScimEndpoint[] {
  return [
    {
      path: '/Users',
      public: false,
      methods: {
        POST: async ({ context, reply, body }) => {
          const user = await createUser(deps, context, body);
          return sendResource(reply, 201, renderUser(user, [], context.baseUrl));
        },
      },
    },
    {
      path: '/Users/:id',
      public: false,
      methods: {
        GET: async ({ context, request, reply, params }) => {
          const { user, roles } = await getUser(deps, context, params.id!, true);
          if (ifNoneMatchHits(header(request, 'if-none-match'), user.version)) {
            return reply.code(304).header('etag', `W/"${user.version}"`).send();
          }
          return sendResource(reply, 200, renderUser(user, roles, context.baseUrl));
        },
        PUT: async ({ context, request, reply, params, body }) => {
          const id = params.id!;
          const user = await replaceUser(deps, context, id, body, header(request, 'if-match'));
          const roles = await deps.store.roles.rolesOfUsers([id]);
          return sendResource(reply, 200, renderUser(user, roles, context.baseUrl));
        },
        DELETE: async ({ context, request, reply, params }) => {
          await deleteUser(deps, context, params.id!, header(request, 'if-match'));
          return sendNoContent(reply);
        },
      },
    },
  ];
}
