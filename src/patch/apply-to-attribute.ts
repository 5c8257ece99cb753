import { invalidPath, invalidValue, mutability, quote } from '../errors/catalogue.js';
import { acceptedElsewhere } from '../flavours/normalization-rules.js';
import { ENTERPRISE_USER_SCHEMA_ID } from '../schema/enterprise-user-schema.js';
import { isPlainObject, normalizeSingle, normalizeValue } from '../schema/normalize-value.js';
import { applyFiltered } from './apply-filtered.js';
import { applyToList } from './apply-to-list.js';
import { memberChangeOf, type PatchOpName } from './member-changes.js';
import { readAttribute, writeAttribute, type AttributeTarget } from './patch-target.js';
import type { PatchState } from './patch-state.js';

/**
 * Applies one add, replace or remove to an attribute target (RFC 7644 §3.5.2.1 to §3.5.2.3).
 * `value` is the operation's value as the client sent it; it is validated and canonicalized with
 * the same rules as POST and PUT bodies.
 */
export function applyToAttribute(
  state: PatchState,
  op: PatchOpName,
  target: AttributeTarget,
  value: unknown,
): void {
  if (isResourceId(target)) return applyToId(state, op, value);
  checkMutability(target);
  if (target.filter !== undefined && !target.attribute.multiValued) {
    return applyFilterOnSingular(state, op, target);
  }
  if (state.resourceType.id === 'Group' && target.attribute.name === 'members') {
    const change = memberChangeOf(op, target, value, state.normalization);
    if (change !== undefined) state.memberChanges.push(change);
    return;
  }
  if (target.attribute.mutability === 'writeOnly') return applyToPassword(state, op, target, value);
  if (target.filter !== undefined) return applyFiltered(state, op, target, value);
  if (target.subAttribute !== undefined) return applyToSubAttribute(state, op, target, value);
  if (target.attribute.multiValued) return applyToList(state, op, target, value);
  return applyToSingular(state, op, target, value);
}

function isResourceId(target: AttributeTarget): boolean {
  return (
    target.extension === undefined &&
    target.attribute.name === 'id' &&
    target.subAttribute === undefined &&
    target.filter === undefined
  );
}

/**
 * Applies an operation to `id`, which is read-only (RFC 7643 §3.1). Okta renames groups with a
 * path-less replace whose value repeats the group's own id, so a value equal to the current id
 * changes nothing and is accepted.
 */
function applyToId(state: PatchState, op: PatchOpName, value: unknown): void {
  if (op !== 'remove' && value === state.resourceId) return;
  const action = op === 'remove' ? 'cannot be removed' : `cannot change to ${quote(value)}`;
  throw mutability(
    `Attribute "id" is read-only and ${action}; the resource's id is ${quote(state.resourceId)}. ` +
      'Leave "id" out of the operation or send the current id.',
  );
}

/** RFC 7644 §3.5.2: a client must not modify a read-only attribute or sub-attribute. */
function checkMutability(target: AttributeTarget): void {
  const { attribute, subAttribute } = target;
  if (attribute.mutability === 'readOnly') {
    throw mutability(
      `Attribute "${attribute.name}" is read-only and cannot be changed by PATCH.${readOnlyHint(attribute.name)}`,
    );
  }
  if (subAttribute?.mutability === 'readOnly' && attribute.name !== 'members') {
    throw mutability(
      `Sub-attribute "${attribute.name}.${subAttribute.name}" is read-only and cannot be changed by PATCH; ` +
        `change "${attribute.name}.value" instead.`,
    );
  }
}

function readOnlyHint(name: string): string {
  if (name === 'groups') {
    return ' Change role membership through the Group resource: PATCH /Groups/{id} with a "members" operation.';
  }
  if (name === 'meta') return ' The server maintains it.';
  return '';
}

/**
 * Applies a path with a value filter on a single-valued attribute, which RFC 7644 §3.5.2 gives no
 * meaning. Some identity providers remove a manager with `manager[value eq "<id>"]`, so the
 * tolerant flavours read that as "remove the manager if its value is <id>". Anything else is
 * invalidPath.
 */
function applyFilterOnSingular(state: PatchState, op: PatchOpName, target: AttributeTarget): void {
  const isManager =
    target.extension === ENTERPRISE_USER_SCHEMA_ID && target.attribute.name === 'manager';
  const usage =
    `Path ${quote(target.text)} applies a value filter to "${target.attribute.name}", which is single-valued; ` +
    'value filters select values of multi-valued attributes (RFC 7644 §3.5.2).';
  if (!isManager || op !== 'remove' || target.subAttribute !== undefined) {
    throw invalidPath(`${usage} Use the path "${target.attribute.name}" without a filter.`);
  }
  if (!state.normalization.apply('remove-manager-by-filter')) {
    throw invalidPath(
      `${usage} Remove the manager with the path "${target.text.split('[')[0]}".${acceptedElsewhere('remove-manager-by-filter')}`,
    );
  }
  const current = readAttribute(state.document, target);
  if (isPlainObject(current) && target.matches!(current)) {
    writeAttribute(state.document, target, undefined);
  }
}

/** `password` is write-only: the engine hands it to the service and never stores it. */
function applyToPassword(
  state: PatchState,
  op: PatchOpName,
  target: AttributeTarget,
  value: unknown,
): void {
  if (op === 'remove') {
    throw mutability(
      'Attribute "password" is write-only: set it with add or replace; it cannot be removed.',
    );
  }
  if (target.subAttribute !== undefined || target.filter !== undefined) {
    throw invalidPath(`Path ${quote(target.text)} is invalid: "password" is a simple attribute.`);
  }
  if (typeof value !== 'string') {
    throw invalidValue(
      `Attribute "password" must be a string; got ${value === null ? 'null' : `a ${typeof value}`}.`,
    );
  }
  state.password = value;
}

/** `name.givenName`, `urn:...:enterprise:2.0:User:manager.value`: one sub-attribute of a complex attribute. */
function applyToSubAttribute(
  state: PatchState,
  op: PatchOpName,
  target: AttributeTarget,
  value: unknown,
): void {
  const { attribute } = target;
  const subAttribute = target.subAttribute!;
  if (attribute.multiValued) {
    throw invalidPath(
      `Path ${quote(target.text)} names "${subAttribute.name}" of every value of the multi-valued attribute "${attribute.name}". ` +
        `Select the values with a filter, as in ${attribute.name}[type eq "work"].${subAttribute.name}.`,
    );
  }

  const stored = readAttribute(state.document, target);
  const parent = isPlainObject(stored) ? { ...stored } : {};
  if (op === 'remove') {
    delete parent[subAttribute.name];
  } else {
    const normalized = normalizeSingle(subAttribute, value, target.text, state.normalization);
    if (normalized !== undefined) parent[subAttribute.name] = normalized;
    else if (op === 'replace') delete parent[subAttribute.name];
    else return;
  }
  writeAttribute(state.document, target, Object.keys(parent).length === 0 ? undefined : parent);
}

/**
 * Applies an operation to a single-valued attribute. Add and replace set a simple value, and
 * merge the given sub-attributes into a complex one, leaving the others unchanged (RFC 7644
 * §3.5.2.1, §3.5.2.3). A null or empty value unassigns the attribute on replace (RFC 7643 §2.5)
 * and changes nothing on add.
 */
function applyToSingular(
  state: PatchState,
  op: PatchOpName,
  target: AttributeTarget,
  value: unknown,
): void {
  if (op === 'remove') return writeAttribute(state.document, target, undefined);

  const normalized = normalizeValue(target.attribute, value, target.text, state.normalization);
  if (normalized === undefined) {
    if (op === 'replace') writeAttribute(state.document, target, undefined);
    return;
  }
  if (target.attribute.type !== 'complex')
    return writeAttribute(state.document, target, normalized);

  const stored = readAttribute(state.document, target);
  const merged = { ...(isPlainObject(stored) ? stored : {}), ...(normalized as object) };
  writeAttribute(state.document, target, merged);
}
