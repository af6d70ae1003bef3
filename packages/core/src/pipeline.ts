// The request pipeline, in the order of its named steps:
// build URL and body → auth header → user agent → send (transport, per-attempt timeout)
// → retry decision → parse → map errors. Hooks and the logger see redacted data only.
import { discardRestToken, restAuthHeader, type VideoError } from '@video/auth';
import { onAbort } from './abort.js';
import { callOptionsSchema, type CallOptions } from './call-options.js';
import type { ClientConfig } from './config.js';
import { InvalidResponseError, NetworkError, TimeoutError } from './errors.js';
import { errorFromResponse, requestIdOf, type ErrorContext } from './map-error.js';
import { shorten } from './redact.js';
import { parseOptions } from './options.js';
import { NOT_SENT_CODES, backoffDelay, parseRetryAfter, retryPolicy, type RetryPolicy } from './retry.js';
import { ON_CANCEL, RESPONSE_TOO_LARGE, type OnCancel, type TransportRequest, type TransportResponse } from './transport.js';

/** The HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One API request, as operation functions describe it. */
export interface RequestSpec extends CallOptions {
  /** Operation name for errors, logs and hooks, e.g. `'startArchive'`. */
  operation: string;
  /** HTTP method. */
  method: HttpMethod;
  /** Path from the host, e.g. from `projectPath(client, 'archive', id)`. */
  path: string;
  /** Query parameters; undefined ones are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body. */
  json?: unknown;
  /** A form-encoded body (session creation). */
  form?: Record<string, string | undefined>;
  /** `'json'` (default): the response must carry a JSON body. `'none'`: any body is ignored. */
  expect?: 'json' | 'none';
  /**
   * May the call be repeated after an ambiguous failure (a 500/502/504, a timeout or a dropped
   * connection, after which it may or may not have been carried out)? Default: true for GET, PUT,
   * PATCH and DELETE, false for POST. Set true only for POSTs whose repetition cannot create a
   * second resource. It decides both the client's own retries and the error's `retryable`.
   */
  idempotent?: boolean;
  /**
   * API error codes (the `code` of the error body, the error's `apiCode`) that the API documents as
   * "not carried out" when they come with a 5xx: such a response is retried even when the call is
   * not `idempotent`, and its error is `retryable: true`. For example `dial`'s 500 with code `-1`
   * ("unable to allocate a media server, retry with backoff").
   */
  notCarriedOutCodes?: readonly number[];
  /**
   * API error codes after which calling again will not help, whatever the status: such an error is
   * never retried and is `retryable: false`. For example `startRender`'s 429 with code `50004`, a
   * usage cap rather than throttling (its `RateLimitError` says so in its message).
   */
  permanentCodes?: readonly number[];
  /**
   * API error codes that this operation documents with a meaning of its own, for a typed `reason`
   * and advice in the message: a 409 with 15001 (`startArchive`), 15002 (`stopArchive`) or 15004
   * (`deleteArchive`) becomes a `ConflictError` whose `reason` says why. The token codes of a 403
   * (10007, 10012) mean the same everywhere and need no listing.
   */
  reasonCodes?: readonly number[];
}

/** A successful response. */
export interface VideoResponse<T> {
  /** HTTP status (2xx). */
  status: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  /** The parsed JSON body (undefined with `expect: 'none'`). */
  body: T;
  /** The API's request ID, when it sent one. */
  requestId: string | undefined;
}

const SAFE_METHODS = new Set(['GET', 'PUT', 'PATCH', 'DELETE']);

function buildUrl(config: ClientConfig, spec: RequestSpec): string {
  let url = config.baseUrl + spec.path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(spec.query ?? {})) {
    if (value !== undefined) params.append(name, String(value));
  }
  const query = params.toString();
  if (query) url += `?${query}`;
  return url;
}

function buildBody(spec: RequestSpec): { body?: string; contentType?: string } {
  if (spec.form) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(spec.form)) if (value !== undefined) params.append(name, value);
    return { body: params.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  if (spec.json !== undefined) return { body: JSON.stringify(spec.json), contentType: 'application/json' };
  return {};
}

/** Runs a hook or logger call; an observer that throws must not break the request. */
function observe(config: ClientConfig, fn: (() => unknown) | undefined): unknown {
  if (!fn) return undefined;
  try {
    return fn();
  } catch (error) {
    try {
      config.logger?.warn?.('video: a hook threw; ignored', { error: config.redact.text(String(error)) });
    } catch {
      // A logger that throws is ignored as well.
    }
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const unsubscribe = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(signal.reason);
        })
      : undefined;
    const timer = setTimeout(() => {
      unsubscribe?.();
      resolve();
    }, ms);
  });
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

interface Attempt {
  response?: TransportResponse;
  error?: VideoError;
}

/**
 * One attempt. Its own abort signal fires at the deadline or when the caller aborts, so the
 * transport drops the exchange (unsent, it is never sent); the pipeline also stops waiting then,
 * whatever the transport does.
 */
async function attempt(
  config: ClientConfig,
  ctx: ErrorContext,
  headers: Record<string, string>,
  body: string | undefined,
  timeout: number,
  signal: AbortSignal | undefined,
): Promise<Attempt> {
  // The signal is made only if the transport reads it (the fetch transport does); ours over undici
  // is told through ON_CANCEL instead, which spares an AbortController and its listeners per attempt.
  let controller: AbortController | undefined;
  let cancelled = false;
  let reason: unknown;
  let listener: ((reason: unknown) => void) | undefined;
  const cancel = (why: unknown) => {
    if (cancelled) return;
    cancelled = true;
    reason = why;
    controller?.abort(why);
    listener?.(why);
  };
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;
  const request: TransportRequest = {
    method: ctx.method,
    url: ctx.url,
    headers,
    body,
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (cancelled) controller.abort(reason);
      }
      return controller.signal;
    },
    timeout,
    maxResponseBytes: config.maxResponseBytes,
  };
  // Not enumerable: a caller's transport that copies the request to pass on a signal of its own
  // (`{ ...request, signal }`) must not have the copy cancelled behind that signal's back.
  const onCancel: OnCancel = (fn) => {
    listener = fn;
  };
  Object.defineProperty(request, ON_CANCEL, { value: onCancel });
  try {
    // One promise settled by whichever comes first: the transport, the deadline or the caller's abort.
    const response = await new Promise<TransportResponse>((resolve, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        const why = new Error('timeout');
        cancel(why);
        reject(why);
      }, timeout);
      if (signal) {
        unsubscribe = onAbort(signal, () => {
          cancel(signal.reason);
          reject(signal.reason);
        });
      }
      config.transport.send(request).then(resolve, reject);
    });
    // A transport of the caller's that ignores the cap is caught here (a string's length never
    // exceeds its UTF-8 size).
    if (response.body.length > config.maxResponseBytes) return { error: tooLarge(config, ctx) };
    return { response };
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    const code = errorCode(cause);
    if (code === RESPONSE_TOO_LARGE) return { error: tooLarge(config, ctx, cause) };
    // Safe to call again only if the call may be repeated or certainly was not sent.
    const notSent = code !== undefined && NOT_SENT_CODES.has(code);
    const options = { method: ctx.method, url: ctx.url, cause, retryable: ctx.idempotent || notSent };
    if (timedOut) {
      return {
        error: new TimeoutError(`${ctx.operation} timed out after ${timeout} ms (${ctx.method} ${ctx.url})`, timeout, options),
      };
    }
    const detail = ctx.redact.text(cause instanceof Error ? cause.message : String(cause));
    return {
      error: new NetworkError(`${ctx.operation} failed: ${detail}${code ? ` (${code})` : ''} (${ctx.method} ${ctx.url})`, options),
    };
  } finally {
    clearTimeout(timer);
    unsubscribe?.();
  }
}

function tooLarge(config: ClientConfig, ctx: ErrorContext, cause?: unknown): InvalidResponseError {
  return new InvalidResponseError(
    `${ctx.operation}: the response body is larger than maxResponseBytes (${config.maxResponseBytes} bytes) (${ctx.method} ${ctx.url})`,
    { method: ctx.method, url: ctx.url, cause },
  );
}

function parseBody<T>(response: TransportResponse, spec: RequestSpec, ctx: ErrorContext): T {
  if (spec.expect === 'none') return undefined as T;
  const options = { status: response.status, method: ctx.method, url: ctx.url, requestId: requestIdOf(response.headers) };
  if (!/\S/.test(response.body)) {
    throw new InvalidResponseError(`${ctx.operation}: expected a JSON body, got an empty response (HTTP ${response.status})`, options);
  }
  try {
    return JSON.parse(response.body) as T;
  } catch (cause) {
    throw new InvalidResponseError(`${ctx.operation}: the response body is not valid JSON (HTTP ${response.status})`, {
      ...options,
      cause,
      body: shorten(ctx.redact.text(response.body)),
    });
  }
}

/**
 * Decides whether and when to retry; undefined means "do not". Only an error that says it is safe
 * to call again is retried, never sooner than the backoff, and later if `Retry-After` says so.
 */
function retryDelay(policy: RetryPolicy, result: Attempt, attemptNumber: number, elapsed: number): number | undefined {
  if (attemptNumber >= policy.maxAttempts || !result.error?.retryable) return undefined;
  const hinted = result.response ? parseRetryAfter(result.response.headers['retry-after']) : undefined;
  const delay = Math.max(hinted ?? 0, backoffDelay(policy, attemptNumber));
  return elapsed + delay > policy.maxElapsed ? undefined : delay;
}

/**
 * Every field of a `RequestSpec`, as an object typed over the interface's keys: a field added to
 * the interface and not here is a type error, so the copy below cannot miss one.
 */
const SPEC_FIELDS: { readonly [K in keyof Required<RequestSpec>]: true } = {
  operation: true,
  method: true,
  path: true,
  query: true,
  json: true,
  form: true,
  expect: true,
  idempotent: true,
  notCarriedOutCodes: true,
  permanentCodes: true,
  reasonCodes: true,
  signal: true,
  timeout: true,
  retry: true,
};
const SPEC_KEYS = Object.keys(SPEC_FIELDS) as (keyof RequestSpec)[];

/**
 * The request's own properties only: a value inherited from a polluted Object.prototype is not a
 * setting. Read into an object of fixed shape (a prototype-less copy would be a slow dictionary).
 */
function ownSpec(request: RequestSpec): RequestSpec {
  const spec: Record<string, unknown> = {};
  for (const key of SPEC_KEYS) spec[key] = Object.hasOwn(request, key) ? request[key] : undefined;
  return spec as unknown as RequestSpec;
}

/** Sends a request through the pipeline. Used by `client.request`. */
export async function send<T>(config: ClientConfig, request: RequestSpec): Promise<VideoResponse<T>> {
  const spec = ownSpec(request);
  if (spec.signal !== undefined || spec.timeout !== undefined || spec.retry !== undefined) {
    parseOptions(callOptionsSchema(), { signal: spec.signal, timeout: spec.timeout, retry: spec.retry });
  }
  const timeout = spec.timeout ?? config.timeout;
  const policy = spec.retry === undefined ? config.retry : retryPolicy(spec.retry);
  const signal = spec.signal;
  signal?.throwIfAborted();
  // What hooks and logs are told about the call; the error context adds what errors need.
  const url = buildUrl(config, spec);
  const call = { operation: spec.operation, method: spec.method, url };
  const ctx: ErrorContext = {
    operation: spec.operation,
    method: spec.method,
    url,
    idempotent: spec.idempotent ?? SAFE_METHODS.has(spec.method),
    redact: config.redact,
    notCarriedOutCodes: spec.notCarriedOutCodes,
    permanentCodes: spec.permanentCodes,
    reasonCodes: spec.reasonCodes,
  };
  const { body, contentType } = buildBody(spec);
  const started = Date.now();
  // Building the redacted events costs a few microseconds a call: only when someone listens.
  const watched = Boolean(config.logger?.debug || config.hooks.onRequest || config.hooks.onResponse);
  // A form's unset fields are not sent, so observers do not see them either.
  const sentBody = () => (spec.form ? Object.fromEntries(Object.entries(spec.form).filter(([, v]) => v !== undefined)) : spec.json);

  for (let attemptNumber = 1; ; attemptNumber++) {
    const auth = await restAuthHeader(config.credentials);
    const headers: Record<string, string> = {
      [auth.name]: auth.value,
      'User-Agent': config.userAgent,
      Accept: 'application/json',
      ...(contentType ? { 'Content-Type': contentType } : {}),
    };
    if (watched) observe(config, () => {
      const event = {
        ...call,
        attempt: attemptNumber,
        headers: config.redact.headers(headers),
        body: config.redact.value(sentBody()),
      };
      // One line per attempt: the URL is in the message, so the data holds only what it lacks.
      config.logger?.debug?.(`video: ${call.method} ${call.url}`, {
        operation: call.operation,
        attempt: attemptNumber,
        headers: event.headers,
        ...(event.body === undefined ? {} : { body: event.body }),
      });
      config.hooks.onRequest?.(event);
    });
    const sentAt = Date.now();
    const result = await attempt(config, ctx, headers, body, timeout, signal);
    const response = result.response;
    if (response) {
      if (watched) observe(config, () => {
        const event = {
          ...call,
          attempt: attemptNumber,
          status: response.status,
          durationMs: Date.now() - sentAt,
          requestId: requestIdOf(response.headers),
        };
        config.logger?.debug?.(`video: ${response.status} ${call.method} ${call.url} (${event.durationMs} ms)`, {
          operation: call.operation,
          attempt: attemptNumber,
          requestId: event.requestId,
        });
        config.hooks.onResponse?.(event);
      });
      if (response.status >= 200 && response.status < 300) {
        return {
          status: response.status,
          headers: response.headers,
          body: parseBody<T>(response, spec, ctx),
          requestId: requestIdOf(response.headers),
        };
      }
      // A rejected token is not sent again: the next attempt or call signs a new one (after a
      // clock correction or a key rotation, the cached token would fail until it expired).
      if (response.status === 401 || response.status === 403) discardRestToken(config.credentials);
      result.error = errorFromResponse(response, ctx);
    }
    const error = result.error as VideoError;
    const delay = retryDelay(policy, result, attemptNumber, Date.now() - started);
    if (delay === undefined) throw error;
    const verdict = observe(config, () => {
      const event = { ...call, attempt: attemptNumber, delayMs: delay, error };
      config.logger?.warn?.(`video: retrying ${call.operation} in ${delay} ms after ${error.code}`, {
        attempt: attemptNumber,
        status: error.status,
        requestId: error.requestId,
        message: error.message,
      });
      return config.hooks.onRetry?.(event);
    });
    if (verdict === false) throw error;
    await sleep(delay, signal);
  }
}
