import { ScimError } from './scim-error.js';

/*
 * Every error the SCIM surface can return, with its message template. The detail texts marked
 * "strongDM" are kept byte for byte, without a scimType, as strongDM's SCIM API returns them,
 * because its clients match on them.
 */

const UNIQUENESS_DETAIL = 'One or more of the attribute values are already in use or are reserved.';

/** Renders a client-supplied value for a detail text, shortened so a huge value stays readable. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : safeStringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function safeStringify(value: unknown): string {
  // JSON.stringify writes numbers such as 1e400 (parsed as Infinity) as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} (out of range)`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? 'an array' : typeof value;
  }
}

// Authentication (RFC 6750 §3: a 401 carries WWW-Authenticate).

export function missingToken(): ScimError {
  return new ScimError(
    401,
    'missing_token',
    'Missing bearer token. Send the provisioning token in an "Authorization: Bearer <token>" header.',
    undefined,
    { 'www-authenticate': 'Bearer realm="rolecall"' },
  );
}

export function invalidToken(): ScimError {
  return new ScimError(
    401,
    'invalid_token',
    'The bearer token is unknown, revoked or rotated out. Create a new one with "rolecall token create".',
    undefined,
    { 'www-authenticate': 'Bearer realm="rolecall", error="invalid_token"' },
  );
}

export function adminTokenOnScim(): ScimError {
  return new ScimError(
    401,
    'admin_token',
    'This is an admin token; SCIM requests need a provisioning token. Create one with "rolecall token create --provider generic|okta|azure".',
    undefined,
    { 'www-authenticate': 'Bearer realm="rolecall", error="invalid_token"' },
  );
}

// Routing and transport.

export function routeNotFound(method: string, path: string): ScimError {
  return new ScimError(
    404,
    'route_not_found',
    `No endpoint serves ${method} ${path}. SCIM endpoints live under /provisioning/{generic,okta,azure}/v2.`,
  );
}

export function methodNotAllowed(
  method: string,
  path: string,
  allowed: readonly string[],
): ScimError {
  return new ScimError(
    405,
    'method_not_allowed',
    `${method} is not allowed on ${path}. Allowed methods: ${allowed.join(', ')}.`,
    undefined,
    { allow: allowed.join(', ') },
  );
}

export function methodNotImplemented(method: string): ScimError {
  return new ScimError(
    501,
    'method_not_implemented',
    `Method ${quote(method)} is not implemented. SCIM uses GET, POST, PUT, PATCH and DELETE.`,
  );
}

export function payloadTooLarge(limitBytes: number): ScimError {
  return new ScimError(
    413,
    'payload_too_large',
    `The request body is larger than the limit of ${limitBytes} bytes. Send fewer resources per request.`,
  );
}

/** RFC 7644 §3.7.4: more bulk operations than ServiceProviderConfig advertises. */
export function tooManyBulkOperations(count: number, max: number): ScimError {
  return new ScimError(
    413,
    'too_many_operations',
    `The bulk request has ${count} operations; the limit is ${max}. Split it into several requests.`,
  );
}

export function tooManyPatchOperations(count: number, max: number): ScimError {
  return new ScimError(
    413,
    'too_many_operations',
    `The PATCH request has ${count} operations; the limit is ${max}. Split it into several requests.`,
  );
}

export function unsupportedMediaType(contentType: string): ScimError {
  return new ScimError(
    415,
    'unsupported_media_type',
    `Content-Type ${quote(contentType)} is not supported. Send application/scim+json or application/json, in UTF-8.`,
  );
}

export function unsupportedContentEncoding(encoding: string): ScimError {
  return new ScimError(
    415,
    'unsupported_content_encoding',
    `Content-Encoding ${quote(encoding)} is not supported. Send the body uncompressed.`,
  );
}

export function invalidJson(reason: string): ScimError {
  return new ScimError(
    400,
    'invalid_json',
    `The request body is not valid JSON: ${reason}`,
    'invalidSyntax',
  );
}

export function tooManyRequests(retryAfterSeconds: number): ScimError {
  return new ScimError(
    429,
    'too_many_requests',
    `Too many requests. Retry after ${retryAfterSeconds} seconds.`,
    undefined,
    { 'retry-after': String(retryAfterSeconds) },
  );
}

export function notImplemented(feature: string): ScimError {
  return new ScimError(501, 'not_implemented', `${feature} is not supported by this server.`);
}

export function serviceUnavailable(): ScimError {
  return new ScimError(
    503,
    'service_unavailable',
    'The database is busy and the request was not applied. Retry it in a second.',
    undefined,
    { 'retry-after': '1' },
  );
}

export function internalError(requestId: string): ScimError {
  return new ScimError(
    500,
    'internal_error',
    `An internal error occurred. Quote request id ${requestId} when reporting it.`,
  );
}

// Resources.

/** strongDM: unknown id in a path or a member list. */
export function resourceNotFound(id: string): ScimError {
  // Ids that are long or carry control characters are quoted and shortened instead.
  const shown = id.length <= 64 && !/[\u0000-\u001f\u007f]/.test(id) ? id : quote(id);
  return new ScimError(404, 'resource_not_found', `Resource ${shown} not found.`);
}

/** strongDM: userName, email or role name already used in the organization. */
export function uniquenessConflict(): ScimError {
  return new ScimError(409, 'uniqueness', UNIQUENESS_DETAIL, 'uniqueness');
}

/** strongDM: user create without userName. */
export function userNameMissingOnCreate(): ScimError {
  return new ScimError(
    400,
    'user_name_missing',
    'could not create user: cannot create user: invalid operation: email cannot be blank',
  );
}

/** strongDM: role create without displayName. */
export function roleNameMissingOnCreate(): ScimError {
  return new ScimError(
    400,
    'role_name_missing',
    'could not create role: cannot create role: invalid operation: name cannot be empty',
  );
}

/** strongDM: role rename to an empty name. */
export function roleNameEmptyOnUpdate(): ScimError {
  return new ScimError(
    400,
    'role_name_empty',
    'could not update role name: cannot update role: invalid operation: name cannot be empty',
  );
}

/** strongDM: a member id that is not a user id. */
export function malformedMemberId(id: string): ScimError {
  return new ScimError(400, 'malformed_member_id', `cannot parse member id: ${id}`);
}

export function nestedGroupMember(id: string): ScimError {
  return new ScimError(
    400,
    'nested_group',
    `Member ${quote(id)} is a group. Roles contain users only; add the group's users instead.`,
    'invalidValue',
  );
}

export function versionMismatch(id: string, expected: string, current: string): ScimError {
  return new ScimError(
    412,
    'precondition_failed',
    `Resource ${id} is at version ${current}, not ${expected} as If-Match requires. Read it again and retry.`,
  );
}

// Request content (RFC 7644 §3.12 keywords).

export function invalidValue(detail: string): ScimError {
  return new ScimError(400, 'invalid_value', detail, 'invalidValue');
}

export function invalidSyntax(detail: string): ScimError {
  return new ScimError(400, 'invalid_syntax', detail, 'invalidSyntax');
}

export function invalidPath(detail: string): ScimError {
  return new ScimError(400, 'invalid_path', detail, 'invalidPath');
}

export function noTarget(detail: string): ScimError {
  return new ScimError(400, 'no_target', detail, 'noTarget');
}

export function mutability(detail: string): ScimError {
  return new ScimError(400, 'mutability', detail, 'mutability');
}

/** Builds the error for a filter that does not parse or does not fit the schema; `position` is 0-based. */
export function invalidFilter(detail: string, position?: number): ScimError {
  const where = position === undefined ? '' : ` at position ${position}`;
  return new ScimError(400, 'invalid_filter', `Invalid filter${where}: ${detail}`, 'invalidFilter');
}

/** Builds the error for a request parameter (startIndex, count, sortBy...) with an unusable value. */
export function invalidParameter(name: string, value: unknown, expected: string): ScimError {
  return new ScimError(
    400,
    'invalid_parameter',
    `Invalid ${name} ${quote(value)}: expected ${expected}.`,
    'invalidValue',
  );
}
