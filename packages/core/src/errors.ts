import { VideoError, type VideoErrorOptions } from '@video/auth';
import { redactValue } from './redact.js';

export { VideoError, VideoValidationError, isVideoError, type VideoErrorOptions } from '@video/auth';

/**
 * Why a 403 was refused, when the API's error `code` says so:
 * - `'token_session_mismatch'` (API code 10007): the client token in the request was generated
 *   for another session;
 * - `'token_expired'` (API code 10012): the client token in the request has expired.
 */
export type AuthenticationReason = 'token_session_mismatch' | 'token_expired';

/** The options of an {@link AuthenticationError}: the common ones and the `reason`. */
export interface AuthenticationErrorOptions extends VideoErrorOptions {
  /** Why the credentials were refused, when the API's error code says so. */
  reason?: AuthenticationReason;
}

/** 401 or 403: the credentials were rejected (wrong key or secret, expired or malformed auth token). */
export class AuthenticationError extends VideoError {
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
  static override readonly errorName: string = 'AuthenticationError';
  /**
   * Why, when the API's error code says so (`apiCode` 10007 or 10012: the client token in the
   * request is for another session, or expired); undefined otherwise.
   */
  readonly reason: AuthenticationReason | undefined;
  constructor(message: string, options: AuthenticationErrorOptions = {}, code = 'authentication_failed') {
    super(message, code, options);
    this.reason = options.reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/**
 * An authentication failure whose response `Date` header shows that this machine's clock is far
 * from the server's; REST tokens are then rejected as "issued in the future" or "expired".
 */
export class ClockSkewError extends AuthenticationError {
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
  static override readonly errorName: string = 'ClockSkewError';
  /** Server time minus local time, in seconds. Positive: the local clock is behind. */
  readonly offsetSeconds: number;
  constructor(message: string, offsetSeconds: number, options: AuthenticationErrorOptions = {}) {
    super(message, options, 'clock_skew');
    this.offsetSeconds = offsetSeconds;
  }
}

/** 404: the session, archive, broadcast, stream or connection does not exist (or is gone). */
export class NotFoundError extends VideoError {
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
  static override readonly errorName: string = 'NotFoundError';
  constructor(message: string, options: VideoErrorOptions = {}) {
    super(message, 'not_found', options);
  }
}

/**
 * Why a 409 was refused, when the API's error `code` says so:
 * - `'already_recording'` (API code 15001, from `startArchive`): the session is already being
 *   archived;
 * - `'not_recording'` (15002, from `stopArchive`): the archive is no longer recording, so there is
 *   nothing to stop;
 * - `'not_deletable'` (15004, from `deleteArchive`): the archive cannot be deleted until it is
 *   `available` or `uploaded`.
 */
export type ConflictReason = 'already_recording' | 'not_recording' | 'not_deletable';

/** The options of a {@link ConflictError}: the common ones and the `reason`. */
export interface ConflictErrorOptions extends VideoErrorOptions {
  /** Why the call conflicts with the resource's state, when the API's error code says so. */
  reason?: ConflictReason;
}

/** 409: the resource is in a state that does not allow the call (e.g. already being archived). */
export class ConflictError extends VideoError {
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
  static override readonly errorName: string = 'ConflictError';
  /** Why, when the API's error code says so (`apiCode` 15001, 15002 or 15004); undefined otherwise. */
  readonly reason: ConflictReason | undefined;
  constructor(message: string, options: ConflictErrorOptions = {}) {
    super(message, 'conflict', options);
    this.reason = options.reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/** 429 after the retry budget was spent. `retryAfter` is the server's hint in seconds, if any. */
export class RateLimitError extends VideoError {
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
  static override readonly errorName: string = 'RateLimitError';
  /** The server's `Retry-After` hint, in seconds, if it sent one. */
  readonly retryAfter: number | undefined;
  constructor(message: string, retryAfter: number | undefined, options: VideoErrorOptions = {}) {
    super(message, 'rate_limited', { retryable: true, ...options });
    this.retryAfter = retryAfter;
  }
}

/** A 4xx other than 401/403/404/409/429: the API rejected the request as invalid. */
export class InvalidRequestError extends VideoError {
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
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
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
  static override readonly errorName: string = 'ServerError';
  /** The server's `Retry-After` hint, in seconds, if it sent one. */
  readonly retryAfter: number | undefined;
  constructor(message: string, options: VideoErrorOptions = {}, retryAfter?: number) {
    super(message, 'server_error', { retryable: true, ...options });
    this.retryAfter = retryAfter;
  }
}

/** An attempt took longer than the timeout (headers and body included). */
export class TimeoutError extends VideoError {
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
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
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
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
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
  static override readonly errorName: string = 'InvalidResponseError';
  constructor(message: string, options: VideoErrorOptions = {}) {
    super(message, 'invalid_response', { ...options, body: redactValue(options.body) });
  }
}
