import { parseBulkRequest } from '../bulk/bulk-request.js';
import { processBulk, type BulkExecutor } from '../bulk/process-bulk.js';
import { BULK_MAX_OPERATIONS } from '../discovery/service-provider-config.js';
import { createRole, deleteRole, patchRole, replaceRole } from '../roles/role-service.js';
import type { ScimContext } from '../scim/scim-context.js';
import type { ServiceDependencies } from '../scim/service-dependencies.js';
import { createUser, deleteUser, patchUser, replaceUser } from '../users/user-service.js';
import type { ScimEndpoint } from './scim-endpoint.js';
import { sendScim } from './send-scim.js';

/**
 * Runs bulk operations through the same services as the single-resource endpoints, so each one
 * validates, marks and versions resources exactly as its own request would.
 */
function bulkExecutor(deps: ServiceDependencies, context: ScimContext): BulkExecutor {
  return async (method, endpoint, id, data, version) => {
    const users = endpoint === 'Users';
    switch (method) {
      case 'POST': {
        const record = users
          ? await createUser(deps, context, data)
          : await createRole(deps, context, data);
        return { status: 201, id: record.id, version: record.version };
      }
      case 'PUT': {
        const record = users
          ? await replaceUser(deps, context, id!, data, version)
          : await replaceRole(deps, context, id!, data, version);
        return { status: 200, id: record.id, version: record.version };
      }
      case 'PATCH': {
        const result = users
          ? await patchUser(deps, context, id!, data, version)
          : await patchRole(deps, context, id!, data, version);
        const record = 'user' in result ? result.user : result.role;
        const status =
          result.changed && !context.normalization.apply('patch-always-204') ? 200 : 204;
        return { status, id: record.id, version: record.version };
      }
      case 'DELETE':
        if (users) await deleteUser(deps, context, id!, version);
        else await deleteRole(deps, context, id!, version);
        return { status: 204, id, version: undefined };
    }
  };
}

/** POST /Bulk (RFC 7644 §3.7). */
export function bulkEndpoint(deps: ServiceDependencies): ScimEndpoint {
  return {
    path: '/Bulk',
    public: false,
    methods: {
      POST: async ({ context, reply, body }) => {
        const request = parseBulkRequest(body, BULK_MAX_OPERATIONS);
        const response = await processBulk(request, bulkExecutor(deps, context), context.baseUrl);
        return sendScim(reply, 200, response);
      },
    },
  };
}
