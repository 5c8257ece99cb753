import {
  findAttribute,
  findSubAttribute,
  type AttributeDefinition,
  type SchemaDefinition,
} from './attribute.js';
import { COMMON_ATTRIBUTES } from './common-attributes.js';
import { schemasOf, type ResourceType } from './resource-type.js';

/** An attribute reference as written by a client: `[urn:]name[.subAttribute]`. */
export interface AttributeReference {
  readonly urn?: string | undefined;
  readonly name: string;
  readonly subAttribute?: string | undefined;
}

/** An attribute reference matched to its definitions. */
export interface ResolvedAttribute {
  /** The schema that defines the attribute; undefined for the common attributes id, externalId and meta. */
  readonly schema: SchemaDefinition | undefined;
  /** True when the attribute lives under its schema URN in the JSON representation. */
  readonly inExtension: boolean;
  readonly attribute: AttributeDefinition;
  readonly subAttribute: AttributeDefinition | undefined;
  /** Canonical spelling, e.g. `name.givenName` or `urn:...:enterprise:2.0:User:manager.value`. */
  readonly canonicalPath: string;
}

/** Finds the schema of a resource type with the given URN, case-insensitively. */
export function findSchema(resourceType: ResourceType, urn: string): SchemaDefinition | undefined {
  const wanted = urn.toLowerCase();
  return schemasOf(resourceType).find((schema) => schema.id.toLowerCase() === wanted);
}

/**
 * Resolves an attribute reference against a resource type (RFC 7644 §3.10): names and URNs are
 * case-insensitive, an unqualified name refers to the core schema or a common attribute.
 * Returns undefined when the reference names no attribute of the resource type.
 */
export function resolveAttribute(
  resourceType: ResourceType,
  reference: AttributeReference,
): ResolvedAttribute | undefined {
  const found = findTopLevel(resourceType, reference);
  if (found === undefined) return undefined;
  const { schema, attribute } = found;

  let subAttribute: AttributeDefinition | undefined;
  if (reference.subAttribute !== undefined) {
    subAttribute = findSubAttribute(attribute, reference.subAttribute);
    if (subAttribute === undefined) return undefined;
  }

  const inExtension = schema !== undefined && schema.id !== resourceType.schema.id;
  const prefix = inExtension ? `${schema.id}:` : '';
  const suffix = subAttribute === undefined ? '' : `.${subAttribute.name}`;
  return {
    schema,
    inExtension,
    attribute,
    subAttribute,
    canonicalPath: `${prefix}${attribute.name}${suffix}`,
  };
}

function findTopLevel(
  resourceType: ResourceType,
  reference: AttributeReference,
): { schema: SchemaDefinition | undefined; attribute: AttributeDefinition } | undefined {
  if (reference.urn !== undefined) {
    const schema = findSchema(resourceType, reference.urn);
    const attribute = schema && findAttribute(schema.attributes, reference.name);
    return attribute && { schema, attribute };
  }
  const core = findAttribute(resourceType.schema.attributes, reference.name);
  if (core !== undefined) return { schema: resourceType.schema, attribute: core };
  const common = findAttribute(COMMON_ATTRIBUTES, reference.name);
  return common && { schema: undefined, attribute: common };
}

/**
 * Splits `urn:...:name.sub` into its URN and attribute parts (RFC 7644 §3.10: the attribute name
 * follows the last colon). Text that does not start with `urn:` has no URN part.
 */
export function splitAttributeText(text: string): AttributeReference {
  let urn: string | undefined;
  let rest = text;
  if (text.slice(0, 4).toLowerCase() === 'urn:') {
    const colon = text.lastIndexOf(':');
    urn = text.slice(0, colon);
    rest = text.slice(colon + 1);
  }
  const dot = rest.indexOf('.');
  if (dot === -1) return { urn, name: rest };
  return { urn, name: rest.slice(0, dot), subAttribute: rest.slice(dot + 1) };
}
