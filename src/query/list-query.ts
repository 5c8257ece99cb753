import { invalidParameter, invalidSyntax, quote } from '../errors/catalogue.js';
import { readMember } from '../messages/read-member.js';
import type { ResourceType } from '../schema/resource-type.js';
import type { FilterNode } from '../filter/ast.js';
import { bindFilter } from '../filter/bind-filter.js';
import { parseFilter, type FilterParseOptions } from '../filter/parse-filter.js';
import { resolveSortAttribute, type SortOrder } from './compile-sort.js';
import { parseProjection, type Projection, type ProjectionOptions } from './projection.js';

/*
 * The parameters of a list or search request (RFC 7644 §3.4.2 and §3.4.3), from a query string
 * or a POST .search body, validated against one resource type.
 */

/** `count` when the request has none. */
export const DEFAULT_COUNT = 100;
/** The largest `count` served; larger requests get this many (advertised as filter.maxResults). */
export const MAX_COUNT = 1000;

export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/** A validated list query. */
export interface ListQuery {
  readonly filter: FilterNode | undefined;
  /** 1-based index of the first result. */
  readonly startIndex: number;
  /** Maximum number of resources to return, 0..MAX_COUNT; 0 returns totalResults only. */
  readonly count: number;
  /** Canonical path of the attribute to sort by. */
  readonly sortBy: string | undefined;
  readonly sortOrder: SortOrder;
  readonly projection: Projection;
}

export type ListQueryOptions = FilterParseOptions & ProjectionOptions;

/** Raw parameter values, whichever way the request carried them. */
interface ListParameters {
  filter?: unknown;
  startIndex?: unknown;
  count?: unknown;
  sortBy?: unknown;
  sortOrder?: unknown;
  attributes?: unknown;
  excludedAttributes?: unknown;
}

const PARAMETER_NAMES: readonly (keyof ListParameters)[] = [
  'filter',
  'startIndex',
  'count',
  'sortBy',
  'sortOrder',
  'attributes',
  'excludedAttributes',
];

/**
 * Parses list parameters from a query string object, as fastify provides it (values are strings,
 * or arrays when repeated). Parameter names are matched case-insensitively and unknown parameters
 * are ignored. An empty value counts as absent, except for `filter`, where it is an error.
 * Throws a 400 ScimError: `invalidFilter` for the filter, `invalidValue` for anything else.
 */
export function parseListQueryParameters(
  query: Readonly<Record<string, unknown>>,
  resourceType: ResourceType,
  options: ListQueryOptions = {},
): ListQuery {
  const parameters: ListParameters = {};
  for (const [name, value] of Object.entries(query)) {
    const known = PARAMETER_NAMES.find(
      (candidate) => candidate.toLowerCase() === name.toLowerCase(),
    );
    if (known === undefined || value === undefined) continue;
    if (parameters[known] !== undefined || Array.isArray(value)) {
      throw invalidParameter(known, value, 'a single value; send the parameter once');
    }
    if (value === '' && known !== 'filter') continue;
    parameters[known] = value;
  }
  return buildListQuery(parameters, 'text', resourceType, options);
}

/**
 * Parses the body of a POST .search request (RFC 7644 §3.4.3): a JSON object whose `schemas`
 * lists the SearchRequest URN, with `startIndex` and `count` as numbers and `attributes` and
 * `excludedAttributes` as arrays of strings. Members are matched case-insensitively, null counts
 * as absent, and unknown members are ignored. Throws 400 `invalidSyntax` for a body of another
 * shape and otherwise the errors of `parseListQueryParameters`.
 */
export function parseSearchRequest(
  body: unknown,
  resourceType: ResourceType,
  options: ListQueryOptions = {},
): ListQuery {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidSyntax(
      `The search request must be a JSON object with "schemas": ["${SEARCH_REQUEST_SCHEMA}"].`,
    );
  }
  const members = body as Record<string, unknown>;
  checkSearchSchemas(findMember(members, 'schemas'));

  const parameters: ListParameters = {};
  for (const name of PARAMETER_NAMES) {
    const value = findMember(members, name);
    if (value !== undefined && value !== null) parameters[name] = value;
  }
  return buildListQuery(parameters, 'json', resourceType, options);
}

function checkSearchSchemas(schemas: unknown): void {
  const listed =
    Array.isArray(schemas) &&
    schemas.some(
      (schema) =>
        typeof schema === 'string' && schema.toLowerCase() === SEARCH_REQUEST_SCHEMA.toLowerCase(),
    );
  if (!listed) {
    throw invalidSyntax(
      `The search request's "schemas" must be an array listing "${SEARCH_REQUEST_SCHEMA}"; got ${quote(schemas ?? null)}.`,
    );
  }
}

function findMember(members: Record<string, unknown>, name: string): unknown {
  return readMember(members, name, 'The search request').value;
}

function buildListQuery(
  parameters: ListParameters,
  encoding: 'text' | 'json',
  resourceType: ResourceType,
  options: ListQueryOptions,
): ListQuery {
  const filter =
    parameters.filter === undefined
      ? undefined
      : parseFilter(requireString('filter', parameters.filter), options);
  // Binding now rejects filters that do not fit the schema before any query runs.
  if (filter !== undefined) bindFilter(filter, resourceType);

  const sortBy =
    parameters.sortBy === undefined
      ? undefined
      : resolveSortAttribute(requireString('sortBy', parameters.sortBy), resourceType).path;

  return Object.freeze({
    filter,
    startIndex: Math.max(1, readInteger('startIndex', parameters.startIndex, encoding, 1)),
    count: Math.min(
      MAX_COUNT,
      Math.max(0, readInteger('count', parameters.count, encoding, DEFAULT_COUNT)),
    ),
    sortBy,
    sortOrder: readSortOrder(parameters.sortOrder),
    projection: parseProjection(
      readNames('attributes', parameters.attributes, encoding),
      readNames('excludedAttributes', parameters.excludedAttributes, encoding),
      resourceType,
      options,
    ),
  });
}

/**
 * Reads `startIndex` or `count`: decimal digits in a query string, a JSON number in a body.
 * Integers beyond the safe range are clamped there, which the callers' limits absorb.
 */
function readInteger(
  name: string,
  value: unknown,
  encoding: 'text' | 'json',
  fallback: number,
): number {
  if (value === undefined) return fallback;
  let number: number | undefined;
  if (encoding === 'text' && typeof value === 'string' && /^[+-]?[0-9]+$/.test(value)) {
    number = Number(value);
  } else if (encoding === 'json' && typeof value === 'number' && Number.isInteger(value)) {
    number = value;
  }
  if (number === undefined) {
    const kind = encoding === 'json' ? 'an integer JSON number' : 'an integer';
    throw invalidParameter(name, value, kind);
  }
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(Number.MIN_SAFE_INTEGER, number));
}

function readSortOrder(value: unknown): SortOrder {
  if (value === undefined) return 'ascending';
  const order = typeof value === 'string' ? value.toLowerCase() : undefined;
  if (order === 'ascending' || order === 'descending') return order;
  throw invalidParameter('sortOrder', value, '"ascending" or "descending"');
}

function readNames(
  name: string,
  value: unknown,
  encoding: 'text' | 'json',
): string | readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (encoding === 'text') return requireString(name, value);
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) {
    return value as string[];
  }
  throw invalidParameter(name, value, 'an array of attribute names');
}

function requireString(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  throw invalidParameter(name, value, 'a string');
}
