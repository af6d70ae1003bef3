import { createCredentials, VideoValidationError, type AuthMode, type Credentials, type CredentialsInput } from '@video/auth';
import * as z from 'zod/mini';
import { retrySchema, timeoutSchema } from './call-options.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, type ClientConfig } from './config.js';
import { levelLogger, LOG_LEVELS, type Hooks, type Logger } from './hooks.js';
import { lazy, parseOptions, type OptionsOf } from './options.js';
import { send, type RequestSpec, type VideoResponse } from './pipeline.js';
import { createRedactor } from './redact.js';
import { integer } from './shapes.js';
import { retryPolicy } from './retry.js';
import { fetchTransport, type Transport } from './transport.js';

const fn = <T>() => z.optional(z.custom<T>((value) => typeof value === 'function', { error: 'must be a function' }));

const clientOptionsShape = /* @__PURE__ */ lazy(() => ({
  /** Time limit of each attempt in ms, response body included. Default 20 000. */
  timeout: z.optional(timeoutSchema()),
  /** Retry policy; `false` disables retries. See `RetryOptions` for the defaults. */
  retry: z.optional(retrySchema()),
  /** How requests are sent. Default: the global `fetch`. */
  transport: z.optional(
    z.custom<Transport>((value) => typeof (value as Transport | null)?.send === 'function', { error: 'must have a send(request) method' }),
  ),
  /**
   * Receives redacted log lines: retries and hooks that threw (`warn`) and, with
   * `logLevel: 'debug'`, one line per request and per response. `console` fits.
   */
  logger: z.optional(
    z.custom<Logger>((value) => typeof value === 'object' && value !== null, {
      error: 'must be an object with debug/info/warn/error methods',
    }),
  ),
  /**
   * Which lines reach `logger`: `'debug'` (every request and response), `'info'` (default),
   * `'warn'`, `'error'` or `'silent'`.
   */
  logLevel: z.optional(z.enum(LOG_LEVELS)),
  /**
   * Appended to the `User-Agent` header, e.g. `my-app/1.2.0`. Printable ASCII, at most 200
   * characters: any other header value would make every request fail inside the transport.
   */
  appendToUserAgent: z.optional(
    z
      .string()
      .check(
        z.regex(/^[\x20-\x7e]*$/, { error: 'must be printable ASCII text (no control characters, no characters beyond U+007E)' }),
        z.maxLength(200),
      ),
  ),
  /**
   * The largest response body accepted, in bytes, counted after decompression. A larger one fails
   * the call with an `InvalidResponseError` as soon as the limit is passed. Default 10 MB.
   */
  maxResponseBytes: z.optional(integer(1, Number.MAX_SAFE_INTEGER, 'must be a whole number of bytes ≥ 1')),
  /**
   * More names whose values are secrets, beyond the built-in ones (`token`, `secret`, `password`,
   * `authorization`, `X-Api-Key`, `access_token` and others ending like them). They are matched
   * against header names, body field names (at any depth) and URL query parameters, ignoring case,
   * `-` and `_`, and their values are replaced by `[redacted]` in hooks, logs and error bodies.
   */
  redact: z.optional(z.array(z.string().check(z.minLength(1)))),
  /** Called before each attempt, with redacted request data. */
  onRequest: fn<NonNullable<Hooks['onRequest']>>(),
  /** Called after each attempt that got a response. */
  onResponse: fn<NonNullable<Hooks['onResponse']>>(),
  /** Called before waiting for the next attempt; return `false` to stop retrying. */
  onRetry: fn<NonNullable<Hooks['onRetry']>>(),
}));
const clientOptionsSchema = /* @__PURE__ */ lazy(() => z.strictObject(clientOptionsShape()));

/** Options of {@link createClient}. A hook or logger that throws is ignored (and logged). */
export type ClientOptions = OptionsOf<typeof clientOptionsShape>;

/** Credentials plus an optional API host, e.g. the emulator's URL. */
export type ClientCredentials = CredentialsInput & {
  /** Default `https://video.api.vonage.com` (Vonage) or `https://api.opentok.com` (OpenTok). */
  baseUrl?: string;
};

/** A configured API client: what every operation function takes as its first argument. */
export interface VideoClient {
  /** The validated credentials (they never print their secret). */
  readonly credentials: Credentials;
  /** `'vonage'` (application ID and private key) or `'opentok'` (API key and secret). */
  readonly mode: AuthMode;
  /** The application ID or API key that REST paths are built from. */
  readonly projectKey: string;
  /** The API host requests go to, without a trailing slash. */
  readonly baseUrl: string;
  /** Sends one API request through the pipeline (auth, user agent, timeout, retries, errors). */
  request<T = unknown>(spec: RequestSpec): Promise<VideoResponse<T>>;
}

const DEFAULT_HOSTS: Record<AuthMode, string> = {
  vonage: 'https://video.api.vonage.com',
  opentok: 'https://api.opentok.com',
};
const CREDENTIAL_KEYS = new Set(['applicationId', 'privateKey', 'apiKey', 'apiSecret', 'baseUrl']);
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/**
 * Creates the client that every operation takes first. Validates everything up front: the
 * credentials, the base URL (HTTPS, or plain HTTP to a loopback host only) and every option.
 */
export function createClient(credentials: ClientCredentials | Credentials, options: ClientOptions = {}): VideoClient {
  // Own properties only, here and for the options: a value inherited from a polluted
  // Object.prototype (a `baseUrl`, a `transport`) must never become a setting.
  const input: Partial<ClientCredentials> =
    typeof credentials === 'object' && credentials !== null && !isCredentials(credentials)
      ? Object.assign(Object.create(null), credentials)
      : {};
  for (const key of Object.keys(input)) {
    if (!CREDENTIAL_KEYS.has(key)) {
      throw new VideoValidationError(key, `is not a credentials field (expected ${[...CREDENTIAL_KEYS].join(', ')})`);
    }
  }
  const creds = createCredentials(credentials as CredentialsInput);
  const baseUrl = checkBaseUrl(input.baseUrl, DEFAULT_HOSTS[creds.mode]);
  const config = readOptions(creds, baseUrl, options);
  return {
    credentials: creds,
    mode: creds.mode,
    projectKey: creds.projectKey,
    baseUrl,
    request: <T>(spec: RequestSpec) => send<T>(config, spec),
  };
}

function isCredentials(value: unknown): value is Credentials {
  return typeof value === 'object' && value !== null && 'mode' in value && 'projectKey' in value && 'signingKey' in value;
}

function checkBaseUrl(value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new VideoValidationError('baseUrl', 'must be an absolute URL such as https://video.api.vonage.com');
  }
  if (typeof value !== 'string') throw new VideoValidationError('baseUrl', 'must be a string');
  if (!isHttpsOrLoopback(url)) {
    throw new VideoValidationError(
      'baseUrl',
      'must use https:// (plain http:// is allowed only for localhost / 127.0.0.1 / [::1], e.g. the emulator)',
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new VideoValidationError('baseUrl', 'must not contain a query, fragment or user info');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function readOptions(credentials: Credentials, baseUrl: string, given: ClientOptions): ClientConfig {
  const options = parseOptions(clientOptionsSchema(), given);
  // The transport and logger are used as given (the parse reads a copy of plain objects, and a
  // transport may rely on its own identity); they were checked above, on the caller's own property.
  const own = <K extends 'transport' | 'logger'>(key: K) => (Object.hasOwn(given, key) ? given[key] : undefined);
  return {
    credentials,
    baseUrl,
    timeout: options.timeout ?? DEFAULT_TIMEOUT,
    retry: retryPolicy(options.retry),
    transport: own('transport') ?? fetchTransport(),
    logger: levelLogger(own('logger'), options.logLevel ?? 'info'),
    userAgent: [`@video/core/${VERSION}`, runtime(), options.appendToUserAgent?.trim()].filter(Boolean).join(' '),
    hooks: { onRequest: options.onRequest, onResponse: options.onResponse, onRetry: options.onRetry },
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    redact: createRedactor(options.redact),
  };
}

function runtime(): string {
  const g = globalThis as { process?: { version?: string; versions?: { node?: string; bun?: string } }; Deno?: { version?: { deno?: string } } };
  if (g.process?.versions?.bun) return `bun/${g.process.versions.bun}`;
  if (g.Deno?.version?.deno) return `deno/${g.Deno.version.deno}`;
  if (g.process?.versions?.node) return `node/${g.process.version}`;
  return 'js';
}

export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT };

/**
 * Whether `url` is one the SDK may send to or register: `https:`, or plain `http:` to a loopback
 * host (localhost, 127.x.x.x, [::1]), such as the emulator.
 */
export function isHttpsOrLoopback(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
}
