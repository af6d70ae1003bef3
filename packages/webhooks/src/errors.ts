// The errors of this package: `VideoError`s of `@video/auth`, so `isVideoError(e)` and
// `instanceof` work as for every other `@video/*` error. Messages are fixed texts: never the
// secret, the token or a claim's value.
import { VideoError } from '@video/auth';

export { isVideoError, VideoError, VideoValidationError } from '@video/auth';

/**
 * Which check a signed callback failed.
 *
 * - `missing_header`: no `Authorization` header (or an empty one). Vonage's callback service sends
 *   an unsigned callback when it hits an internal error and retries it when answered with a 5xx,
 *   so this one has status 503.
 * - `malformed_token`: the header is not `Bearer <compact JWT>`, or a claim (`iat`, `iss`,
 *   `payload_hash`, `jti` when `seen` is given) is missing or of the wrong type.
 * - `wrong_algorithm`: the token's `alg` is not `HS256` (`none`, `RS256` … are never accepted).
 * - `bad_signature`: the HMAC does not match the secret.
 * - `wrong_issuer`: `iss` is not `Vonage`.
 * - `hash_mismatch`: `payload_hash` is not the SHA-256 of the body (raw bytes, nor minified JSON).
 * - `too_old`: `iat` is older than `maxAge` (or the token has an `exp` in the past).
 * - `not_yet_valid`: `iat` (or `nbf`) is in the future, beyond `clockTolerance`.
 * - `wrong_project`: `api_key` / `application_id` is not the one given in the options.
 * - `replayed`: your `seen(jti)` hook said this token was already accepted.
 * - `no_secret`: a secret map was given and holds no secret for the type of this callback.
 */
export type CallbackVerificationReason =
  | 'missing_header'
  | 'malformed_token'
  | 'wrong_algorithm'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'hash_mismatch'
  | 'too_old'
  | 'not_yet_valid'
  | 'wrong_project'
  | 'replayed'
  | 'no_secret';

/**
 * A callback failed verification: it must not be trusted. `reason` says which check failed;
 * `status` is what to answer (401, or 503 for `missing_header`).
 */
export class CallbackVerificationError extends VideoError {
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
  static override readonly errorName: string = 'CallbackVerificationError';

  /** Why the callback was not accepted. */
  readonly reason: CallbackVerificationReason;

  constructor(reason: CallbackVerificationReason, detail?: string) {
    super(`Callback refused (${reason})${detail ? `: ${detail}` : ''}`, 'callback_verification_failed', {
      // What to answer the callback with.
      status: reason === 'missing_header' ? 503 : 401,
    });
    this.reason = reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/**
 * A callback's body is not a JSON object, or a known event lacks a field it always has (`field`
 * names it, `''` for the body itself). Answered with 400. Unknown events never cause this: they
 * become `{ type: 'unknown', raw }`.
 */
export class CallbackParseError extends VideoError {
  /** The class name, kept explicitly so that minified bundles still report it as `name`. */
  static override readonly errorName: string = 'CallbackParseError';

  /** The payload field that is missing or malformed. */
  readonly field: string;

  constructor(field: string, reason: string) {
    super(`Invalid callback${field ? ` field ${field}` : ''}: ${reason}`, 'invalid_callback', { status: 400 });
    this.field = field;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field };
  }
}
