export const SERVICE_PROVIDER_CONFIG_SCHEMA =
  'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';

/** Largest page a list request returns; `count` above it is capped. */
export const MAX_RESULTS = 1000;

/** Most operations one bulk request may carry. */
export const BULK_MAX_OPERATIONS = 1000;

export interface ServiceLimits {
  /** Largest accepted request body, in bytes; also the bulk payload limit. */
  readonly bodyLimit: number;
}

/**
 * Renders ServiceProviderConfig (RFC 7643 §5). PATCH, bulk, filtering, sorting and ETags are
 * implemented. changePassword is false because there is no change-password flow, although
 * create, replace and PATCH accept a password.
 */
export function renderServiceProviderConfig(
  limits: ServiceLimits,
  baseUrl: string,
  documentationUri: string,
): Record<string, unknown> {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    documentationUri,
    patch: { supported: true },
    bulk: { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: limits.bodyLimit },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description:
          'A provisioning token in the Authorization header: "Authorization: Bearer <token>".',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${baseUrl}/ServiceProviderConfig`,
    },
  };
}
