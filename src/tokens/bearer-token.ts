/**
 * Extracts the secret from an Authorization header (RFC 6750 §2.1). The scheme is matched
 * case-insensitively, and a doubled "Bearer Bearer <token>" is accepted because some IdP forms
 * add the scheme to a field where administrators paste "Bearer ..." themselves.
 * Returns undefined when the header is absent or carries no bearer token.
 */
export function readBearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bearer\s+(?:bearer\s+)?(\S+)\s*$/i.exec(header);
  return match?.[1];
}
