// Verification of a signed callback. The JWT is checked by jose (never by hand): HS256 only, the
// HMAC, `iss`, and the age of `iat`; then `payload_hash` against the body, the project, and `jti`.
import { jwtVerify, type JWTPayload } from 'jose';
import type { CallbackClaims } from './claims.js';
import { CallbackVerificationError, VideoValidationError, type CallbackVerificationReason } from './errors.js';
import { EVENTS, type KnownEventType, type RawPayload } from './events.js';
import { sha256Hex, timingSafeEqual } from './hash.js';
import {
  checkOptions,
  DEFAULT_CLOCK_TOLERANCE,
  DEFAULT_MAX_AGE,
  type SecretValue,
  type VerifiedCallbackEvent,
  type VerifyCallbackOptions,
} from './options.js';
import { bytesOf, eventOf, payloadOf, typesOf, type CallbackBody } from './parse.js';

const reject = (reason: CallbackVerificationReason, detail?: string): never => {
  throw new CallbackVerificationError(reason, detail);
};

/** The reason of an error thrown by jose's `jwtVerify`, by its `code` (and `claim`). */
const JOSE_REASONS: Record<string, CallbackVerificationReason> = {
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'bad_signature',
  ERR_JOSE_ALG_NOT_ALLOWED: 'wrong_algorithm',
  ERR_JWT_EXPIRED: 'too_old',
};

function reasonOf(error: unknown): CallbackVerificationReason {
  const { code, claim, reason } = error as { code?: unknown; claim?: unknown; reason?: unknown };
  if (typeof code !== 'string' || !code.startsWith('ERR_')) throw error; // not from jose: a bug, not a verdict
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && reason === 'check_failed') {
    if (claim === 'iss') return 'wrong_issuer';
    if (claim === 'iat' || claim === 'nbf') return 'not_yet_valid';
  }
  return JOSE_REASONS[code] ?? 'malformed_token';
}

/**
 * Imported HMAC keys of text secrets. jose imports a byte key into a CryptoKey on every
 * verification, about a sixth of the cost of checking a 1 KB callback; a receiver checks every
 * callback with the same few secrets, so their imported (non-extractable) keys are kept, for the
 * last {@link KEY_CACHE_LIMIT} secrets used.
 */
const importedKeys = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_LIMIT = 16;

/**
 * The key jose checks the signature with. Bytes are copied by this realm's Uint8Array: jose checks
 * `instanceof Uint8Array`, which a Buffer or an encoder's output from another realm (a test sandbox,
 * a vm context) would fail.
 */
function keyOf(secret: SecretValue): Uint8Array | Promise<CryptoKey> {
  if (typeof secret !== 'string' || typeof globalThis.crypto?.subtle?.importKey !== 'function') {
    return new Uint8Array(typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);
  }
  let key = importedKeys.get(secret);
  if (!key) {
    if (importedKeys.size >= KEY_CACHE_LIMIT) importedKeys.delete(importedKeys.keys().next().value!);
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    importedKeys.set(secret, key);
    key.catch(() => importedKeys.delete(secret));
  }
  return key;
}

/**
 * The secrets to try, each with the event type it stands for: the single secret; or, from a map,
 * the secret of the type the body claims (of both candidate types for a bare render/broadcast
 * body), or every secret for an unknown event.
 */
function candidates(secret: VerifyCallbackOptions['secret'], payload: () => RawPayload): Array<[SecretValue, KnownEventType?]> {
  if (typeof secret === 'string' || ArrayBuffer.isView(secret)) return [[secret as SecretValue]];
  const map = secret as Record<string, SecretValue | undefined>;
  const types = typesOf(payload());
  const out: Array<[SecretValue, KnownEventType?]> = types.length
    ? types.filter((type) => map[EVENTS[type][1]] !== undefined).map((type) => [map[EVENTS[type][1]]!, type])
    : Object.values(map).map((value) => [value!]);
  if (out.length === 0) reject('no_secret', `the map has no ${types.map((t) => EVENTS[t][1]).join(' or ')} secret`);
  return out;
}

/** Checks `payload_hash`: SHA-256 of the raw bytes, else of the minified JSON (callbacks.md §2.3). */
async function checkHash(claim: unknown, bytes: Uint8Array): Promise<void> {
  if (typeof claim !== 'string') return reject('malformed_token', 'no payload_hash claim');
  const expected = claim.toLowerCase();
  if (timingSafeEqual(await sha256Hex(bytes), expected)) return;
  let minified: string | undefined;
  try {
    minified = JSON.stringify(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    // Not JSON: only the raw reading applies.
  }
  if (minified === undefined || !timingSafeEqual(await sha256Hex(new TextEncoder().encode(minified)), expected)) reject('hash_mismatch');
}

const claimText = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/** The checks of `verifyCallback`, on checked options and the body's bytes. */
export async function verifyBytes(bytes: Uint8Array, authorization: unknown, options: VerifyCallbackOptions): Promise<VerifiedCallbackEvent> {
  const { secret, seen, apiKey, applicationId } = options;
  const header = typeof authorization === 'string' ? authorization.trim() : '';
  if (!header) reject('missing_header', 'the callback is not signed');
  const token = /^(?:bearer\s+)?([\w-]+\.[\w-]+\.[\w-]*)$/i.exec(header)?.[1] ?? reject('malformed_token', 'expected "Bearer <JWT>"');

  let payload: RawPayload | undefined;
  const readPayload = () => (payload ??= payloadOf(bytes));
  let claims: JWTPayload | undefined;
  let type: KnownEventType | undefined;
  for (const [value, candidate] of candidates(secret, readPayload)) {
    try {
      claims = (
        await jwtVerify(token, await keyOf(value), {
          algorithms: ['HS256'],
          issuer: 'Vonage',
          maxTokenAge: options.maxAge ?? DEFAULT_MAX_AGE,
          clockTolerance: options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE,
        })
      ).payload;
      type = candidate;
      break;
    } catch (error) {
      const reason = reasonOf(error);
      if (reason !== 'bad_signature') reject(reason);
    }
  }
  if (!claims) return reject('bad_signature');

  await checkHash(claims['payload_hash'], bytes);
  const info: CallbackClaims = {
    jti: typeof claims.jti === 'string' && claims.jti ? claims.jti : undefined,
    issuedAt: new Date(claims.iat! * 1000),
    apiKey: claimText(claims['api_key']),
    applicationId: claimText(claims['application_id']),
  };
  if (apiKey !== undefined && !timingSafeEqual(info.apiKey ?? '', String(apiKey))) reject('wrong_project', 'api_key');
  if (applicationId !== undefined && !timingSafeEqual(info.applicationId ?? '', String(applicationId))) reject('wrong_project', 'application_id');

  const event = eventOf(readPayload(), type);
  if (seen) {
    if (!info.jti) reject('malformed_token', 'no jti claim');
    if (await seen(info.jti!)) reject('replayed');
  }
  return { ...event, claims: info };
}

/**
 * Verifies a signed callback and returns it as a typed event.
 *
 * `body` is the raw body exactly as received (text or bytes: not JSON re-serialised by a
 * framework), `authorization` the `Authorization` header (`Bearer <JWT>`). Checks, in order: the
 * options (a bad one is a `VideoValidationError`), the header, the JWT with jose — HS256 only, the
 * signature with your secret, `iss` = `Vonage`, `iat` within `maxAge` (± `clockTolerance`) —, then
 * `payload_hash` against the body, `api_key` / `application_id` when you gave `apiKey` /
 * `applicationId`, the payload's shape, and last `seen(jti)`. A failed check rejects with a
 * `CallbackVerificationError` whose `reason` names it; a verified body that is not a JSON object,
 * or a known event without a documented field, with a `CallbackParseError`. An unknown event
 * resolves to `{ type: 'unknown', raw }`.
 */
export async function verifyCallback(
  body: CallbackBody,
  authorization: string | null | undefined,
  options: VerifyCallbackOptions,
): Promise<VerifiedCallbackEvent> {
  checkOptions(options);
  const bytes = bytesOf(body);
  if (!bytes) {
    throw new VideoValidationError('body', 'must be the raw body as received (a string or bytes), not parsed JSON: the signature covers the exact bytes');
  }
  return verifyBytes(bytes, authorization, options);
}
