const TOKEN_KEY = 'rolecall.adminToken';

/** An error the admin API returned: its HTTP status, stable code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * The admin API's path, found from this file's own URL, so the page also works behind a proxy
 * that serves rolecall under a path prefix.
 */
const API_BASE = new URL('../v1', import.meta.url).pathname;

/**
 * Calls the admin API with the stored token. Every request carries X-Rolecall-Managed: reject,
 * so the server rejects changes that would fight a sync on managed users and roles even when
 * what this page shows is out of date.
 */
export async function api(method, path, body) {
  const headers = {
    authorization: `Bearer ${storedToken() ?? ''}`,
    'x-rolecall-managed': 'reject',
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'network', `The server could not be reached: ${error.message}.`);
  }
  const text = await response.text();
  const parsed = text === '' ? undefined : JSON.parse(text);
  if (response.ok) return parsed;
  const error = parsed?.error ?? {
    code: 'unknown',
    message: `The server responded with status ${response.status}.`,
  };
  if (response.status === 401)
    window.dispatchEvent(new CustomEvent('rolecall:unauthorized', { detail: error }));
  throw new ApiError(response.status, error.code, error.message);
}

/** Builds `?name=value&...` from the values that are set. */
export function query(values) {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') parameters.set(name, String(value));
  }
  const text = parameters.toString();
  return text === '' ? '' : `?${text}`;
}
