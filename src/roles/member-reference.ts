import { malformedMemberId, nestedGroupMember } from '../errors/catalogue.js';
import { ROLE_ID_PATTERN, USER_ID_PATTERN } from '../ids.js';

/** A validated member entry: the user id and the display label the client sent, if any. */
export interface MemberReference {
  readonly value: string;
  readonly display: string | undefined;
}

/**
 * Validates one normalized member object. Roles contain users only (nested groups are not
 * supported), so a role id or `type: "Group"` is rejected, and any other id that is not a user
 * id gets strongDM's `cannot parse member id` error.
 */
export function toMemberReference(member: Record<string, unknown>): MemberReference {
  const value = member.value;
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  if (typeof member.type === 'string' && member.type.toLowerCase() === 'group') {
    throw nestedGroupMember(text);
  }
  if (typeof value !== 'string') throw malformedMemberId(text);
  if (ROLE_ID_PATTERN.test(value)) throw nestedGroupMember(value);
  if (!USER_ID_PATTERN.test(value)) throw malformedMemberId(value);
  const display = typeof member.display === 'string' ? member.display : undefined;
  return { value, display };
}
