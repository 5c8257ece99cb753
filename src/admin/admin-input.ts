import { invalidRequest, invalidValue, missingField, unknownFields } from './admin-errors.js';

/**
 * Reads a request body that must be a JSON object with only the allowed fields. `purpose`
 * completes the sentence "The request body must be a JSON object ..." in the error message.
 */
export function readBody(
  body: unknown,
  allowed: readonly string[],
  purpose: string,
): Record<string, unknown> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidRequest(
      `The request body must be a JSON object ${purpose}; got ${body === undefined ? 'no body' : JSON.stringify(body).slice(0, 60)}.`,
    );
  }
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw unknownFields(unknown, allowed);
  return body as Record<string, unknown>;
}

/** Reads a string field that, when present, must be non-empty after trimming; returns it trimmed. */
export function optionalText(object: Record<string, unknown>, name: string): string | undefined {
  const value = object[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidValue(`"${name}"`, value, 'a non-empty string');
  }
  return value.trim();
}

export function requiredText(object: Record<string, unknown>, name: string, hint: string): string {
  const value = optionalText(object, name);
  if (value === undefined) throw missingField(name, hint);
  return value;
}

/** Reads a list of ids; a single string is read as a list of one. */
export function optionalIdList(
  object: Record<string, unknown>,
  name: string,
): string[] | undefined {
  const value = object[name];
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw invalidValue(`"${name}"`, value, 'an array of id strings');
  }
  return list as string[];
}

/** Reads a non-negative integer query parameter within bounds, or the default when absent. */
export function queryInteger(
  query: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = query[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw invalidValue(`${name} parameter`, text, `an integer from ${min} to ${max}`);
  }
  return value;
}

/** Reads a boolean query parameter, `true` or `false`; undefined when absent. */
export function queryBoolean(
  query: Readonly<Record<string, string | undefined>>,
  name: string,
): boolean | undefined {
  const text = query[name];
  if (text === undefined || text === '') return undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw invalidValue(`${name} parameter`, text, 'true or false');
}

/** Reads a query parameter trimmed, or undefined when absent or empty. */
export function queryText(
  query: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined {
  const text = query[name]?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** Reads offset and limit of a paged listing; the limit defaults to 50 and is capped at 500. */
export function readPaging(query: Readonly<Record<string, string | undefined>>): {
  offset: number;
  limit: number;
} {
  return {
    offset: queryInteger(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
    limit: queryInteger(query, 'limit', 50, 0, 500),
  };
}
