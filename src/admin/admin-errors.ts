import { AdminError } from './admin-error.js';

/* Every error the admin surface returns, with its message template. */

/** Renders a client-supplied value for a message, shortened so a huge value stays readable. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

const WWW_AUTHENTICATE = 'Bearer realm="rolecall-admin"';

export function missingAdminToken(): AdminError {
  return new AdminError(
    401,
    'missing_token',
    'Missing admin token. Send it in an "Authorization: Bearer <token>" header; the first start printed one, and "rolecall token create --kind admin" creates another.',
    { 'www-authenticate': WWW_AUTHENTICATE },
  );
}

export function invalidAdminToken(): AdminError {
  return new AdminError(
    401,
    'invalid_token',
    'The admin token is unknown, revoked or rotated out, or is a provisioning token. Create an admin token with "rolecall token create --kind admin".',
    { 'www-authenticate': `${WWW_AUTHENTICATE}, error="invalid_token"` },
  );
}

export function routeNotFound(method: string, path: string): AdminError {
  return new AdminError(
    404,
    'route_not_found',
    `No admin endpoint serves ${method} ${path}. The admin API lives under /admin/v1; see the README for its endpoints.`,
  );
}

export type ResourceKind = 'User' | 'Role' | 'Token' | 'Organization' | 'Activity entry';

const PLAIN_ID = /^[\w.-]{1,64}$/;

export function resourceNotFound(kind: ResourceKind, id: string): AdminError {
  const shown = PLAIN_ID.test(id) ? id : show(id);
  return new AdminError(
    404,
    'not_found',
    `${kind} ${shown} not found in this organization. Check the id against the list endpoint.`,
  );
}

export function invalidRequest(message: string): AdminError {
  return new AdminError(400, 'invalid_request', message);
}

/** Reports a field or parameter with a value the server cannot use; `expected` names what works. */
export function invalidValue(name: string, value: unknown, expected: string): AdminError {
  return new AdminError(
    400,
    'invalid_value',
    `Invalid ${name} ${show(value)}: expected ${expected}.`,
  );
}

export function missingField(name: string, hint: string): AdminError {
  return new AdminError(400, 'missing_field', `Missing "${name}": ${hint}.`);
}

export function unknownFields(fields: readonly string[], allowed: readonly string[]): AdminError {
  const names = fields.map((field) => `"${field}"`).join(', ');
  return new AdminError(
    400,
    'unknown_field',
    `Unknown field${fields.length === 1 ? '' : 's'} ${names}. Allowed fields: ${allowed.join(', ')}.`,
  );
}

export function userNameTaken(userName: string, ownerId: string): AdminError {
  return new AdminError(
    409,
    'uniqueness',
    `userName ${show(userName)} is already used by user ${ownerId} (userNames are unique per organization, ignoring case). Choose another userName.`,
  );
}

export function emailTaken(email: string, ownerId: string): AdminError {
  return new AdminError(
    409,
    'uniqueness',
    `Email ${show(email)} is already used by user ${ownerId} (emails are unique per organization, ignoring case). Choose another email.`,
  );
}

export function roleNameTaken(name: string, ownerId: string): AdminError {
  return new AdminError(
    409,
    'uniqueness',
    `Role name ${show(name)} is already used by role ${ownerId} (role names are unique per organization, ignoring case). Choose another name.`,
  );
}

/** Reports a unique-constraint violation found at write time, after a concurrent write won. */
export function uniquenessRace(): AdminError {
  return new AdminError(
    409,
    'uniqueness',
    'Another request took the same userName, email or role name at the same time. Read the resource again and retry with another value.',
  );
}

export function managedResourceRejected(
  kind: 'User' | 'Role',
  id: string,
  provider: string,
  change: string,
): AdminError {
  return new AdminError(
    409,
    'managed_resource',
    `${kind} ${id} is managed by ${provider}, so the ${change} was rejected: the next sync from ${provider} would revert it. Make the change in ${provider}, or send the request without "X-Rolecall-Managed: reject" to apply it anyway.`,
  );
}

export function lastAdminToken(id: string): AdminError {
  return new AdminError(
    409,
    'last_admin_token',
    `Token ${id} is the organization's last live admin token; revoking it would lock every administrator out. Create another admin token first.`,
  );
}

export function tokenRevoked(id: string): AdminError {
  return new AdminError(
    409,
    'token_revoked',
    `Token ${id} is revoked and cannot be rotated or revoked again. Create a new token instead.`,
  );
}

export function internalError(requestId: string): AdminError {
  return new AdminError(
    500,
    'internal_error',
    `An internal error occurred. Quote request id ${requestId} when reporting it.`,
  );
}
