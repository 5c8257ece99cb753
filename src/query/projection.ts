import { invalidValue } from '../errors/catalogue.js';
import type { ScimError } from '../errors/scim-error.js';
import type { AttributeDefinition } from '../schema/attribute.js';
import { findSchema } from '../schema/resolve-attribute.js';
import type { ResourceType } from '../schema/resource-type.js';
import type { AttributePathNode, PatchPath } from '../filter/ast.js';
import { TOLERANT_ENDPOINTS } from '../filter/filter-parser.js';
import { parsePathText } from '../filter/parse-patch-path.js';
import { resolveAttributePath, unknownAttributeError } from '../filter/resolve-filter-attribute.js';
import { splitAttributeList } from './split-attribute-list.js';

/*
 * The `attributes` and `excludedAttributes` parameters (RFC 7644 §3.9), applied to a resource's
 * representation. `id`, `meta` and `schemas` are always returned and `password` never is.
 */

/** Projection options; the okta and azure flavours turn them on. */
export interface ProjectionOptions {
  /** Read `emails[type eq "work"]` in `attributes` as `emails`, as Okta and Entra ID send it. */
  readonly allowValueFilterInAttributes?: boolean;
}

/** One attribute a projection names, as canonical keys into the representation. */
export interface ProjectionPath {
  /** `['name', 'givenName']`, `['urn:...:User', 'manager', 'value']`, `['urn:...:User']`. */
  readonly keys: readonly string[];
}

/** The set of attributes a response contains. */
export interface Projection {
  readonly resourceType: ResourceType;
  /** The requested attributes; undefined returns every attribute that is returned by default. */
  readonly attributes: readonly ProjectionPath[] | undefined;
  readonly excludedAttributes: readonly ProjectionPath[];
}

/** Top-level keys returned whatever the parameters request (RFC 7643 §7 `returned: always`). */
const ALWAYS_RETURNED: ReadonlySet<string> = new Set(['schemas', 'id', 'meta']);

/** Returns the projection of a request without `attributes` or `excludedAttributes`. */
export function defaultProjection(resourceType: ResourceType): Projection {
  return Object.freeze({ resourceType, attributes: undefined, excludedAttributes: [] });
}

/**
 * Parses `attributes` and `excludedAttributes`, each a comma-separated string (query parameter)
 * or an array of names (search request body). Names are case-insensitive and may be
 * URN-qualified or name a whole extension by its URN. Throws 400 `invalidValue` naming the entry
 * for an unknown attribute or, unless `allowValueFilterInAttributes` is on, a value filter.
 */
export function parseProjection(
  attributes: string | readonly string[] | undefined,
  excludedAttributes: string | readonly string[] | undefined,
  resourceType: ResourceType,
  options: ProjectionOptions = {},
): Projection {
  const parseList = (parameter: string, value: string | readonly string[] | undefined) =>
    value === undefined
      ? undefined
      : splitAttributeList(value).flatMap((name) =>
          parseProjectionPath(parameter, name, resourceType, options),
        );
  return Object.freeze({
    resourceType,
    attributes: parseList('attributes', attributes),
    excludedAttributes: parseList('excludedAttributes', excludedAttributes) ?? [],
  });
}

function parseProjectionPath(
  parameter: string,
  name: string,
  resourceType: ResourceType,
  options: ProjectionOptions,
): ProjectionPath[] {
  const fail = (detail: string, position: number): ScimError =>
    invalidValue(
      `Invalid ${parameter} entry ${JSON.stringify(name)} at position ${position}: ${detail}`,
    );
  const path = parsePathText(name, {}, fail);
  if (path.kind === 'schemaPath') return schemaProjection(path.urn, resourceType, fail);

  const attribute = withoutValueFilter(path, parameter, name, options, fail);
  if (isSchemasAttribute(attribute)) return [{ keys: ['schemas'] }];
  const resolved = resolveAttributePath(resourceType, attribute);
  if (resolved === undefined) throw unknownAttributeError(attribute, resourceType, fail);

  const { schema, inExtension, subAttribute } = resolved;
  const keys = inExtension ? [schema!.id, resolved.attribute.name] : [resolved.attribute.name];
  if (subAttribute !== undefined) keys.push(subAttribute.name);
  return [{ keys }];
}

/**
 * RFC 7644 §3.9 names attributes, not value filters. The tolerant flavours read
 * `emails[type eq "work"].value` as `emails.value`.
 */
function withoutValueFilter(
  path: Extract<PatchPath, { kind: 'patchPath' }>,
  parameter: string,
  name: string,
  options: ProjectionOptions,
  fail: (detail: string, position: number) => ScimError,
): AttributePathNode {
  if (path.filter === undefined) return path.attribute;
  const bracket = name.indexOf('[');
  if (!options.allowValueFilterInAttributes) {
    throw fail(
      `${parameter} lists attribute names, not value filters (RFC 7644 §3.9); request "${name.slice(0, bracket).trim()}" instead. ${TOLERANT_ENDPOINTS} accept a value filter here and return the whole attribute`,
      bracket,
    );
  }
  if (path.valueSubAttribute === undefined) return path.attribute;
  if (path.attribute.subAttribute !== undefined) {
    throw fail(`"${name}" has a sub-attribute on both sides of the value filter`, bracket);
  }
  return { ...path.attribute, subAttribute: path.valueSubAttribute };
}

/** Expands a whole schema: an extension is the object under its URN, the core schema its attributes. */
function schemaProjection(
  urn: string,
  resourceType: ResourceType,
  fail: (detail: string, position: number) => ScimError,
): ProjectionPath[] {
  const schema = findSchema(resourceType, urn);
  if (schema === undefined) {
    throw fail(`the ${resourceType.name} resource type does not use the schema ${urn}`, 0);
  }
  if (schema.id !== resourceType.schema.id) return [{ keys: [schema.id] }];
  return schema.attributes.map((attribute) => ({ keys: [attribute.name] }));
}

function isSchemasAttribute(path: AttributePathNode): boolean {
  return (
    path.urn === undefined &&
    path.subAttribute === undefined &&
    path.name.toLowerCase() === 'schemas'
  );
}

/** Keys of requested attributes as a tree; `true` marks a whole value. */
type KeyTree = Map<string, KeyTree | true>;

function keyTree(paths: readonly ProjectionPath[]): KeyTree {
  const root: KeyTree = new Map();
  for (const { keys } of paths) {
    let node = root;
    for (const [index, key] of keys.entries()) {
      const existing = node.get(key);
      // A whole value already requested covers every part of it.
      if (existing === true) break;
      if (index === keys.length - 1) {
        node.set(key, true);
        break;
      }
      const child: KeyTree = existing ?? new Map();
      node.set(key, child);
      node = child;
    }
  }
  return root;
}

/**
 * Applies a projection to a representation and returns a new object. `attributes` keeps the
 * listed attributes plus `id`, `meta` and `schemas`; a sub-attribute of a multi-valued attribute
 * is kept in each element. `excludedAttributes` then removes what it lists, except the attributes
 * that are always returned. `password` is always removed, and so are attributes returned only on
 * request unless `attributes` lists them.
 */
export function projectResource(
  resource: Readonly<Record<string, unknown>>,
  projection: Projection,
): Record<string, unknown> {
  const projected: Record<string, unknown> =
    projection.attributes === undefined
      ? withoutUnrequested(resource, projection.resourceType)
      : pickAttributes(resource, keyTree(projection.attributes));

  const excluded = keyTree(projection.excludedAttributes);
  for (const key of ALWAYS_RETURNED) excluded.delete(key);
  return omit(projected, excluded) as Record<string, unknown>;
}

function withoutUnrequested(
  resource: Readonly<Record<string, unknown>>,
  resourceType: ResourceType,
): Record<string, unknown> {
  const copy = { ...resource };
  for (const attribute of resourceType.schema.attributes) {
    if (attribute.returned === 'never' || attribute.returned === 'request')
      delete copy[attribute.name];
  }
  return copy;
}

function pickAttributes(
  resource: Readonly<Record<string, unknown>>,
  tree: KeyTree,
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of ALWAYS_RETURNED) {
    if (Object.hasOwn(resource, key)) picked[key] = resource[key];
  }
  for (const [key, node] of tree) {
    if (ALWAYS_RETURNED.has(key) || key === 'password' || !Object.hasOwn(resource, key)) continue;
    const value = pick(resource[key], node);
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}

/** Keeps the parts of `value` that `node` names; undefined when nothing is left. */
function pick(value: unknown, node: KeyTree | true): unknown {
  if (node === true) return value;
  if (Array.isArray(value)) {
    const elements = value
      .map((element) => pick(element, node))
      .filter((element) => element !== undefined);
    return elements.length === 0 ? undefined : elements;
  }
  if (!isObject(value)) return undefined;
  const picked: Record<string, unknown> = {};
  for (const [key, child] of node) {
    if (!Object.hasOwn(value, key)) continue;
    const part = pick(value[key], child);
    if (part !== undefined) picked[key] = part;
  }
  return Object.keys(picked).length === 0 ? undefined : picked;
}

/** Removes the parts of `value` that `tree` names, in each element of arrays. */
function omit(value: unknown, tree: KeyTree): unknown {
  if (Array.isArray(value)) return value.map((element) => omit(element, tree));
  if (!isObject(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, part] of Object.entries(value)) {
    const node = tree.get(key);
    if (node === true) continue;
    kept[key] = node === undefined ? part : omit(part, node);
  }
  return kept;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Tells whether a response with this projection contains any part of the attribute at `path`
 * (such as `members`, `groups` or `members.display`), so a store can skip reading what the
 * response leaves out. Throws 400 `invalidValue` when `path` names no attribute.
 */
export function projectionIncludes(projection: Projection, path: string): boolean {
  return includedPaths(projection.resourceType, path).some(({ keys }) =>
    includesKeys(projection, keys),
  );
}

/** Parsed paths for projectionIncludes, which the server asks about on every request. */
const parsedPaths = new Map<string, ProjectionPath[]>();

function includedPaths(resourceType: ResourceType, path: string): ProjectionPath[] {
  const key = `${resourceType.id}\u0000${path}`;
  let targets = parsedPaths.get(key);
  if (targets === undefined) {
    targets = parseProjectionPath('attribute', path, resourceType, {});
    // Callers pass a handful of fixed paths; the bound keeps a mistaken caller from growing it.
    if (parsedPaths.size < 100) parsedPaths.set(key, targets);
  }
  return targets;
}

function includesKeys(projection: Projection, keys: readonly string[]): boolean {
  if (ALWAYS_RETURNED.has(keys[0]!)) return true;
  const excluded = projection.excludedAttributes.some((path) => startsWith(keys, path.keys));
  if (excluded) return false;
  if (projection.attributes === undefined) {
    return isReturnedByDefault(keys, projection.resourceType);
  }
  return projection.attributes.some(
    (requested) => startsWith(keys, requested.keys) || startsWith(requested.keys, keys),
  );
}

function isReturnedByDefault(keys: readonly string[], resourceType: ResourceType): boolean {
  const attribute: AttributeDefinition | undefined = resourceType.schema.attributes.find(
    (candidate) => candidate.name === keys[0],
  );
  return (
    attribute === undefined || (attribute.returned !== 'never' && attribute.returned !== 'request')
  );
}

/** True when `path` equals `prefix` or lies inside it. */
function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((key, index) => key === path[index]);
}
