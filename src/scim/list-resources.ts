import { compileFilter } from '../filter/compile-filter.js';
import { listResponse, type ListResponse } from '../messages/list-response.js';
import { compileSort } from '../query/compile-sort.js';
import type { ListQuery } from '../query/list-query.js';
import { projectionIncludes, projectResource } from '../query/projection.js';
import { renderGroup } from '../roles/render-group.js';
import {
  GROUP_RESOURCE_TYPE,
  USER_RESOURCE_TYPE,
  type ResourceType,
} from '../schema/resource-type.js';
import type { ListOptions, Page } from '../storage/list-page.js';
import type { RoleMember, UserRole } from '../storage/role-repository.js';
import { renderUser } from '../users/render-user.js';
import { showsMemberLabels, type ScimContext } from './scim-context.js';
import type { ServiceDependencies } from './service-dependencies.js';

function listOptions(
  deps: ServiceDependencies,
  context: ScimContext,
  query: ListQuery,
  resourceType: ResourceType,
  offset: number,
  limit: number,
): ListOptions {
  const options = { memberLabels: showsMemberLabels(context) };
  const dialect = deps.store.dialect;
  return {
    where: query.filter && compileFilter(query.filter, resourceType, dialect, options),
    orderBy: compileSort(query.sortBy, query.sortOrder, resourceType, dialect, options),
    offset,
    limit,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list === undefined) groups.set(key(item), [item]);
    else list.push(item);
  }
  return groups;
}

/** Reads one page of users with filter, sort and paging done in the database, rendered and projected. */
export async function listUsers(
  deps: ServiceDependencies,
  context: ScimContext,
  query: ListQuery,
  offset = query.startIndex - 1,
  limit = query.count,
): Promise<Page<Record<string, unknown>>> {
  const page = await deps.store.users.list(
    context.organizationId,
    listOptions(deps, context, query, USER_RESOURCE_TYPE, offset, limit),
  );
  let roles = new Map<string, UserRole[]>();
  if (projectionIncludes(query.projection, 'groups') && page.items.length > 0) {
    const found = await deps.store.roles.rolesOfUsers(page.items.map((user) => user.id));
    roles = groupBy(found, (role) => role.userId);
  }
  const items = page.items.map((user) =>
    projectResource(renderUser(user, roles.get(user.id) ?? [], context.baseUrl), query.projection),
  );
  return { total: page.total, items };
}

/** Reads one page of roles; members are read only when the projection returns them. */
export async function listGroups(
  deps: ServiceDependencies,
  context: ScimContext,
  query: ListQuery,
  offset = query.startIndex - 1,
  limit = query.count,
): Promise<Page<Record<string, unknown>>> {
  const page = await deps.store.roles.list(
    context.organizationId,
    listOptions(deps, context, query, GROUP_RESOURCE_TYPE, offset, limit),
  );
  let members: Map<string, RoleMember[]> | undefined;
  if (projectionIncludes(query.projection, 'members') && page.items.length > 0) {
    const found = await deps.store.roles.members(page.items.map((role) => role.id));
    members = groupBy(found, (member) => member.roleId);
  }
  const labels = showsMemberLabels(context);
  const items = page.items.map((role) =>
    projectResource(
      renderGroup(role, members && (members.get(role.id) ?? []), context.baseUrl, labels),
      query.projection,
    ),
  );
  return { total: page.total, items };
}

/** Wraps a page in a ListResponse (RFC 7644 §3.4.2). */
export function toListResponse(
  page: Page<Record<string, unknown>>,
  query: ListQuery,
): ListResponse {
  return listResponse(page.items, page.total, query.startIndex);
}
