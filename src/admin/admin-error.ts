/** The JSON body of every admin API error: a stable code and a message that names the fix. */
export interface AdminErrorBody {
  error: { code: string; message: string };
}

/**
 * The one error type of the admin surface. Operations throw it; the HTTP plugin renders it as
 * `{"error":{"code","message"}}` with its status, and the CLI prints its message.
 */
export class AdminError extends Error {
  override readonly name = 'AdminError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  toBody(): AdminErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export function isAdminError(error: unknown): error is AdminError {
  return error instanceof AdminError;
}
