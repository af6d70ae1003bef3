// The options of verifyCallback and the adapters. A bad option is a VideoValidationError naming
// it: a configuration mistake, which the adapters answer with 500 (never 401, which would pass it
// off as a forged callback). Messages never echo the value given: it may be a secret.
// (Checked by hand rather than by a zod schema: the receiver's 40 KB budget has no room for the
// parts of zod that options need and payloads do not — strict objects, custom checks.)
import type { CallbackClaims } from './claims.js';
import { VideoValidationError } from './errors.js';
import { EVENTS, type CallbackEvent, type CallbackType } from './events.js';

/** 24 h of retries by the callback service, plus an hour of margin. See `maxAge`. */
export const DEFAULT_MAX_AGE = 25 * 60 * 60;
/** Seconds of clock difference accepted between Vonage's clock and yours. */
export const DEFAULT_CLOCK_TOLERANCE = 60;
/** The largest body the adapters read. Callbacks are a few KB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** One signature secret: the text shown in the dashboard, or its bytes. */
export type SecretValue = string | Uint8Array;

/** The signature secret, or one per Application-API callback type. */
export type CallbackSecret = SecretValue | Partial<Record<CallbackType, SecretValue>>;

/** Options of `verifyCallback`. */
export interface VerifyCallbackOptions {
  /**
   * The signature secret of the callback type (Video dashboard → the callback's signed-callback
   * secret; **not** your application's private key, nor its public key, which are refused).
   * Or a map from Application-API callback type (`archive_status`, `connection_created`, …) to
   * its secret, for one endpoint that receives several types: the secret is chosen by the type
   * the body claims to be, and a body claiming another type than the one it was signed for simply
   * fails verification with that type's secret. An unknown event is tried with every secret.
   */
  secret: CallbackSecret;
  /**
   * The oldest `iat` accepted, in seconds (the token has no `exp`). Default 90 000 (25 h): the
   * callback service retries a failed delivery for up to 24 h, and whether a retry is signed
   * again with a fresh `iat` is not documented; 25 h accepts a late retry either way. Lower it
   * (say `300`) once you know retries are re-signed, and pass `seen` to refuse a replayed token.
   */
  maxAge?: number;
  /** Seconds of clock difference tolerated on `iat` (default 60). */
  clockTolerance?: number;
  /**
   * De-duplication: called with the token's `jti` once every other check passed. Return `true`
   * if a callback with this `jti` was already accepted (it is then refused as `replayed`, which
   * the adapters acknowledge with 204 without calling `onEvent`), and record it otherwise —
   * atomically (Redis `SET NX`, a unique index), since deliveries can arrive concurrently. Keep
   * entries at least `maxAge`. With `seen`, a token without a `jti` is refused.
   */
  seen?: (jti: string) => boolean | Promise<boolean>;
  /** When given, the token's `api_key` claim must be this OpenTok API key / project ID. */
  apiKey?: string;
  /** When given, the token's `application_id` claim must be this Vonage application ID. */
  applicationId?: string;
}

/** A verified callback: the event, and the claims of the token that signed it. */
export type VerifiedCallbackEvent = CallbackEvent & {
  /** From the callback's JWT: `jti`, `iat` as `issuedAt`, `api_key`, `application_id`. */
  claims: CallbackClaims;
};

/** Options of `handleCallback` and `callbackMiddleware`. */
export interface CallbackHandlerOptions extends VerifyCallbackOptions {
  /**
   * Your handler. The callback is answered 204 once it resolves, and 500 when it throws or
   * rejects, so that the service delivers it again: handlers must be idempotent (the same event
   * can arrive twice, and events can arrive out of order).
   */
  onEvent: (event: VerifiedCallbackEvent) => unknown;
  /**
   * Told of every callback that was not answered 2xx, with the reason: a
   * `CallbackVerificationError`, a `CallbackParseError`, a `VideoValidationError` for a
   * configuration mistake, or what your handler threw. For logging; what it throws is ignored.
   */
  onError?: (error: unknown) => void;
  /** The largest body read, in bytes (default 1 MiB); a larger one is answered 413. */
  maxBodyBytes?: number;
}

type Check = (value: unknown) => string | undefined;

const isBytes = (value: unknown): value is Uint8Array =>
  ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]';

const fn: Check = (v) => (typeof v === 'function' ? undefined : 'must be a function');
const amount: Check = (v) => (typeof v === 'number' && v >= 0 && v < Infinity ? undefined : 'must be a number ≥ 0');
const text: Check = (v) => ((typeof v === 'string' && v !== '') || typeof v === 'number' ? undefined : 'must be a non-empty string');

/** Why a secret is unusable, or undefined. */
const secretValue: Check = (v) =>
  typeof v !== 'string' && !isBytes(v)
    ? 'must be a string or bytes'
    : v.length === 0
      ? 'must not be empty'
      : (typeof v === 'string' ? v : new TextDecoder().decode(v)).includes('-----BEGIN')
        ? "is a PEM key: pass the callback type's signature secret (Video dashboard), not a private or public key"
        : undefined;

const VERIFY: Record<string, Check> = { secret: () => undefined, maxAge: amount, clockTolerance: amount, seen: fn, apiKey: text, applicationId: text };
const ADAPTER: Record<string, Check> = { ...VERIFY, onEvent: fn, onError: fn, maxBodyBytes: amount };

/** Checks options given to `verifyCallback` (or, with `adapter`, to an adapter); throws the first mistake. */
export function checkOptions<T extends VerifyCallbackOptions>(options: unknown, adapter?: boolean): T {
  const fail = (field: string, reason: string): never => {
    throw new VideoValidationError(field, reason);
  };
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object with a secret');
  const given = options as Record<string, unknown>;
  const checks = adapter ? ADAPTER : VERIFY;
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(checks, key)) fail(key, 'is not a known option');
    const problem = given[key] === undefined ? undefined : checks[key]!(given[key]);
    if (problem) fail(key, problem);
  }
  if (adapter && typeof given['onEvent'] !== 'function') fail('onEvent', 'must be your handler function');
  const secret = given['secret'];
  if (secret === undefined) fail('secret', 'is required');
  if (typeof secret !== 'object' || secret === null || isBytes(secret)) {
    const problem = secretValue(secret);
    if (problem) fail('secret', problem);
  } else {
    const types = Object.values(EVENTS).map((e) => e[1] as string);
    const keys = Object.keys(secret);
    if (keys.length === 0) fail('secret', 'must be a secret, or a non-empty map of callback type → secret');
    for (const key of keys) {
      if (!types.includes(key)) fail(`secret.${key}`, `is not a callback type (expected one of ${types.join(', ')})`);
      const problem = secretValue((secret as Record<string, unknown>)[key]);
      if (problem) fail(`secret.${key}`, problem);
    }
  }
  return given as T;
}
