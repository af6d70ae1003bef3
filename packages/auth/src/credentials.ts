import { VideoValidationError } from './errors.js';
import { readPrivateKey, type KeyMaterial, type PrivateKeyInput } from './private-key.js';
import { hmacKey, rsaKey, type SigningKey } from './signature.js';

/** Vonage application credentials: REST calls and client tokens are signed RS256. */
export interface VonageCredentials {
  /** The application ID, a UUID. */
  applicationId: string;
  /** The application's RSA private key (see {@link PrivateKeyInput}). */
  privateKey: PrivateKeyInput;
}

/** Legacy OpenTok project credentials: REST calls and client tokens are signed HS256 (or T1). */
export interface OpenTokCredentials {
  /** The project API key: a numeric string such as `"12345678"`. */
  apiKey: string;
  /** The project API secret. */
  apiSecret: string;
}

/** Either kind of credentials. The kind decides the default host, auth header and token format. */
export type CredentialsInput = VonageCredentials | OpenTokCredentials;

/** `'vonage'` for application credentials, `'opentok'` for API key + secret. */
export type AuthMode = 'vonage' | 'opentok';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHICH_CREDENTIALS = 'pass { applicationId, privateKey } (Vonage) or { apiKey, apiSecret } (OpenTok)';
/** @internal */
export const T1_NEEDS_OPENTOK = "'t1' tokens need OpenTok credentials (apiKey, apiSecret)";

/** What `@video/auth/verify` checks signatures with. */
interface VerificationSecrets {
  keyMaterial: KeyMaterial | undefined;
  apiSecret: string | undefined;
}

/**
 * The secrets again, for verification only: held here rather than on an instance member, so that
 * nothing reachable from a `Credentials` object (no method, no property) hands them out.
 */
const verificationSecrets = /* @__PURE__ */ new WeakMap<Credentials, VerificationSecrets>();

/** @internal For `@video/auth/verify`; exported by no entry of the package. */
export const secretsOf = (credentials: Credentials): VerificationSecrets | undefined => verificationSecrets.get(credentials);

/**
 * Validated credentials. Secrets are held in private (`#`) fields: they never appear in
 * `JSON.stringify`, `util.inspect`, errors or logs. Keys are prepared once, on first use.
 */
export class Credentials {
  /** `'vonage'` (application ID and private key) or `'opentok'` (API key and secret). */
  readonly mode: AuthMode;
  /** The key that appears in REST paths: the application ID or the API key. */
  readonly projectKey: string;

  readonly #keyMaterial: KeyMaterial | undefined;
  readonly #apiSecret: string | undefined;
  #signingKey: SigningKey | undefined;
  #t1Key: SigningKey | undefined;

  /** Use {@link createCredentials}. */
  private constructor(mode: AuthMode, projectKey: string, keyMaterial?: KeyMaterial, apiSecret?: string) {
    this.mode = mode;
    this.projectKey = projectKey;
    this.#keyMaterial = keyMaterial;
    this.#apiSecret = apiSecret;
    verificationSecrets.set(this, { keyMaterial, apiSecret });
  }

  /** @internal */
  static create(input: unknown): Credentials {
    if (typeof input !== 'object' || input === null) {
      throw new VideoValidationError('credentials', WHICH_CREDENTIALS);
    }
    // Own properties only: a value inherited from a polluted Object.prototype is not a setting.
    const c: Record<string, unknown> = Object.assign(Object.create(null), input);
    const vonage = c.applicationId !== undefined || c.privateKey !== undefined;
    const opentok = c.apiKey !== undefined || c.apiSecret !== undefined;
    if (vonage && opentok) {
      throw new VideoValidationError(
        'credentials',
        'pass either { applicationId, privateKey } or { apiKey, apiSecret }, not both',
      );
    }
    if (vonage) {
      if (typeof c.applicationId !== 'string' || !UUID.test(c.applicationId)) {
        throw new VideoValidationError('applicationId', 'must be the application ID, a UUID');
      }
      if (c.privateKey === undefined || c.privateKey === null) {
        throw new VideoValidationError('privateKey', 'is required with applicationId');
      }
      return new Credentials('vonage', c.applicationId.toLowerCase(), readPrivateKey(c.privateKey));
    }
    if (opentok) {
      const apiKey = typeof c.apiKey === 'number' && Number.isSafeInteger(c.apiKey) ? String(c.apiKey) : c.apiKey;
      if (typeof apiKey !== 'string' || !/^\d+$/.test(apiKey)) {
        throw new VideoValidationError('apiKey', 'must be the numeric project API key, e.g. "12345678"');
      }
      if (typeof c.apiSecret !== 'string' || c.apiSecret.trim() === '') {
        throw new VideoValidationError('apiSecret', 'must be a non-empty string');
      }
      return new Credentials('opentok', apiKey, undefined, c.apiSecret.trim());
    }
    throw new VideoValidationError('credentials', WHICH_CREDENTIALS);
  }

  /** @internal The JWT signing key: RS256 (Vonage) or HS256 over the API secret (OpenTok). */
  signingKey(): SigningKey {
    this.#signingKey ??= this.#keyMaterial ? rsaKey(this.#keyMaterial) : hmacKey(this.#apiSecret ?? '', 'SHA-256');
    return this.#signingKey;
  }

  /** @internal The HMAC-SHA1 key for legacy T1 tokens (OpenTok only). */
  t1Key(): SigningKey {
    if (this.mode !== 'opentok') throw new VideoValidationError('format', T1_NEEDS_OPENTOK);
    this.#t1Key ??= hmacKey(this.#apiSecret ?? '', 'SHA-1');
    return this.#t1Key;
  }

  /** What `JSON.stringify` shows: the kind and the project key, never a secret. */
  toJSON(): {
    /** `'vonage'` or `'opentok'`. */
    mode: AuthMode;
    /** The application ID or API key. */
    projectKey: string;
  } {
    return { mode: this.mode, projectKey: this.projectKey };
  }
}

/**
 * Credentials already built, keyed by their values (not by the input object, which a caller may
 * change in place: a rotated secret or a config object reused per tenant must not sign with the
 * values it held before). Bounded; keys given as bytes, `KeyObject` or `CryptoKey` are not cached.
 */
const cache = /* @__PURE__ */ new Map<string, Credentials>();
const CACHE_LIMIT = 64;

function cacheKey(input: object): string | undefined {
  const c: Record<string, unknown> = Object.assign(Object.create(null), input);
  if (typeof c.apiKey === 'string' && typeof c.apiSecret === 'string' && c.applicationId === undefined) {
    return `opentok\n${c.apiKey}\n${c.apiSecret}`;
  }
  if (typeof c.applicationId === 'string' && typeof c.privateKey === 'string' && c.apiKey === undefined) {
    return `vonage\n${c.applicationId}\n${c.privateKey}`;
  }
  return undefined;
}

/**
 * Validates credentials and returns the object every other API accepts. Fails fast with a
 * `VideoValidationError` naming the field: a non-UUID application ID, a non-numeric API key, a
 * private key that is not PEM / DER / KeyObject / CryptoKey, or a string that looks like a file path.
 * The values are read once: changing the input object afterwards does not change the credentials.
 */
export function createCredentials(input: CredentialsInput | Credentials): Credentials {
  if (input instanceof Credentials) return input;
  const key = typeof input === 'object' && input !== null ? cacheKey(input) : undefined;
  if (key === undefined) return Credentials.create(input);
  let found = cache.get(key);
  if (found) {
    // Most recently used last, so the oldest entry is the one dropped when the cache is full.
    cache.delete(key);
  } else {
    found = Credentials.create(input);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, found);
  return found;
}
