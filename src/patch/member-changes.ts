import {
  invalidFilter,
  invalidPath,
  invalidSyntax,
  invalidValue,
  malformedMemberId,
  mutability,
  nestedGroupMember,
  quote,
} from '../errors/catalogue.js';
import type { FilterNode } from '../filter/ast.js';
import { acceptedElsewhere } from '../flavours/normalization-rules.js';
import type { Normalization } from '../flavours/normalization.js';
import { ROLE_ID_PATTERN, USER_ID_PATTERN } from '../ids.js';
import { isPlainObject } from '../schema/normalize-value.js';
import type { AttributeTarget } from './patch-target.js';

/** A user named as a group member, with the display label the client sent, if any. */
export interface MemberReference {
  readonly value: string;
  readonly display: string | undefined;
}

/**
 * A change to a group's member list, which the service runs in the database in request order.
 * Its cost depends on the members it names, never on the size of the group.
 */
export type MemberChange =
  | { readonly kind: 'add'; readonly members: MemberReference[] }
  | { readonly kind: 'remove'; readonly ids: string[] }
  | { readonly kind: 'removeAll' }
  | { readonly kind: 'replace'; readonly members: MemberReference[] };

export type PatchOpName = 'add' | 'replace' | 'remove';

/**
 * Turns one PATCH operation on a group's `members` into a membership change, or undefined when
 * it changes nothing (adding an empty list). Member ids are checked here for form only; the
 * service checks that they exist.
 */
export function memberChangeOf(
  op: PatchOpName,
  target: AttributeTarget,
  value: unknown,
  normalization: Normalization,
): MemberChange | undefined {
  if (target.subAttribute !== undefined) {
    throw mutability(
      `Path ${quote(target.text)} targets a sub-attribute of members, which cannot change: ` +
        'value, $ref and type are immutable and display is read-only. Add or remove the member instead.',
    );
  }
  if (target.filter !== undefined) return filteredChange(op, target);

  switch (op) {
    case 'add': {
      const members = parseMembers(value, normalization);
      return members.length === 0 ? undefined : { kind: 'add', members };
    }
    case 'replace':
      return { kind: 'replace', members: parseMembers(value, normalization) };
    case 'remove':
      return removeChange(value, normalization);
  }
}

/**
 * RFC 7644 §3.5.2.2: a remove of a multi-valued attribute without a filter removes all values.
 * Microsoft Entra ID instead sends the members to remove in `value` with `path: "members"`, so a
 * literal reading would empty the group. The tolerant flavours remove only the listed members;
 * the generic flavour rejects the ambiguous request and removes nothing.
 */
function removeChange(value: unknown, normalization: Normalization): MemberChange | undefined {
  if (value === undefined || value === null) return { kind: 'removeAll' };
  if (!normalization.apply('remove-members-by-value')) {
    throw invalidSyntax(
      'A remove of "members" must not carry a "value": per RFC 7644 §3.5.2.2 it would remove every member. ' +
        'Remove chosen members with a path such as members[value eq "a-53fa578c61716688"], ' +
        'or omit "value" to remove all members.' +
        acceptedElsewhere('remove-members-by-value'),
    );
  }
  const listed = Array.isArray(value) ? value : [value];
  const ids = listed.map(
    (element, index) => parseMember(element, `members[${index}]`, normalization).value,
  );
  return ids.length === 0 ? undefined : { kind: 'remove', ids: unique(ids) };
}

function filteredChange(op: PatchOpName, target: AttributeTarget): MemberChange {
  if (op !== 'remove') {
    throw invalidPath(
      `A value filter on members, as in ${quote(target.text)}, is supported only with "remove". ` +
        'Add members with path "members" and a list of {"value": "<user id>"} objects.',
    );
  }
  const ids = memberIdsOfFilter(target.filter!);
  return { kind: 'remove', ids: unique(ids) };
}

/**
 * Reads the member ids of a filter such as `value eq "a-1" or value eq "a-2"`, the only form a
 * members filter may take here: member removal runs as a set operation in the database, which
 * other comparisons could not drive without loading the whole group.
 */
function memberIdsOfFilter(filter: FilterNode): string[] {
  if (filter.kind === 'or') {
    return [...memberIdsOfFilter(filter.left), ...memberIdsOfFilter(filter.right)];
  }
  if (
    filter.kind === 'comparison' &&
    filter.operator === 'eq' &&
    filter.attribute.urn === undefined &&
    filter.attribute.subAttribute === undefined &&
    filter.attribute.name.toLowerCase() === 'value'
  ) {
    return [checkMemberId(filter.value)];
  }
  throw invalidFilter(
    'a members filter may only compare "value" with "eq", joined by "or", as in ' +
      'members[value eq "a-53fa578c61716688" or value eq "a-0c7d41e261716688"].',
    filter.position,
  );
}

/** Parses the member objects of an add or replace: a JSON array, or null for none. */
function parseMembers(value: unknown, normalization: Normalization): MemberReference[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw invalidValue(
      `Attribute "members" is multi-valued and must be a JSON array of {"value": "<user id>"} objects; got ${quote(value)}.`,
    );
  }
  const byId = new Map<string, MemberReference>();
  value.forEach((element, index) => {
    const member = parseMember(element, `members[${index}]`, normalization);
    if (!byId.has(member.value)) byId.set(member.value, member);
  });
  return [...byId.values()];
}

/**
 * Parses one member object. `$ref` is ignored (the server derives it) and may be null, as
 * Microsoft Entra ID sends it. A missing `type` means "User".
 */
function parseMember(
  element: unknown,
  path: string,
  normalization: Normalization,
): MemberReference {
  if (typeof element === 'string') {
    if (!normalization.apply('bare-value-string')) {
      throw invalidValue(
        `Attribute "${path}" must be an object such as {"value": ${quote(element)}}; got a bare string.` +
          acceptedElsewhere('bare-value-string'),
      );
    }
    return { value: checkMemberId(element), display: undefined };
  }
  if (!isPlainObject(element)) {
    throw invalidValue(
      `Attribute "${path}" must be an object such as {"value": "<user id>"}; got ${quote(element)}.`,
    );
  }

  const fields = readMemberFields(element, path, normalization);
  if (fields.id === undefined || fields.id === null) {
    throw invalidValue(
      `Attribute "${path}" has no "value"; send the member's user id as {"value": "<user id>"}.`,
    );
  }
  const value = checkMemberId(fields.id);
  checkMemberType(fields.type, value, path);

  let display = fields.display;
  if (display === undefined && fields.displayName !== undefined) {
    if (normalization.apply('member-display-label')) display = fields.displayName;
  }
  return { value, display };
}

interface MemberFields {
  id: unknown;
  display: string | undefined;
  displayName: string | undefined;
  type: unknown;
}

/** Reads the sub-attributes of a member object by case-insensitive name, noting unknown ones. */
function readMemberFields(
  element: Record<string, unknown>,
  path: string,
  normalization: Normalization,
): MemberFields {
  const fields: MemberFields = {
    id: undefined,
    display: undefined,
    displayName: undefined,
    type: undefined,
  };
  for (const [key, raw] of Object.entries(element)) {
    switch (key.toLowerCase()) {
      case 'value':
        fields.id = raw;
        break;
      case 'display':
        fields.display = memberLabel(raw, `${path}.display`);
        break;
      case 'displayname':
        fields.displayName = memberLabel(raw, `${path}.${key}`);
        if (!normalization.allows('member-display-label')) {
          normalization.noteIgnored(`${path}.${key}`);
        }
        break;
      case 'type':
        fields.type = raw;
        break;
      case '$ref':
        break;
      default:
        normalization.noteIgnored(`${path}.${key}`);
    }
  }
  return fields;
}

function memberLabel(raw: unknown, path: string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return raw;
  throw invalidValue(`Attribute "${path}" must be a string; got ${quote(raw)}.`);
}

/** Checks the form of a member id: a user id, never a role id (groups do not nest). */
function checkMemberId(id: unknown): string {
  if (typeof id !== 'string')
    throw malformedMemberId(typeof id === 'number' ? String(id) : quote(id));
  if (USER_ID_PATTERN.test(id)) return id;
  if (ROLE_ID_PATTERN.test(id)) throw nestedGroupMember(id);
  throw malformedMemberId(id);
}

function checkMemberType(type: unknown, id: string, path: string): void {
  if (type === undefined || type === null) return;
  if (typeof type === 'string' && type.toLowerCase() === 'user') return;
  if (typeof type === 'string' && type.toLowerCase() === 'group') throw nestedGroupMember(id);
  throw invalidValue(
    `Attribute "${path}.type" must be "User", the only member type of a role; got ${quote(type)}.`,
  );
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
