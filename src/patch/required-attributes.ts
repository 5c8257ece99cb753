import { invalidValue, mutability, roleNameEmptyOnUpdate } from '../errors/catalogue.js';
import { isPlainObject } from '../schema/normalize-value.js';
import type { ResourceType } from '../schema/resource-type.js';

/**
 * User attributes that must keep a value: RFC 7643 §4.1 requires userName, and the product
 * requires a first and a last name. `active` must stay a boolean because it is the inverse of
 * the user's suspended flag.
 */
const USER_REQUIRED_PATHS = ['userName', 'name.givenName', 'name.familyName'] as const;

/** The values of the attributes that an operation must not unassign, keyed by path. */
export type RequiredValues = ReadonlyMap<string, unknown>;

/** Reads the required attributes of a resource's attributes document. */
export function readRequiredValues(
  resourceType: ResourceType,
  document: Record<string, unknown>,
): RequiredValues {
  const values = new Map<string, unknown>();
  if (resourceType.id === 'Group') {
    values.set('displayName', document.displayName);
    return values;
  }
  for (const path of USER_REQUIRED_PATHS) values.set(path, readPath(document, path));
  values.set('active', document.active);
  return values;
}

/**
 * Rejects an operation that removed or blanked a required attribute. RFC 7644 §3.5.2.2: removing
 * or unassigning a required attribute is a 400 mutability. A role renamed to an empty or blank
 * name gets strongDM's detail text instead, which clients match on.
 */
export function checkRequiredValues(
  resourceType: ResourceType,
  before: RequiredValues,
  after: RequiredValues,
): void {
  for (const [path, previous] of before) {
    const current = after.get(path);
    if (current === previous) continue;
    if (resourceType.id === 'Group') {
      if (typeof current !== 'string' || current.trim() === '') throw roleNameEmptyOnUpdate();
      continue;
    }
    if (path === 'active') {
      if (typeof previous === 'boolean' && typeof current !== 'boolean') {
        throw mutability(
          'Attribute "active" cannot be removed or unassigned; replace it with true or false.',
        );
      }
      continue;
    }
    if (hasValue(previous) && !hasValue(current)) {
      throw mutability(
        `Attribute "${path}" is required and cannot be removed or unassigned; replace it with a new value instead.`,
      );
    }
    if (typeof current === 'string' && current.trim() === '') {
      throw invalidValue(
        `Attribute "${path}" is required and cannot be blank; got ${JSON.stringify(current)}.`,
      );
    }
  }
}

function readPath(document: Record<string, unknown>, path: string): unknown {
  const [name, subAttribute] = path.split('.') as [string, string | undefined];
  const value = document[name];
  if (subAttribute === undefined) return value;
  return isPlainObject(value) ? value[subAttribute] : undefined;
}

function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null;
}
