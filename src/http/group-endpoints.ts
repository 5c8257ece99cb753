import { createRole, deleteRole, getRole, replaceRole } from '../roles/role-service.js';
import { renderGroup } from '../roles/render-group.js';
import type { ScimContext } from '../scim/scim-context.js';
import type { ServiceDependencies } from '../scim/service-dependencies.js';
import { ifNoneMatchHits } from '../scim/versions.js';
import { header } from './request-headers.js';
import type { ScimEndpoint } from './scim-endpoint.js';
import { sendNoContent, sendResource } from './send-scim.js';

/** Whether member display labels sent by the client replace the users' display names. */
export function showsMemberLabels(context: ScimContext): boolean {
  return context.normalization.allows('member-display-label');
}

/** /Groups and /Groups/{id}: the organization's roles. */
export function groupEndpoints(deps: ServiceDependencies): ScimEndpoint[] {
  return [
    {
      path: '/Groups',
      public: false,
      methods: {
        POST: async ({ context, reply, body }) => {
          const role = await createRole(deps, context, body);
          const members = await deps.store.roles.members([role.id]);
          return sendResource(
            reply,
            201,
            renderGroup(role, members, context.baseUrl, showsMemberLabels(context)),
          );
        },
      },
    },
    {
      path: '/Groups/:id',
      public: false,
      methods: {
        GET: async ({ context, request, reply, params }) => {
          const { role, members } = await getRole(deps, context, params.id!, true);
          if (ifNoneMatchHits(header(request, 'if-none-match'), role.version)) {
            return reply.code(304).header('etag', `W/"${role.version}"`).send();
          }
          const resource = renderGroup(role, members, context.baseUrl, showsMemberLabels(context));
          return sendResource(reply, 200, resource);
        },
        PUT: async ({ context, request, reply, params, body }) => {
          const id = params.id!;
          const role = await replaceRole(deps, context, id, body, header(request, 'if-match'));
          const members = await deps.store.roles.members([id]);
          const resource = renderGroup(role, members, context.baseUrl, showsMemberLabels(context));
          return sendResource(reply, 200, resource);
        },
        DELETE: async ({ context, request, reply, params }) => {
          await deleteRole(deps, context, params.id!, header(request, 'if-match'));
          return sendNoContent(reply);
        },
      },
    },
  ];
}
