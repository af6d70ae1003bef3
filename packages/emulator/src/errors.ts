/**
 * An error answered as `{code, message}` with an HTTP status, the way the real service reports
 * problems. `code` is the HTTP status unless the service documents an internal code (15002 …).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: number;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, code: number = status, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const badRequest = (message: string): ApiError => new ApiError(400, message);
export const forbidden = (message: string): ApiError => new ApiError(403, message);
export const notFound = (message: string): ApiError => new ApiError(404, message);
export const conflict = (message: string, code = 409): ApiError => new ApiError(409, message, code);
