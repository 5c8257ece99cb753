import {
  invalidFilter,
  invalidPath,
  invalidSyntax,
  mutability,
  quote,
} from '../errors/catalogue.js';
import type { FilterNode } from '../filter/ast.js';
import { acceptedElsewhere } from '../flavours/normalization-rules.js';
import type { Normalization } from '../flavours/normalization.js';
import { labelled } from '../roles/member-labels.js';
import { toMemberReference, type MemberReference } from '../roles/member-reference.js';
import { findAttribute } from '../schema/attribute.js';
import { GROUP_SCHEMA } from '../schema/group-schema.js';
import { normalizeValue } from '../schema/normalize-value.js';
import type { AttributeTarget } from './patch-target.js';

export type { MemberReference } from '../roles/member-reference.js';

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
        'value, $ref, display and type are immutable. Add or remove the member instead.',
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
  const ids = parseMembers(value, normalization).map((member) => member.value);
  return ids.length === 0 ? undefined : { kind: 'remove', ids };
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
    return [toMemberReference({ value: filter.value }).value];
  }
  throw invalidFilter(
    'a members filter may only compare "value" with "eq", joined by "or", as in ' +
      'members[value eq "a-53fa578c61716688" or value eq "a-0c7d41e261716688"].',
    filter.position,
  );
}

const MEMBERS = findAttribute(GROUP_SCHEMA.attributes, 'members')!;

/**
 * Parses the member objects of an add or replace: a JSON array, one member object (read as a
 * list of one, as for any multi-valued attribute), or null for none. Members go
 * through the same validation as the members of a POST or PUT body: `display` is kept, `$ref`
 * may be null (Microsoft Entra ID sends it so), a missing `type` means "User", and ids must be
 * user ids.
 */
function parseMembers(value: unknown, normalization: Normalization): MemberReference[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  const labelledMembers = list.map((member) => labelled(member, normalization));
  const normalized = normalizeValue(MEMBERS, labelledMembers, 'members', normalization) as
    Record<string, unknown>[] | undefined;
  const byId = new Map<string, MemberReference>();
  for (const member of (normalized ?? []).map(toMemberReference)) {
    if (!byId.has(member.value)) byId.set(member.value, member);
  }
  return [...byId.values()];
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
