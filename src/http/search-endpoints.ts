import { invalidValue } from '../errors/catalogue.js';
import { isScimError } from '../errors/scim-error.js';
import { listResponse } from '../messages/list-response.js';
import type { ListQuery } from '../query/list-query.js';
import {
  GROUP_RESOURCE_TYPE,
  USER_RESOURCE_TYPE,
  type ResourceType,
} from '../schema/resource-type.js';
import { listGroups, listUsers } from '../scim/list-resources.js';
import { listQueryFromSearch } from '../scim/query-rules.js';
import type { ServiceDependencies } from '../scim/service-dependencies.js';
import type { ScimEndpoint } from './scim-endpoint.js';
import { sendScim } from './send-scim.js';

/** POST /Users/.search, /Groups/.search and /.search: list queries in a body (RFC 7644 §3.4.3). */
export function searchEndpoints(deps: ServiceDependencies): ScimEndpoint[] {
  return [
    {
      path: '/Users/.search',
      public: false,
      methods: {
        POST: async ({ context, reply, body }) => {
          const query = listQueryFromSearch(body, USER_RESOURCE_TYPE, context.normalization);
          const page = await listUsers(deps, context, query);
          return sendScim(reply, 200, listResponse(page.items, page.total, query.startIndex));
        },
      },
    },
    {
      path: '/Groups/.search',
      public: false,
      methods: {
        POST: async ({ context, reply, body }) => {
          const query = listQueryFromSearch(body, GROUP_RESOURCE_TYPE, context.normalization);
          const page = await listGroups(deps, context, query);
          return sendScim(reply, 200, listResponse(page.items, page.total, query.startIndex));
        },
      },
    },
    {
      path: '/.search',
      public: false,
      methods: {
        /**
         * Searches users and roles together. A filter or attribute that one resource type does
         * not define excludes that type. Users come first, then roles: that is id order,
         * because user ids start with "a-" and role ids with "r-".
         */
        POST: async ({ context, reply, body }) => {
          const users = parseFor(body, USER_RESOURCE_TYPE, context.normalization);
          const groups = parseFor(body, GROUP_RESOURCE_TYPE, context.normalization);
          const query = users.query ?? groups.query;
          if (query === undefined) throw users.error;
          if (query.sortBy !== undefined) {
            // NOTE: sorting across both tables would need a merge of two orders; not supported.
            throw invalidValue(
              'sortBy is not supported on /.search across resource types; search /Users/.search or /Groups/.search to sort.',
            );
          }

          const offset = query.startIndex - 1;
          const userPage = users.query
            ? await listUsers(deps, context, users.query, offset, query.count)
            : { total: 0, items: [] };
          const groupOffset = Math.max(0, offset - userPage.total);
          const groupLimit = query.count - userPage.items.length;
          const groupPage = groups.query
            ? await listGroups(deps, context, groups.query, groupOffset, groupLimit)
            : { total: 0, items: [] };
          const items = [...userPage.items, ...groupPage.items];
          return sendScim(
            reply,
            200,
            listResponse(items, userPage.total + groupPage.total, query.startIndex),
          );
        },
      },
    },
  ];
}

function parseFor(
  body: unknown,
  resourceType: ResourceType,
  normalization: Parameters<typeof listQueryFromSearch>[2],
): { query: ListQuery | undefined; error: unknown } {
  try {
    return { query: listQueryFromSearch(body, resourceType, normalization), error: undefined };
  } catch (error) {
    if (!isScimError(error)) throw error;
    return { query: undefined, error };
  }
}
