import type { FilterNode } from '../filter/ast.js';
import type { AttributeDefinition, SchemaDefinition } from '../schema/attribute.js';
import { isPlainObject } from '../schema/normalize-value.js';

/**
 * Target of one PATCH operation: an attribute, optionally narrowed to a sub-attribute
 * (`name.givenName`) or to the values of a multi-valued attribute that match a value filter
 * (`emails[type eq "work"]`, `emails[type eq "work"].value`).
 */
export interface AttributeTarget {
  readonly kind: 'attribute';
  /** Schema URN under which the attribute is stored, for extension attributes. */
  readonly extension: string | undefined;
  readonly attribute: AttributeDefinition;
  readonly subAttribute: AttributeDefinition | undefined;
  readonly filter: FilterNode | undefined;
  /** Tests one value of the attribute against `filter`; undefined when there is no filter. */
  readonly matches: ((element: unknown) => boolean) | undefined;
  /** The path as the client wrote it, for error details. */
  readonly text: string;
}

/** A bare extension schema URN: every attribute the extension contributes. */
export interface ExtensionTarget {
  readonly kind: 'extension';
  readonly schema: SchemaDefinition;
  readonly text: string;
}

/** The core schema URN as a path: the resource's core attributes, as a path-less value names them. */
export interface CoreSchemaTarget {
  readonly kind: 'coreSchema';
  readonly text: string;
}

export type PatchTarget = AttributeTarget | ExtensionTarget | CoreSchemaTarget;

/** Builds the target of a whole attribute, as a key of a path-less value addresses it. */
export function wholeAttribute(
  attribute: AttributeDefinition,
  extension: string | undefined,
  text: string,
): AttributeTarget {
  return {
    kind: 'attribute',
    extension,
    attribute,
    subAttribute: undefined,
    filter: undefined,
    matches: undefined,
    text,
  };
}

/** Reads the stored value of the target's attribute from an attributes document. */
export function readAttribute(document: Record<string, unknown>, target: AttributeTarget): unknown {
  const container = target.extension === undefined ? document : document[target.extension];
  return isPlainObject(container) ? container[target.attribute.name] : undefined;
}

/**
 * Stores the value of the target's attribute in an attributes document, or deletes it when
 * `value` is undefined. An extension object left empty is deleted too.
 */
export function writeAttribute(
  document: Record<string, unknown>,
  target: AttributeTarget,
  value: unknown,
): void {
  const name = target.attribute.name;
  if (target.extension === undefined) {
    if (value === undefined) delete document[name];
    else document[name] = value;
    return;
  }

  const stored = document[target.extension];
  const container = isPlainObject(stored) ? { ...stored } : {};
  if (value === undefined) delete container[name];
  else container[name] = value;
  if (Object.keys(container).length === 0) delete document[target.extension];
  else document[target.extension] = container;
}
