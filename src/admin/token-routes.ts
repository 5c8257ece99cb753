import { optionalText, readBody } from './admin-input.js';
import { ok, type AdminCall, type AdminRoute } from './admin-route.js';
import { describeToken } from './admin-views.js';
import { createToken, revokeToken, rotateToken } from './token-admin.js';

/** /tokens: list, create, rotate and revoke tokens. Secrets appear only in create and rotate. */
export const TOKEN_ROUTES: readonly AdminRoute[] = [
  { method: 'GET', path: '/tokens', handler: listTokens },
  { method: 'POST', path: '/tokens', handler: postToken },
  { method: 'POST', path: '/tokens/:id/rotate', handler: postRotate },
  { method: 'POST', path: '/tokens/:id/revoke', handler: postRevoke },
];

async function listTokens(call: AdminCall) {
  const tokens = await call.deps.store.tokens.list(call.organizationId);
  return ok({ tokens: tokens.map(describeToken) });
}

async function postToken(call: AdminCall) {
  const body = readBody(
    call.body,
    ['kind', 'provider', 'label'],
    'with "provider" (and optionally "kind" and "label")',
  );
  const issued = await createToken(call.deps, call.organizationId, {
    kind: optionalText(body, 'kind'),
    provider: optionalText(body, 'provider'),
    label: optionalText(body, 'label'),
  });
  call.touched.add(issued.token.id);
  return ok({ token: describeToken(issued.token), secret: issued.secret }, 201);
}

async function postRotate(call: AdminCall) {
  const id = call.params.id!;
  call.touched.add(id);
  const issued = await rotateToken(call.deps, call.organizationId, id);
  return ok({ token: describeToken(issued.token), secret: issued.secret });
}

async function postRevoke(call: AdminCall) {
  const id = call.params.id!;
  call.touched.add(id);
  const token = await revokeToken(call.deps, call.organizationId, id);
  return ok({ token: describeToken(token) });
}
