import { invalidPath, invalidValue, quote } from '../errors/catalogue.js';
import { acceptedElsewhere } from '../flavours/normalization-rules.js';
import { findAttribute } from '../schema/attribute.js';
import { COMMON_ATTRIBUTES } from '../schema/common-attributes.js';
import { duplicateKey, isPlainObject } from '../schema/normalize-value.js';
import type { ResourceType } from '../schema/resource-type.js';
import { findSchema, resolveAttribute, splitAttributeText } from '../schema/resolve-attribute.js';
import { applyToAttribute } from './apply-to-attribute.js';
import type { PatchOpName } from './member-changes.js';
import { wholeAttribute, type AttributeTarget, type ExtensionTarget } from './patch-target.js';
import type { PatchState } from './patch-state.js';

/**
 * Applies an add or replace without `path` (RFC 7644 §3.5.2.1, §3.5.2.3). `value` is an object
 * whose keys are attributes of the resource, matched case-insensitively, and each key is applied
 * as if it were the path of its own operation. Extension objects are merged attribute by attribute. Keys
 * that name no attribute are ignored and noted, as in POST and PUT bodies.
 */
export function applyPathLess(state: PatchState, op: 'add' | 'replace', value: unknown): void {
  if (!isPlainObject(value)) {
    throw invalidValue(
      `An "${op}" without "path" must carry an object of attributes as "value", such as {"displayName": "Eng Team"}; got ${quote(value)}.`,
    );
  }
  const seen = new Set<string>();
  for (const [key, raw] of Object.entries(value)) applyKey(state, op, key, raw, seen);
}

function applyKey(
  state: PatchState,
  op: 'add' | 'replace',
  key: string,
  value: unknown,
  seen: Set<string>,
): void {
  // `schemas` describes the representation; the server derives it from the attributes present.
  if (key.toLowerCase() === 'schemas') return;

  const { resourceType } = state;
  const attribute =
    findAttribute(resourceType.schema.attributes, key) ?? findAttribute(COMMON_ATTRIBUTES, key);
  if (attribute !== undefined) {
    claimKey(seen, attribute.name);
    return applyToAttribute(state, op, wholeAttribute(attribute, undefined, key), value);
  }

  const schema = findSchema(resourceType, key);
  if (schema !== undefined && schema.id !== resourceType.schema.id) {
    claimKey(seen, schema.id);
    return applyToExtension(state, op, { kind: 'extension', schema, text: key }, value);
  }

  const dotted = resolveDottedKey(resourceType, key);
  if (dotted === undefined) return state.normalization.noteIgnored(key);
  if (!state.normalization.apply('dotted-keys')) {
    throw invalidPath(
      `Key ${quote(key)} of a path-less "${op}" value is an attribute path, not an attribute name (RFC 7644 §3.5.2). ` +
        `Send it as its own operation with "path": ${quote(key)}, or nest it as the JSON representation does.` +
        acceptedElsewhere('dotted-keys'),
    );
  }
  claimKey(seen, canonicalText(dotted));
  applyToAttribute(state, op, dotted, value);
}

/**
 * Reads a key such as `name.givenName` or `urn:...:enterprise:2.0:User:employeeNumber`, which
 * Microsoft Entra ID sends in path-less values, as the attribute path it spells. Returns
 * undefined when the key is not such a path.
 */
function resolveDottedKey(resourceType: ResourceType, key: string): AttributeTarget | undefined {
  const reference = splitAttributeText(key);
  if (reference.urn === undefined && reference.subAttribute === undefined) return undefined;
  const resolved = resolveAttribute(resourceType, reference);
  if (resolved === undefined) return undefined;
  return {
    kind: 'attribute',
    extension: resolved.inExtension ? resolved.schema!.id : undefined,
    attribute: resolved.attribute,
    subAttribute: resolved.subAttribute,
    filter: undefined,
    matches: undefined,
    text: key,
  };
}

function canonicalText(target: AttributeTarget): string {
  const prefix = target.extension === undefined ? '' : `${target.extension}:`;
  const suffix = target.subAttribute === undefined ? '' : `.${target.subAttribute.name}`;
  return `${prefix}${target.attribute.name}${suffix}`;
}

function claimKey(seen: Set<string>, name: string): void {
  if (seen.has(name)) throw duplicateKey(name);
  seen.add(name);
}

/**
 * Applies an operation to the object an extension schema contributes, addressed by its bare URN
 * as a path or as a key of a path-less value. Add and replace apply each attribute of `value` in turn, so attributes that
 * the value leaves out keep their values. Remove deletes every attribute of the extension.
 */
export function applyToExtension(
  state: PatchState,
  op: PatchOpName,
  target: ExtensionTarget,
  value: unknown,
): void {
  const { schema } = target;
  if (op === 'remove' || (op === 'replace' && value === null)) {
    delete state.document[schema.id];
    return;
  }
  if (value === null) return;
  if (!isPlainObject(value)) {
    throw invalidValue(
      `Attribute "${schema.id}" must be a JSON object of extension attributes; got ${quote(value)}.`,
    );
  }

  const seen = new Set<string>();
  for (const [key, raw] of Object.entries(value)) {
    const attribute = findAttribute(schema.attributes, key);
    if (attribute === undefined) {
      state.normalization.noteIgnored(`${schema.id}:${key}`);
      continue;
    }
    claimKey(seen, attribute.name);
    const text = `${schema.id}:${attribute.name}`;
    applyToAttribute(state, op, wholeAttribute(attribute, schema.id, text), raw);
  }
}
