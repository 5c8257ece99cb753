import { invalidSyntax, invalidValue, quote } from '../errors/catalogue.js';
import { acceptedElsewhere } from '../flavours/normalization-rules.js';
import type { Normalization } from '../flavours/normalization.js';
import { readMember } from '../messages/read-member.js';
import { findAttribute } from './attribute.js';
import { COMMON_ATTRIBUTES } from './common-attributes.js';
import { duplicateKey, isPlainObject, normalizeValue } from './normalize-value.js';
import type { ResourceType } from './resource-type.js';
import { findSchema } from './resolve-attribute.js';

/** A resource body from a client, validated against its resource type. */
export interface NormalizedResource {
  /** Attributes to store: core ones at the top level, extension ones under their schema URN. */
  readonly attributes: Record<string, unknown>;
  /** Clear-text password (write-only), if the body carried one. */
  readonly password: string | undefined;
  /** The `id` the body carried, if any; PUT compares it with the id in the path. */
  readonly id: unknown;
}

/**
 * Validates a POST or PUT body (RFC 7644 §3.3, §3.5.1). Names are matched case-insensitively,
 * read-only attributes are ignored, attributes no schema defines are ignored and noted.
 */
export function normalizeResource(
  body: unknown,
  resourceType: ResourceType,
  normalization: Normalization,
): NormalizedResource {
  if (!isPlainObject(body)) {
    throw invalidSyntax(
      `The request body must be a JSON object representing a ${resourceType.name}; got ${quote(body)}.`,
    );
  }
  checkSchemas(body, resourceType, normalization);

  const attributes: Record<string, unknown> = {};
  let password: string | undefined;
  let id: unknown;
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (lower === 'schemas') continue;
    if (lower === 'id') {
      id = value;
      continue;
    }
    const extension = findSchema(resourceType, key);
    if (extension !== undefined && extension.id !== resourceType.schema.id) {
      const normalized = normalizeExtension(extension.id, value, resourceType, normalization);
      if (extension.id in attributes) throw duplicateKey(extension.id);
      if (normalized !== undefined) attributes[extension.id] = normalized;
      continue;
    }
    const definition =
      findAttribute(resourceType.schema.attributes, key) ?? findAttribute(COMMON_ATTRIBUTES, key);
    if (definition === undefined) {
      normalization.noteIgnored(key);
      continue;
    }
    if (definition.mutability === 'readOnly') continue;
    if (definition.name in attributes) throw duplicateKey(definition.name);
    if (definition.name === 'password') {
      password = normalizePassword(value);
      continue;
    }
    const normalized = normalizeValue(definition, value, definition.name, normalization);
    if (normalized !== undefined) attributes[definition.name] = normalized;
  }
  return { attributes, password, id };
}

function normalizeExtension(
  schemaId: string,
  value: unknown,
  resourceType: ResourceType,
  normalization: Normalization,
): Record<string, unknown> | undefined {
  if (value === null) return undefined;
  if (!isPlainObject(value)) {
    throw invalidValue(
      `Attribute "${schemaId}" must be a JSON object of extension attributes; got ${quote(value)}.`,
    );
  }
  const schema = findSchema(resourceType, schemaId)!;
  const result: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const definition = findAttribute(schema.attributes, key);
    if (definition === undefined) {
      normalization.noteIgnored(`${schemaId}:${key}`);
      continue;
    }
    if (definition.mutability === 'readOnly') continue;
    if (definition.name in result) throw duplicateKey(`${schemaId}:${definition.name}`);
    const normalized = normalizeValue(
      definition,
      raw,
      `${schemaId}:${definition.name}`,
      normalization,
    );
    if (normalized !== undefined) result[definition.name] = normalized;
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

function normalizePassword(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  throw invalidValue(`Attribute "password" must be a string; got a ${typeof value}.`);
}

/**
 * Checks `schemas` (RFC 7643 §3): a list of URNs that includes the resource type's core schema.
 * Other URNs must name the resource type's extensions; flavours may ignore legacy or vendor URNs.
 */
function checkSchemas(
  body: Record<string, unknown>,
  resourceType: ResourceType,
  normalization: Normalization,
): void {
  const coreId = resourceType.schema.id;
  const schemas = readMember(body, 'schemas', 'The request body').value;
  if (schemas === undefined || schemas === null) {
    if (normalization.apply('missing-schemas')) return;
    throw invalidValue(
      `The body has no "schemas" attribute; send "schemas": ["${coreId}"].` +
        acceptedElsewhere('missing-schemas'),
    );
  }
  if (!Array.isArray(schemas) || !schemas.every((urn) => typeof urn === 'string')) {
    throw invalidValue(
      `Attribute "schemas" must be an array of schema URNs; got ${quote(schemas)}.`,
    );
  }

  const foreign = schemas.filter((urn) => findSchema(resourceType, urn) === undefined);
  const hasCore = schemas.some((urn) => urn.toLowerCase() === coreId.toLowerCase());
  if (hasCore && foreign.length === 0) return;
  if (normalization.apply('foreign-schemas')) return;
  if (!hasCore) {
    throw invalidValue(
      `Attribute "schemas" must include "${coreId}"; got ${quote(schemas)}.` +
        acceptedElsewhere('foreign-schemas'),
    );
  }
  throw invalidValue(
    `Schema ${quote(foreign[0])} is not supported for ${resourceType.name} resources; remove it from "schemas".` +
      acceptedElsewhere('foreign-schemas'),
  );
}
