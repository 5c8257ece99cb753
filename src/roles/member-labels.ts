import type { Normalization } from '../flavours/normalization.js';
import { isPlainObject } from '../schema/normalize-value.js';

/**
 * Copies `displayName` to `display` in member objects of a Group body when the flavour keeps
 * member labels (Microsoft's SCIM test collection sends member labels as `displayName`).
 * Returns the body unchanged otherwise; never mutates it.
 */
export function readMemberLabels(body: unknown, normalization: Normalization): unknown {
  if (!isPlainObject(body) || !normalization.allows('member-display-label')) return body;
  const key = Object.keys(body).find((name) => name.toLowerCase() === 'members');
  const members = key === undefined ? undefined : body[key];
  if (key === undefined || !Array.isArray(members)) return body;
  return { ...body, [key]: members.map((member) => labelled(member, normalization)) };
}

/** Same as `readMemberLabels` for one member object, as PATCH values carry them. */
export function labelled(member: unknown, normalization: Normalization): unknown {
  if (!isPlainObject(member) || !normalization.allows('member-display-label')) return member;
  const keys = Object.keys(member).map((name) => name.toLowerCase());
  const labelKey = Object.keys(member).find((name) => name.toLowerCase() === 'displayname');
  if (labelKey === undefined || keys.includes('display')) return member;
  normalization.apply('member-display-label');
  const { [labelKey]: label, ...rest } = member;
  return { ...rest, display: label };
}
