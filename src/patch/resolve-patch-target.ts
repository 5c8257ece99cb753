import { invalidPath, mutability, quote } from '../errors/catalogue.js';
import { isScimError } from '../errors/scim-error.js';
import type { AttributePathNode, PatchPath, PatchPathNode } from '../filter/ast.js';
import { createValueFilterMatcher } from '../filter/evaluate-filter.js';
import { findAttribute, findSubAttribute, type AttributeDefinition } from '../schema/attribute.js';
import type { ResourceType } from '../schema/resource-type.js';
import { findSchema, resolveAttribute } from '../schema/resolve-attribute.js';
import type { PatchTarget } from './patch-target.js';

/**
 * Matches a parsed PATCH path to the schema. A path that names no attribute of the resource type
 * is a 400 invalidPath: RFC 7644 §3.12 defines invalidPath for a path that is "invalid or
 * malformed", while noTarget is for a filter that matches no value.
 */
export function resolvePatchTarget(
  resourceType: ResourceType,
  path: PatchPath,
  text: string,
): PatchTarget {
  if (path.kind === 'schemaPath') return resolveSchemaPath(resourceType, path.urn, text);
  return resolveAttributePath(resourceType, path, text);
}

/** Resolves a path that is a bare schema URN: the core schema or an extension of the resource type. */
function resolveSchemaPath(resourceType: ResourceType, urn: string, text: string): PatchTarget {
  const schema = findSchema(resourceType, urn);
  if (schema === undefined) {
    throw invalidPath(
      `Path ${quote(text)} names a schema that ${resourceType.name} resources do not use. See /ResourceTypes for their schemas.`,
    );
  }
  if (schema.id === resourceType.schema.id) return { kind: 'coreSchema', text };
  return { kind: 'extension', schema, text };
}

function resolveAttributePath(
  resourceType: ResourceType,
  path: PatchPathNode,
  text: string,
): PatchTarget {
  const node = path.attribute;
  if (
    node.urn === undefined &&
    node.subAttribute === undefined &&
    node.name.toLowerCase() === 'schemas'
  ) {
    throw mutability(
      'Attribute "schemas" cannot be changed by PATCH: the server derives it from the attributes present.',
    );
  }
  if (
    node.subAttribute !== undefined &&
    (path.filter !== undefined || path.valueSubAttribute !== undefined)
  ) {
    throw invalidPath(
      `Path ${quote(text)} puts a value filter after a sub-attribute; a value filter follows the attribute, as in emails[type eq "work"].value.`,
    );
  }

  const qualified = qualifyExtensionAttribute(resourceType, node);
  const resolved = resolveAttribute(resourceType, qualified);
  if (resolved === undefined) throw invalidPath(unknownAttributeDetail(resourceType, node, text));
  const { attribute } = resolved;

  const subAttribute =
    path.valueSubAttribute === undefined
      ? resolved.subAttribute
      : resolveValueSubAttribute(attribute, path.valueSubAttribute, text);
  const matches =
    path.filter === undefined
      ? undefined
      : createMatcher({ ...path, attribute: qualified }, resourceType, text);

  return {
    kind: 'attribute',
    extension: resolved.inExtension ? resolved.schema!.id : undefined,
    attribute,
    subAttribute,
    filter: path.filter,
    matches,
    text,
  };
}

/**
 * Binds the value filter of a path to the schema, so it can test the values of the attribute.
 * A filter that names no sub-attribute, or compares one with a literal of the wrong type, is a
 * 400 invalidPath.
 */
function createMatcher(
  path: PatchPathNode,
  resourceType: ResourceType,
  text: string,
): (element: unknown) => boolean {
  try {
    return createValueFilterMatcher(path, resourceType);
  } catch (error) {
    if (!isScimError(error)) throw error;
    throw invalidPath(`${error.detail.replace(/\.$/, '')} in path ${quote(text)}.`);
  }
}

/** Resolves the sub-attribute after a value filter, as `value` in `emails[type eq "work"].value`. */
function resolveValueSubAttribute(
  attribute: AttributeDefinition,
  name: string,
  text: string,
): AttributeDefinition {
  const subAttribute = findSubAttribute(attribute, name);
  if (subAttribute !== undefined) return subAttribute;
  throw invalidPath(
    `Path ${quote(text)} names "${name}", which is not a sub-attribute of "${attribute.name}".${listSubAttributes(attribute)}`,
  );
}

/**
 * Adds the extension URN to an unqualified name that no core attribute has and exactly one
 * extension defines. RFC 7644 §3.10 lets clients omit the URN of core attributes, and qualifying
 * extension attributes is only a SHOULD. Identity providers send, for example, the unqualified
 * path `manager[value eq "..."]`.
 */
function qualifyExtensionAttribute(
  resourceType: ResourceType,
  node: AttributePathNode,
): AttributePathNode {
  if (node.urn !== undefined || resolveAttribute(resourceType, node) !== undefined) return node;
  const owners = resourceType.extensions.filter(
    (extension) => findAttribute(extension.schema.attributes, node.name) !== undefined,
  );
  if (owners.length !== 1) return node;
  return { ...node, urn: owners[0]!.schema.id };
}

function unknownAttributeDetail(
  resourceType: ResourceType,
  node: AttributePathNode,
  text: string,
): string {
  const where = `Path ${quote(text)} names no attribute of ${resourceType.name} resources`;
  if (node.urn !== undefined && findSchema(resourceType, node.urn) === undefined) {
    return `${where}: ${quote(node.urn)} is not a schema of ${resourceType.name} resources. See /Schemas for the supported schemas.`;
  }
  const parent = resolveAttribute(resourceType, { urn: node.urn, name: node.name });
  if (parent !== undefined && node.subAttribute !== undefined) {
    return `${where}: "${node.subAttribute}" is not a sub-attribute of "${parent.attribute.name}".${listSubAttributes(parent.attribute)}`;
  }
  return `${where}: "${node.name}" is not defined. See /Schemas for the supported attributes.`;
}

function listSubAttributes(attribute: AttributeDefinition): string {
  const names = attribute.subAttributes?.map((sub) => sub.name) ?? [];
  if (names.length === 0) return ` "${attribute.name}" has no sub-attributes.`;
  return ` Its sub-attributes are ${names.join(', ')}.`;
}
