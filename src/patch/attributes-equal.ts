import { isPlainObject } from '../schema/normalize-value.js';

/**
 * Tells whether two attributes documents describe the same resource state. The service uses it to
 * reply 204 and store nothing when a PATCH re-sends the current state.
 *
 * Compared as equal: the same members in another key order; a member that is null, an empty
 * array or an empty object and a missing member (RFC 7643 §2.5); `primary: false` and no
 * `primary` (RFC 7643 §2.4 makes a value primary only with `primary: true`); and the values of a
 * multi-valued attribute in another order, which RFC 7643 does not give a meaning to.
 * Strings are compared exactly, so a change of letter case is a change the client can see.
 */
export function attributesEqual(
  left: Record<string, unknown>,
  right: Record<string, unknown>,
): boolean {
  return canonicalJson(left) === canonicalJson(right);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value) ?? null);
}

/** Rewrites a JSON value into a form where equal states have identical serializations. */
function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    const elements = value
      .map(canonicalize)
      .filter((element) => element !== undefined)
      .map((element) => JSON.stringify(element))
      .sort();
    return elements.length === 0 ? undefined : elements.map((text) => JSON.parse(text) as unknown);
  }
  if (isPlainObject(value)) {
    const entries: [string, unknown][] = [];
    for (const key of Object.keys(value).sort()) {
      if (key === 'primary' && value[key] === false) continue;
      const member = canonicalize(value[key]);
      if (member !== undefined) entries.push([key, member]);
    }
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value === null ? undefined : value;
}
