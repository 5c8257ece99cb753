/** The IdP flavours a request can be served as, one per URL prefix `/provisioning/{provider}/v2`. */
export const PROVIDERS = ['generic', 'okta', 'azure'] as const;

export type Provider = (typeof PROVIDERS)[number];

export function isProvider(value: unknown): value is Provider {
  return typeof value === 'string' && (PROVIDERS as readonly string[]).includes(value);
}
