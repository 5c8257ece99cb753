export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** A query response (RFC 7644 §3.4.2): `Resources` is always present, empty when nothing matched. */
export interface ListResponse {
  readonly schemas: [typeof LIST_RESPONSE_SCHEMA];
  readonly totalResults: number;
  readonly startIndex: number;
  readonly itemsPerPage: number;
  readonly Resources: unknown[];
}

export function listResponse(
  resources: unknown[],
  totalResults: number,
  startIndex: number,
): ListResponse {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
