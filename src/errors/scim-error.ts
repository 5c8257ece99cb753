/** Error keywords defined by RFC 7644 §3.12, table 9. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** SCIM error response body (RFC 7644 §3.12); `status` is a JSON string. */
export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  scimType?: ScimType;
  detail: string;
  status: string;
}

/**
 * The one error type of the protocol layer. Domain code throws it and the HTTP edge renders it.
 * `code` is a stable identifier for logs and tests, independent of the detail text.
 */
export class ScimError extends Error {
  override readonly name = 'ScimError';

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly scimType?: ScimType,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }

  toBody(): ScimErrorBody {
    if (this.scimType === undefined) {
      return { schemas: [ERROR_SCHEMA], detail: this.detail, status: String(this.status) };
    }
    return {
      schemas: [ERROR_SCHEMA],
      scimType: this.scimType,
      detail: this.detail,
      status: String(this.status),
    };
  }
}

export function isScimError(error: unknown): error is ScimError {
  return error instanceof ScimError;
}
