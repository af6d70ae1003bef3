import { VideoError, type VideoErrorOptions } from '@video/auth';
import { redactValue } from './redact.js';

export { VideoError, VideoValidationError, isVideoError, type VideoErrorOptions } from '@video/auth';

/** 401 or 403: the credentials were rejected (wrong key or secret, expired or malformed auth token). */
export class AuthenticationError extends VideoError {
  static override readonly errorName: string = 'AuthenticationError';
  constructor(message: string, options: VideoErrorOptions = {}, code = 'authentication_failed') {
    super(message, code, options);
  }
}

/**
 * An authentication failure whose response `Date` header shows that this machine's clock is far
 * from the server's; REST tokens are then rejected as "issued in the future" or "expired".
 */
export class ClockSkewError extends AuthenticationError {
  static override readonly errorName: string = 'ClockSkewError';
  /** Server time minus local time, in seconds. Positive: the local clock is behind. */
  readonly offsetSeconds: number;
  constructor(message: string, offsetSeconds: number, options: VideoErrorOptions = {}) {
    super(message, options, 'clock_skew');
    this.offsetSeconds = offsetSeconds;
  }
}

/** 404: the session, archive, broadcast, stream or connection does not exist (or is gone). */
export class NotFoundError extends VideoError {
  static override readonly errorName: string = 'NotFoundError';
  constructor(message: string, options: VideoErrorOptions = {}) {
    super(message, 'not_found', options);
  }
}

/** 409: the resource is in a state that does not allow the call (e.g. already being archived). */
export class ConflictError extends VideoError {
  static override readonly errorName: string = 'ConflictError';
  constructor(message: string, options: VideoErrorOptions = {}) {
    super(message, 'conflict', options);
  }
}

/** 429 after the retry budget was spent. `retryAfter` is the server's hint in seconds, if any. */
export class RateLimitError extends VideoError {
  static override readonly errorName: string = 'RateLimitError';
  readonly retryAfter: number | undefined;
  constructor(message: string, retryAfter: number | undefined, options: VideoErrorOptions = {}) {
    super(message, 'rate_limited', { retryable: true, ...options });
    this.retryAfter = retryAfter;
  }
}

/** A 4xx other than 401/403/404/409/429: the API rejected the request as invalid. */
export class InvalidRequestError extends VideoError {
  static override readonly errorName: string = 'InvalidRequestError';
  constructor(message: string, code: string, options: VideoErrorOptions = {}) {
    super(message, code, options);
  }
}

/**
 * A 5xx from the API (or a proxy in front of it). `retryAfter` is the server's `Retry-After` hint
 * in seconds, if it sent one (typically with 503): when it exceeds the retry budget the call fails
 * at once, and this says when to try again.
 */
export class ServerError extends VideoError {
  static override readonly errorName: string = 'ServerError';
  readonly retryAfter: number | undefined;
  constructor(message: string, options: VideoErrorOptions = {}, retryAfter?: number) {
    super(message, 'server_error', { retryable: true, ...options });
    this.retryAfter = retryAfter;
  }
}

/** An attempt took longer than the timeout (headers and body included). */
export class TimeoutError extends VideoError {
  static override readonly errorName: string = 'TimeoutError';
  /** The per-attempt timeout that fired, in milliseconds. */
  readonly timeout: number;
  constructor(message: string, timeout: number, options: VideoErrorOptions = {}) {
    super(message, 'timeout', options);
    this.timeout = timeout;
  }
}

/** The connection failed, was reset, or closed before the whole response arrived. */
export class NetworkError extends VideoError {
  static override readonly errorName: string = 'NetworkError';
  constructor(message: string, options: VideoErrorOptions = {}) {
    super(message, 'network_error', options);
  }
}

/**
 * A response whose body is not what the API documents (empty, not JSON, missing what the call
 * returns) or is larger than `maxResponseBytes`. The body it keeps is redacted: a server that
 * echoes the request cannot put the REST token on the error.
 */
export class InvalidResponseError extends VideoError {
  static override readonly errorName: string = 'InvalidResponseError';
  constructor(message: string, options: VideoErrorOptions = {}) {
    super(message, 'invalid_response', { ...options, body: redactValue(options.body) });
  }
}
