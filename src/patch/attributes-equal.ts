import { isPlainObject } from '../schema/normalize-value.js';

/**
 * Tells whether two attributes documents describe the same resource state. The service uses it to
 * reply 204 and store nothing when a PATCH re-sends the current state.
 *
 * Key order does not matter. A member that is null, an empty array or an empty object equals a
 * missing member (RFC 7643 §2.5). `primary: false` equals no `primary`, because only
 * `primary: true` makes a value primary (RFC 7643 §2.4). Strings are compared exactly, so a
 * change of letter case is a change the client can see.
 *
 * NOTE: the values of a multi-valued attribute are compared in any order, so a PATCH that only
 * reorders them counts as unchanged and the new order is not stored.
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
