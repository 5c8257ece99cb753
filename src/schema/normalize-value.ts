import { invalidValue, quote } from '../errors/catalogue.js';
import { acceptedElsewhere } from '../flavours/normalization-rules.js';
import type { Normalization } from '../flavours/normalization.js';
import { findSubAttribute, type AttributeDefinition } from './attribute.js';

/**
 * Validates one attribute value from a client against its definition and returns it in canonical
 * form: canonical sub-attribute names, JSON types per RFC 7643 §2.3, read-only and unknown
 * sub-attributes dropped (unknown ones are noted), null and empty values as `undefined`.
 * `path` names the value in error details, e.g. `emails[1].primary`.
 */
export function normalizeValue(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
  normalization: Normalization,
): unknown {
  if (value === null || value === undefined) return undefined;
  if (definition.multiValued) return normalizeMultiValued(definition, value, path, normalization);
  return normalizeSingle(definition, value, path, normalization);
}

/** Normalizes one element of a multi-valued attribute (or a single value of a singular one). */
export function normalizeSingle(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
  normalization: Normalization,
): unknown {
  if (value === null || value === undefined) return undefined;
  switch (definition.type) {
    case 'complex':
      return normalizeComplex(definition, value, path, normalization);
    case 'boolean':
      return normalizeBoolean(value, path, normalization);
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      throw invalidValue(`Attribute "${path}" must be an integer; got ${quote(value)}.`);
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw invalidValue(`Attribute "${path}" must be a number; got ${quote(value)}.`);
    case 'dateTime':
      // Date.parse accepts some strings with a trailing U+0000, which PostgreSQL cannot store.
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
        return checkText(value, path);
      }
      throw invalidValue(
        `Attribute "${path}" must be an RFC 3339 date-time string such as "2024-05-01T12:00:00Z"; got ${quote(value)}.`,
      );
    case 'binary':
      if (typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) return value;
      throw invalidValue(`Attribute "${path}" must be a base64 string; got ${quote(value)}.`);
    case 'string':
    case 'reference':
      if (typeof value === 'string') return checkText(value, path);
      throw invalidValue(`Attribute "${path}" must be a string; got ${quote(value)}.`);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Rejects text that cannot be stored as UTF-8 in every backend: NUL characters (PostgreSQL text
 * cannot contain them) and unpaired surrogates (they have no UTF-8 encoding).
 */
export function checkText(value: string, path: string): string {
  if (value.includes('\u0000')) {
    throw invalidValue(`Attribute "${path}" contains a NUL character (U+0000); remove it.`);
  }
  if (LONE_SURROGATE.test(value)) {
    throw invalidValue(
      `Attribute "${path}" contains an unpaired UTF-16 surrogate, which is not valid Unicode text; send well-formed text.`,
    );
  }
  return value;
}

function normalizeBoolean(value: unknown, path: string, normalization: Normalization): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) {
    if (normalization.apply('string-boolean')) return value.toLowerCase() === 'true';
    throw invalidValue(
      `Attribute "${path}" must be a JSON boolean (true or false); got the string ${quote(value)}.` +
        acceptedElsewhere('string-boolean'),
    );
  }
  throw invalidValue(`Attribute "${path}" must be a boolean (true or false); got ${quote(value)}.`);
}

function normalizeComplex(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
  normalization: Normalization,
): Record<string, unknown> | undefined {
  const valueSub = findSubAttribute(definition, 'value');
  if (typeof value === 'string' && valueSub !== undefined) {
    if (normalization.apply('bare-value-string')) return { [valueSub.name]: value };
    throw invalidValue(
      `Attribute "${path}" must be an object such as {"value": ${quote(value)}}; got a bare string.` +
        acceptedElsewhere('bare-value-string'),
    );
  }
  if (!isPlainObject(value)) {
    throw invalidValue(`Attribute "${path}" must be a JSON object; got ${quote(value)}.`);
  }

  const result: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const sub = findSubAttribute(definition, key);
    if (sub === undefined) {
      normalization.noteIgnored(`${path}.${key}`);
      continue;
    }
    if (sub.mutability === 'readOnly') continue;
    if (sub.name in result) throw duplicateKey(`${path}.${sub.name}`);
    const normalized = normalizeSingle(sub, raw, `${path}.${sub.name}`, normalization);
    if (normalized !== undefined) result[sub.name] = normalized;
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

function normalizeMultiValued(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
  normalization: Normalization,
): unknown[] | undefined {
  if (!Array.isArray(value)) {
    throw invalidValue(
      `Attribute "${path}" is multi-valued and must be a JSON array; got ${quote(value)}.`,
    );
  }
  const elements: unknown[] = [];
  value.forEach((element, index) => {
    const normalized = normalizeSingle(definition, element, `${path}[${index}]`, normalization);
    if (normalized !== undefined) elements.push(normalized);
  });
  if (elements.length === 0) return undefined;
  return definition.type === 'complex'
    ? enforceSinglePrimary(dedupeValues(definition, elements as Record<string, unknown>[]))
    : [...new Set(elements)];
}

/**
 * Drops repeated values: the same `type` and `value` (RFC 7643 §2.4), compared case-insensitively
 * unless `value` is caseExact. For attributes without `value` (addresses), repeated values have
 * the same sub-attributes apart from `primary`. A dropped duplicate that was primary makes the
 * kept one primary.
 */
export function dedupeValues(
  definition: AttributeDefinition,
  elements: readonly Record<string, unknown>[],
): Record<string, unknown>[] {
  const kept = new Map<string, Record<string, unknown>>();
  for (const element of elements) {
    const key = identityKey(definition, element);
    const existing = kept.get(key);
    if (existing === undefined) {
      kept.set(key, { ...element });
    } else if (element.primary === true) {
      existing.primary = true;
    }
  }
  return [...kept.values()];
}

/**
 * Identity of one value of a multi-valued complex attribute: its `type` and `value`, or for
 * attributes without `value` (addresses) every sub-attribute except `primary`, in name order.
 */
export function identityKey(
  definition: AttributeDefinition,
  element: Record<string, unknown>,
): string {
  const valueSub = findSubAttribute(definition, 'value');
  if (valueSub === undefined) {
    const entries = Object.entries(element)
      .filter(([name]) => name !== 'primary')
      .sort(([left], [right]) => (left < right ? -1 : 1));
    return JSON.stringify(entries);
  }
  const raw = element.value;
  const value = typeof raw === 'string' && !valueSub.caseExact ? raw.toLowerCase() : raw;
  return JSON.stringify([element.type ?? null, value ?? null]);
}

/**
 * Keeps at most one `primary: true` (RFC 7643 §2.4): when several values claim it, the last one
 * keeps it, as if each were set in turn, and the others become `primary: false`.
 */
export function enforceSinglePrimary(
  elements: Record<string, unknown>[],
): Record<string, unknown>[] {
  let last = -1;
  elements.forEach((element, index) => {
    if (element.primary === true) last = index;
  });
  return elements.map((element, index) =>
    element.primary === true && index !== last ? { ...element, primary: false } : element,
  );
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function duplicateKey(path: string) {
  return invalidValue(
    `Attribute "${path}" appears twice with different letter case; send it once.`,
  );
}
