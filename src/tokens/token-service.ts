import type { Clock } from '../clock.js';
import type { Provider } from '../flavours/provider.js';
import type { IdGenerator } from '../ids.js';
import { insertWithNewId } from '../storage/insert-with-new-id.js';
import type { Store } from '../storage/store.js';
import type { TokenKind, TokenRecord } from '../storage/token-repository.js';
import { generateSecret, hashSecret, sameHash, secretHint } from './token-secret.js';

export interface TokenDependencies {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** A token as created or rotated: the record plus its secret, which is shown this once. */
export interface IssuedToken {
  readonly token: TokenRecord;
  readonly secret: string;
}

export interface NewToken {
  readonly organizationId: string;
  readonly kind: TokenKind;
  readonly provider: Provider | null;
  readonly label: string | null;
}

export async function createToken(
  deps: TokenDependencies,
  request: NewToken,
): Promise<IssuedToken> {
  const secret = generateSecret();
  const created = deps.clock.now().toISOString();
  const token = await insertWithNewId(deps.ids.token, async (id) => {
    const token: TokenRecord = {
      id,
      organizationId: request.organizationId,
      kind: request.kind,
      provider: request.provider,
      secretHash: hashSecret(secret),
      secretHint: secretHint(secret),
      label: request.label,
      created,
      lastUsed: null,
      revoked: null,
    };
    await deps.store.tokens.insert(token);
    return token;
  });
  return { token, secret };
}

/**
 * Gives a live token a new secret; the old secret stops working at once. Returns undefined when
 * the token is unknown in the organization or revoked.
 */
export async function rotateToken(
  deps: TokenDependencies,
  organizationId: string,
  id: string,
): Promise<IssuedToken | undefined> {
  const current = await deps.store.tokens.find(organizationId, id);
  if (current === undefined || current.revoked !== null) return undefined;
  const secret = generateSecret();
  const rotated = await deps.store.tokens.replaceSecret(id, hashSecret(secret), secretHint(secret));
  if (!rotated) return undefined;
  return {
    token: { ...current, secretHash: hashSecret(secret), secretHint: secretHint(secret) },
    secret,
  };
}

/** Revokes a live token; returns false when it is unknown in the organization or already revoked. */
export async function revokeToken(
  deps: TokenDependencies,
  organizationId: string,
  id: string,
): Promise<boolean> {
  const current = await deps.store.tokens.find(organizationId, id);
  if (current === undefined) return false;
  return deps.store.tokens.revoke(id, deps.clock.now().toISOString());
}

/**
 * Finds the live token of a given kind whose secret this is. The database lookup is by hash;
 * the hashes are then compared in constant time.
 */
export async function findLiveToken(
  store: Store,
  secret: string,
  kind: TokenKind,
): Promise<TokenRecord | undefined> {
  const token = await findLiveTokenOfAnyKind(store, secret);
  return token?.kind === kind ? token : undefined;
}

/** Finds the live token whose secret this is, whatever its kind. */
export async function findLiveTokenOfAnyKind(
  store: Store,
  secret: string,
): Promise<TokenRecord | undefined> {
  const hash = hashSecret(secret);
  const token = await store.tokens.findByHash(hash);
  if (token === undefined || !sameHash(token.secretHash, hash)) return undefined;
  return token.revoked === null ? token : undefined;
}
