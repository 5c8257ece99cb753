// A small SCIM client over fetch, for seeding and for reading state between scenarios.

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Sends SCIM requests with a bearer token to `origin`'s base URL of one flavour. */
export function createScimClient(origin, token, flavour = 'generic') {
  const basePath = `/provisioning/${flavour}/v2`;
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/scim+json',
  };
  return {
    origin,
    basePath,
    headers,
    /** Sends one request; resolves with the status and the parsed body, or the raw text. */
    async send(method, path, body) {
      const response = await fetch(`${origin}${basePath}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: parseBody(text) };
    },
  };
}

function parseBody(text) {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Returns the userName of the i-th seeded user, from which scenarios build filters and PUTs. */
export function seededUserName(index) {
  return `user${index}@example.test`;
}

/** Builds a POST /Users or PUT /Users/{id} body. */
export function userDocument(userName, givenName, familyName) {
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName, familyName },
    emails: [{ value: userName, type: 'work', primary: true }],
  };
}

/** Builds a PATCH body that adds `addIds` to a group's members and removes `removeIds`. */
export function memberPatch(addIds, removeIds) {
  const operations = [];
  if (addIds.length > 0) {
    operations.push({ op: 'add', path: 'members', value: addIds.map((id) => ({ value: id })) });
  }
  for (const id of removeIds) operations.push({ op: 'remove', path: `members[value eq "${id}"]` });
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

/** Describes a failed response in one line, with the SCIM detail when the body has one. */
export function describeFailure(method, path, response) {
  const detail =
    typeof response.body === 'object' && response.body !== null
      ? (response.body.detail ?? JSON.stringify(response.body))
      : String(response.body ?? '');
  return `${method} ${path} returned ${response.status}: ${detail.slice(0, 300)}`;
}
