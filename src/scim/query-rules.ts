import { invalidParameter } from '../errors/catalogue.js';
import type { FilterNode } from '../filter/ast.js';
import { parseFilter } from '../filter/parse-filter.js';
import type { Normalization } from '../flavours/normalization.js';
import {
  parseListQueryParameters,
  parseSearchRequest,
  type ListQuery,
  type ListQueryOptions,
} from '../query/list-query.js';
import { parseProjection, type Projection } from '../query/projection.js';
import type { ResourceType } from '../schema/resource-type.js';

/** Parse options for filters and projections that the request's flavour allows. */
export function queryOptions(normalization: Normalization): ListQueryOptions {
  return {
    allowBareValues: normalization.allows('bare-filter-values'),
    allowValuePathSubAttribute: normalization.allows('value-path-sub-attribute'),
    allowValueFilterInAttributes: normalization.allows('value-filter-in-attributes'),
  };
}

/**
 * Records which tolerant forms a parsed list query used: unquoted filter values, a value path
 * followed by a sub-attribute, or a value filter inside `attributes`.
 */
function recordQueryRules(
  query: ListQuery,
  filterText: unknown,
  attributesText: unknown,
  normalization: Normalization,
): void {
  if (query.filter !== undefined) {
    if (hasBareValue(query.filter)) normalization.apply('bare-filter-values');
    if (typeof filterText === 'string' && needsValuePathSubAttribute(filterText)) {
      normalization.apply('value-path-sub-attribute');
    }
  }
  const attributes = Array.isArray(attributesText) ? attributesText.join(',') : attributesText;
  if (typeof attributes === 'string' && attributes.includes('[')) {
    normalization.apply('value-filter-in-attributes');
  }
}

function hasBareValue(node: FilterNode): boolean {
  switch (node.kind) {
    case 'comparison':
      return node.bare;
    case 'present':
      return false;
    case 'and':
    case 'or':
      return hasBareValue(node.left) || hasBareValue(node.right);
    case 'not':
    case 'valuePath':
      return hasBareValue(node.filter);
  }
}

function needsValuePathSubAttribute(text: string): boolean {
  try {
    parseFilter(text, { allowBareValues: true });
    return false;
  } catch {
    return true;
  }
}

function queryParameter(query: Readonly<Record<string, unknown>>, name: string): unknown {
  const key = Object.keys(query).find(
    (candidate) => candidate.toLowerCase() === name.toLowerCase(),
  );
  return key === undefined ? undefined : query[key];
}

function asNames(value: unknown, name: string): string | string[] | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw invalidParameter(name, value, 'a comma-separated list of attribute names');
}

/**
 * Reads `attributes` and `excludedAttributes` (RFC 7644 §3.9) for an endpoint that returns one
 * resource; other query parameters are ignored there.
 */
export function projectionFromQuery(
  query: Readonly<Record<string, unknown>>,
  resourceType: ResourceType,
  normalization: Normalization,
): Projection {
  const attributes = queryParameter(query, 'attributes');
  const projection = parseProjection(
    asNames(attributes, 'attributes'),
    asNames(queryParameter(query, 'excludedAttributes'), 'excludedAttributes'),
    resourceType,
    queryOptions(normalization),
  );
  const text = Array.isArray(attributes) ? attributes.join(',') : attributes;
  if (typeof text === 'string' && text.includes('['))
    normalization.apply('value-filter-in-attributes');
  return projection;
}

/** Parses the list parameters of a GET on a collection and records the tolerant forms used. */
export function listQueryFromQuery(
  query: Readonly<Record<string, unknown>>,
  resourceType: ResourceType,
  normalization: Normalization,
): ListQuery {
  const parsed = parseListQueryParameters(query, resourceType, queryOptions(normalization));
  recordQueryRules(
    parsed,
    queryParameter(query, 'filter'),
    queryParameter(query, 'attributes'),
    normalization,
  );
  return parsed;
}

/** Parses a POST .search body and records the tolerant forms used. */
export function listQueryFromSearch(
  body: unknown,
  resourceType: ResourceType,
  normalization: Normalization,
): ListQuery {
  const parsed = parseSearchRequest(body, resourceType, queryOptions(normalization));
  const members = (typeof body === 'object' && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  recordQueryRules(
    parsed,
    queryParameter(members, 'filter'),
    queryParameter(members, 'attributes'),
    normalization,
  );
  return parsed;
}
