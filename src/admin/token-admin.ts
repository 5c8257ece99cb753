import { isProvider, PROVIDERS } from '../flavours/provider.js';
import type { TokenKind, TokenRecord } from '../storage/token-repository.js';
import {
  createToken as issueToken,
  revokeToken as revokeStoredToken,
  rotateToken as rotateStoredToken,
  type IssuedToken,
} from '../tokens/token-service.js';
import {
  invalidRequest,
  invalidValue,
  lastAdminToken,
  resourceNotFound,
  tokenRevoked,
} from './admin-errors.js';
import type { AdminDependencies } from './admin-route.js';

export interface NewTokenRequest {
  /** `provisioning` (the default) for an IdP, `admin` for the admin API. */
  readonly kind?: string | undefined;
  /** Required for provisioning tokens: the provider that resources it writes are marked with. */
  readonly provider?: string | undefined;
  readonly label?: string | undefined;
}

const TOKEN_KINDS: readonly TokenKind[] = ['provisioning', 'admin'];

/** Creates a token and returns it with its secret, which is shown this once. */
export async function createToken(
  deps: AdminDependencies,
  organizationId: string,
  request: NewTokenRequest,
): Promise<IssuedToken> {
  const kind = request.kind ?? 'provisioning';
  if (!(TOKEN_KINDS as readonly string[]).includes(kind)) {
    throw invalidValue('kind', kind, `one of ${TOKEN_KINDS.join(', ')}`);
  }
  if (kind === 'admin') {
    if (request.provider !== undefined) {
      throw invalidRequest('Admin tokens have no provider; leave "provider" out for kind admin.');
    }
    return issueToken(deps, {
      organizationId,
      kind: 'admin',
      provider: null,
      label: request.label ?? null,
    });
  }
  if (!isProvider(request.provider)) {
    throw invalidValue('provider', request.provider ?? null, `one of ${PROVIDERS.join(', ')}`);
  }
  return issueToken(deps, {
    organizationId,
    kind: 'provisioning',
    provider: request.provider,
    label: request.label ?? null,
  });
}

/** Gives a live token a new secret; the old secret stops working at once. */
export async function rotateToken(
  deps: AdminDependencies,
  organizationId: string,
  id: string,
): Promise<IssuedToken> {
  await findLiveToken(deps, organizationId, id);
  const issued = await rotateStoredToken(deps, organizationId, id);
  if (issued === undefined) throw tokenRevoked(id);
  return issued;
}

/**
 * Revokes a live token. The organization's last live admin token cannot be revoked, so an
 * administrator cannot lock everyone out of the admin API.
 */
export async function revokeToken(
  deps: AdminDependencies,
  organizationId: string,
  id: string,
): Promise<TokenRecord> {
  const token = await findLiveToken(deps, organizationId, id);
  if (token.kind === 'admin') {
    const tokens = await deps.store.tokens.list(organizationId);
    const liveAdmins = tokens.filter((item) => item.kind === 'admin' && item.revoked === null);
    // NOTE: two concurrent revokes of the last two admin tokens can both pass this check.
    if (liveAdmins.length <= 1) throw lastAdminToken(id);
  }
  const revoked = await revokeStoredToken(deps, organizationId, id);
  if (!revoked) throw tokenRevoked(id);
  const refreshed = await deps.store.tokens.find(organizationId, id);
  return refreshed ?? token;
}

async function findLiveToken(
  deps: AdminDependencies,
  organizationId: string,
  id: string,
): Promise<TokenRecord> {
  const token = await deps.store.tokens.find(organizationId, id);
  if (token === undefined) throw resourceNotFound('Token', id);
  if (token.revoked !== null) throw tokenRevoked(id);
  return token;
}
