import type { ScimError } from '../errors/scim-error.js';
import { findSubAttribute, type AttributeDefinition } from '../schema/attribute.js';
import {
  findSchema,
  resolveAttribute,
  type ResolvedAttribute,
} from '../schema/resolve-attribute.js';
import { schemasOf, type ResourceType } from '../schema/resource-type.js';
import type { AttributePathNode } from './ast.js';
import type { BoundAttribute } from './bound-filter.js';
import type { SyntaxErrorFactory } from './filter-lexer.js';
import { formatAttributePath, subAttributePosition } from './parse-attribute-path.js';

/*
 * Resolves the attribute paths of a filter against a resource type (RFC 7644 §3.10). Names and
 * URNs are case-insensitive, and an unqualified name means the core schema or a common
 * attribute. Inside a value filter, a name means a sub-attribute of the filtered attribute.
 */

/** The attribute a path names, relative to the scope the filter is evaluated in. */
export interface FilterTarget extends BoundAttribute {
  /** The multi-valued complex attribute the path goes through, as `emails` in `emails.value`. */
  readonly through: BoundAttribute | undefined;
}

/** The complex attribute whose sub-attributes a value filter (`emails[...]`) names. */
export interface FilterContainer {
  readonly attribute: BoundAttribute;
  readonly multiValued: boolean;
}

/** The `schemas` attribute every resource has (RFC 7643 §3); no schema defines it. */
export const SCHEMAS_TARGET = 'schemas';

/**
 * Resolves `path` in the scope of `container` (undefined at the top level). Returns
 * `SCHEMAS_TARGET` for the `schemas` attribute. Throws through `fail` when the path names no
 * attribute of the resource type, or names `password`, which is never returned.
 */
export function resolveFilterAttribute(
  path: AttributePathNode,
  resourceType: ResourceType,
  container: FilterContainer | undefined,
  fail: SyntaxErrorFactory,
): FilterTarget | typeof SCHEMAS_TARGET {
  if (container !== undefined) return resolveInContainer(path, container, fail);
  if (isSchemasPath(path)) return SCHEMAS_TARGET;

  const resolved = resolveAttributePath(resourceType, path);
  if (resolved === undefined) throw unknownAttributeError(path, resourceType, fail);
  if (resolved.attribute.returned === 'never' || resolved.subAttribute?.returned === 'never') {
    throw fail(
      `"${resolved.canonicalPath}" is never returned (RFC 7643 §7), so queries cannot use it`,
      path.position,
    );
  }
  return targetOf(resolved);
}

function isSchemasPath(path: AttributePathNode): boolean {
  return (
    path.urn === undefined &&
    path.subAttribute === undefined &&
    path.name.toLowerCase() === SCHEMAS_TARGET
  );
}

/**
 * Resolves an attribute path like `resolveAttribute`, and also accepts the common attributes (id,
 * externalId, meta) qualified with the core schema URN.
 */
export function resolveAttributePath(
  resourceType: ResourceType,
  path: AttributePathNode,
): ResolvedAttribute | undefined {
  const resolved = resolveAttribute(resourceType, path);
  if (resolved !== undefined || path.urn === undefined) return resolved;
  if (path.urn.toLowerCase() !== resourceType.schema.id.toLowerCase()) return undefined;
  const common = resolveAttribute(resourceType, {
    name: path.name,
    subAttribute: path.subAttribute,
  });
  return common?.schema === undefined ? common : undefined;
}

function targetOf(resolved: ResolvedAttribute): FilterTarget {
  const { schema, attribute, subAttribute } = resolved;
  const keys = resolved.inExtension ? [schema!.id, attribute.name] : [attribute.name];
  const path = resolved.inExtension ? `${schema!.id}:${attribute.name}` : attribute.name;
  const top = { keys, path, scope: undefined, definition: attribute };
  if (subAttribute === undefined) return { ...top, through: undefined };
  if (attribute.multiValued) {
    const element = { keys: [subAttribute.name], path: subAttribute.name, scope: path };
    return { ...element, definition: subAttribute, through: top };
  }
  return {
    keys: [...keys, subAttribute.name],
    path: `${path}.${subAttribute.name}`,
    scope: undefined,
    definition: subAttribute,
    through: undefined,
  };
}

function resolveInContainer(
  path: AttributePathNode,
  container: FilterContainer,
  fail: SyntaxErrorFactory,
): FilterTarget {
  const parent = container.attribute;
  if (path.urn !== undefined || path.subAttribute !== undefined) {
    throw fail(
      `inside "${parent.path}[...]" name a sub-attribute of ${parent.path}, such as ${exampleSubAttributes(parent.definition)}; found "${formatAttributePath(path)}"`,
      path.position,
    );
  }
  const definition = findSubAttribute(parent.definition, path.name);
  if (definition === undefined) {
    throw fail(
      `"${parent.path}" has no sub-attribute "${path.name}"; its sub-attributes are ${listSubAttributes(parent.definition)}`,
      path.position,
    );
  }
  if (container.multiValued) {
    return {
      keys: [definition.name],
      path: definition.name,
      scope: parent.path,
      definition,
      through: undefined,
    };
  }
  return {
    keys: [...parent.keys, definition.name],
    path: `${parent.path}.${definition.name}`,
    scope: parent.scope,
    definition,
    through: undefined,
  };
}

/** Builds the error for a path that names no attribute, saying which part is unknown. */
export function unknownAttributeError(
  path: AttributePathNode,
  resourceType: ResourceType,
  fail: SyntaxErrorFactory,
): ScimError {
  const written = formatAttributePath(path);
  if (path.urn !== undefined && findSchema(resourceType, path.urn) === undefined) {
    return unknownSchema(path, resourceType, fail);
  }
  const top = resolveAttributePath(resourceType, { ...path, subAttribute: undefined });
  if (top === undefined) {
    return fail(
      `"${written}" is not an attribute of the ${resourceType.name} resource type; GET /Schemas lists the attributes of each resource type`,
      path.position,
    );
  }
  const position = subAttributePosition(path);
  if (top.attribute.subAttributes === undefined) {
    return fail(
      `"${top.canonicalPath}" has no sub-attributes, so "${written}" names nothing`,
      position,
    );
  }
  return fail(
    `"${top.canonicalPath}" has no sub-attribute "${path.subAttribute}"; its sub-attributes are ${listSubAttributes(top.attribute)}`,
    position,
  );
}

function unknownSchema(
  path: AttributePathNode,
  resourceType: ResourceType,
  fail: SyntaxErrorFactory,
): ScimError {
  const schemas = schemasOf(resourceType).map((schema) => schema.id);
  const whole = findSchema(resourceType, `${path.urn}:${path.name}`);
  if (whole !== undefined && path.subAttribute === undefined) {
    const example = whole.attributes[0]?.name ?? 'name';
    return fail(
      `"${whole.id}" is a schema, not an attribute; name one of its attributes, as in ${whole.id}:${example}`,
      path.position,
    );
  }
  return fail(
    `"${path.urn}" is not a schema of the ${resourceType.name} resource type; use ${schemas.join(' or ')}`,
    path.position,
  );
}

function listSubAttributes(definition: AttributeDefinition): string {
  return (definition.subAttributes ?? []).map((sub) => sub.name).join(', ');
}

function exampleSubAttributes(definition: AttributeDefinition): string {
  const names = (definition.subAttributes ?? []).map((sub) => sub.name);
  return names.slice(0, 2).join(' or ');
}
