import {
  createCredentials,
  VideoValidationError,
  type AuthMode,
  type Credentials,
  type CredentialsInput,
} from '@video/auth';
import type { Hooks, Logger } from './hooks.js';
import { send, type CallOptions, type RequestSpec, type VideoResponse } from './pipeline.js';
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
  /** Appended to the `User-Agent` header, e.g. `my-app/1.2.0`. */
  appendToUserAgent?: string;
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
}

export const DEFAULT_TIMEOUT = 20_000;
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
]);
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/**
 * Creates the client that every operation takes first. Validates everything up front: the
 * credentials, the base URL (HTTPS, or plain HTTP to a loopback host only) and every option.
 */
export function createClient(credentials: ClientCredentials | Credentials, options: ClientOptions = {}): VideoClient {
  const input = credentials as Partial<ClientCredentials>;
  if (typeof input === 'object' && input !== null && !isCredentials(credentials)) {
    for (const key of Object.keys(input)) {
      if (!CREDENTIAL_KEYS.has(key)) {
        throw new VideoValidationError(key, `is not a credentials field (expected ${[...CREDENTIAL_KEYS].join(', ')})`);
      }
    }
  }
  const creds = createCredentials(credentials as CredentialsInput);
  const baseUrl = checkBaseUrl(isCredentials(credentials) ? undefined : input.baseUrl, DEFAULT_HOSTS[creds.mode]);
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

function readOptions(credentials: Credentials, baseUrl: string, options: ClientOptions): ClientConfig {
  if (typeof options !== 'object' || options === null) throw new VideoValidationError('options', 'must be an object');
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
  if (appendToUserAgent !== undefined && (typeof appendToUserAgent !== 'string' || /[\r\n]/.test(appendToUserAgent))) {
    throw new VideoValidationError('appendToUserAgent', 'must be a single-line string');
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
