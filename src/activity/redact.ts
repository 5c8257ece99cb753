/** The value stored in place of a secret. */
export const REDACTED = '[redacted]';

/** Stored in place of values nested deeper than MAX_DEPTH. */
export const TOO_DEEP = '[nested too deep]';

const MAX_DEPTH = 64;

/**
 * Names whose values are secrets: passwords, token and client secrets, API keys, credentials
 * and authorization headers. Matched case-insensitively anywhere in a key, so `accessToken`,
 * `client_secret` and the SCIM `password` attribute all match.
 */
const SECRET_NAME = /pass(word|wd)|secret|token|authorization|api[-_]?key|credential/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Returns a copy of a JSON request body with every secret replaced by REDACTED. Secrets are the
 * values under a secret key at any depth, and the `value` of a PATCH operation whose `path`
 * names a secret attribute: `"password"`, or a URN-qualified or dotted path ending in one.
 */
export function redactBody(body: unknown): unknown {
  return redactValue(body, 0);
}

function redactValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));

  const source = value as Record<string, unknown>;
  const pathNamesSecret = typeof source.path === 'string' && pathEndsInSecret(source.path);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) {
    if (isSecretName(key) || (pathNamesSecret && key.toLowerCase() === 'value')) {
      copy[key] = REDACTED;
    } else {
      copy[key] = redactValue(item, depth + 1);
    }
  }
  return copy;
}

/** Tells whether a SCIM attribute path such as `password` or `urn:...:User:password` is a secret. */
function pathEndsInSecret(path: string): boolean {
  const last = path.split(/[.:]/).pop() ?? '';
  return isSecretName(last.trim());
}

/** Replaces the values of query parameters with secret names, e.g. `?access_token=...`. */
export function redactQuery(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const parameters = url
    .slice(mark + 1)
    .split('&')
    .map((parameter) => {
      const equals = parameter.indexOf('=');
      if (equals === -1) return parameter;
      const name = safeDecode(parameter.slice(0, equals));
      return isSecretName(name) ? `${parameter.slice(0, equals)}=${REDACTED}` : parameter;
    });
  return `${url.slice(0, mark)}?${parameters.join('&')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
