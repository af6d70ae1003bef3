import {
  createCredentials,
  VideoValidationError,
  type AuthMode,
  type Credentials,
  type CredentialsInput,
} from '@video/auth';
import type { Hooks, Logger } from './hooks.js';
import { send, type CallOptions, type RequestSpec, type VideoResponse } from './pipeline.js';
import { createRedactor, type Redactor } from './redact.js';
import { retryPolicy, type RetryOptions } from './retry.js';
import { fetchTransport, type Transport } from './transport.js';

/** Options of {@link createClient}. */
export interface ClientOptions extends Hooks {
  /** Time limit of each attempt in ms, response body included. Default 20 000. */
  timeout?: number;
  /** Retry policy; `false` disables retries. See {@link RetryOptions} for the defaults. */
  retry?: RetryOptions | false;
  /** How requests are sent. Default: the global `fetch`. */
  transport?: Transport;
  /** Receives redacted debug lines (requests, responses, retries). */
  logger?: Logger;
  /** Appended to the `User-Agent` header, e.g. `my-app/1.2.0` (printable ASCII, at most 200 characters). */
  appendToUserAgent?: string;
  /**
   * The largest response body accepted, in bytes, counted after decompression. A larger one fails
   * the call with an `InvalidResponseError` as soon as the limit is passed. Default 10 MB.
   */
  maxResponseBytes?: number;
  /**
   * More names whose values are secrets, beyond the built-in ones (`token`, `secret`, `password`,
   * `authorization`, `X-Api-Key`, `access_token` and others ending like them). They are matched
   * against header names, body field names (at any depth) and URL query parameters, ignoring case,
   * `-` and `_`, and their values are replaced by `[redacted]` in hooks, logs and error bodies.
   */
  redact?: readonly string[];
}

/** Credentials plus an optional API host, e.g. the emulator's URL. */
export type ClientCredentials = CredentialsInput & {
  /** Default `https://video.api.vonage.com` (Vonage) or `https://api.opentok.com` (OpenTok). */
  baseUrl?: string;
};

/** A configured API client: what every operation function takes as its first argument. */
export interface VideoClient {
  readonly credentials: Credentials;
  readonly mode: AuthMode;
  /** The application ID or API key that REST paths are built from. */
  readonly projectKey: string;
  readonly baseUrl: string;
  /** Sends one API request through the pipeline (auth, user agent, timeout, retries, errors). */
  request<T = unknown>(spec: RequestSpec): Promise<VideoResponse<T>>;
}

/** Resolved settings of a client, shared with the pipeline. */
export interface ClientConfig {
  credentials: Credentials;
  baseUrl: string;
  timeout: number;
  retry: RetryOptions | false | undefined;
  transport: Transport;
  logger: Logger | undefined;
  userAgent: string;
  hooks: Hooks;
  maxResponseBytes: number;
  redact: Redactor;
}

export const DEFAULT_TIMEOUT = 20_000;
/** Default of {@link ClientOptions.maxResponseBytes}: 10 MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const MAX_TIMEOUT = 2 ** 31 - 1;
const DEFAULT_HOSTS: Record<AuthMode, string> = {
  vonage: 'https://video.api.vonage.com',
  opentok: 'https://api.opentok.com',
};
const CREDENTIAL_KEYS = new Set(['applicationId', 'privateKey', 'apiKey', 'apiSecret', 'baseUrl']);
const OPTION_KEYS = new Set([
  'timeout',
  'retry',
  'transport',
  'logger',
  'appendToUserAgent',
  'onRequest',
  'onResponse',
  'onRetry',
  'maxResponseBytes',
  'redact',
]);
const MAX_USER_AGENT_SUFFIX = 200;
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
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
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
  if (typeof given !== 'object' || given === null) throw new VideoValidationError('options', 'must be an object');
  const options: ClientOptions = Object.assign(Object.create(null), given);
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) {
      throw new VideoValidationError(key, `is not a client option (expected one of ${[...OPTION_KEYS].join(', ')})`);
    }
  }
  const timeout = checkTimeout(options.timeout, 'timeout') ?? DEFAULT_TIMEOUT;
  retryPolicy(options.retry);
  const { transport, logger, appendToUserAgent } = options;
  if (transport !== undefined && typeof transport?.send !== 'function') {
    throw new VideoValidationError('transport', 'must have a send(request) method');
  }
  if (logger !== undefined && (typeof logger !== 'object' || logger === null)) {
    throw new VideoValidationError('logger', 'must be an object with debug/info/warn/error methods');
  }
  for (const hook of ['onRequest', 'onResponse', 'onRetry'] as const) {
    if (options[hook] !== undefined && typeof options[hook] !== 'function') {
      throw new VideoValidationError(hook, 'must be a function');
    }
  }
  // A header value other than printable ASCII would make every request fail inside the transport.
  if (
    appendToUserAgent !== undefined &&
    (typeof appendToUserAgent !== 'string' || !/^[\x20-\x7e]*$/.test(appendToUserAgent) || appendToUserAgent.length > MAX_USER_AGENT_SUFFIX)
  ) {
    throw new VideoValidationError(
      'appendToUserAgent',
      `must be printable ASCII text (no control characters, no characters beyond U+007E) of at most ${MAX_USER_AGENT_SUFFIX} characters`,
    );
  }
  const { maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES, redact = [] } = options;
  if (typeof maxResponseBytes !== 'number' || !Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1) {
    throw new VideoValidationError('maxResponseBytes', 'must be a whole number of bytes ≥ 1');
  }
  if (!Array.isArray(redact) || !redact.every((name) => typeof name === 'string' && name !== '')) {
    throw new VideoValidationError('redact', 'must be an array of names (strings), e.g. [\'X-Customer-Key\']');
  }
  return {
    credentials,
    baseUrl,
    timeout,
    retry: options.retry,
    transport: transport ?? fetchTransport(),
    logger,
    userAgent: [`@video/core/${VERSION}`, runtime(), appendToUserAgent?.trim()].filter(Boolean).join(' '),
    hooks: { onRequest: options.onRequest, onResponse: options.onResponse, onRetry: options.onRetry },
    maxResponseBytes,
    redact: createRedactor(redact),
  };
}

/** Validates a timeout option (ms): a positive finite number. */
export function checkTimeout(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT) {
    throw new VideoValidationError(field, `must be a number of milliseconds between 1 and ${MAX_TIMEOUT}`);
  }
  return value;
}

function runtime(): string {
  const g = globalThis as { process?: { version?: string; versions?: { node?: string; bun?: string } }; Deno?: { version?: { deno?: string } } };
  if (g.process?.versions?.bun) return `bun/${g.process.versions.bun}`;
  if (g.Deno?.version?.deno) return `deno/${g.Deno.version.deno}`;
  if (g.process?.versions?.node) return `node/${g.process.version}`;
  return 'js';
}

export type { CallOptions };
