import type { VideoError, VideoErrorOptions } from '@video/auth';
import {
  AuthenticationError,
  ClockSkewError,
  ConflictError,
  InvalidRequestError,
  NotFoundError,
  RateLimitError,
  ServerError,
} from './errors.js';
import { shorten, type Redactor } from './redact.js';
import { ALWAYS_RETRY_STATUSES, IDEMPOTENT_RETRY_STATUSES, parseRetryAfter } from './retry.js';
import type { TransportResponse } from './transport.js';

/** A 401/403 whose `Date` is further than this from local time is reported as clock skew. */
const SKEW_LIMIT_SECONDS = 60;

export interface ErrorContext {
  operation: string;
  method: string;
  url: string;
  /** May the call be repeated after an ambiguous failure (see `RequestSpec.idempotent`)? */
  idempotent: boolean;
  /** The client's redactor, for error bodies. */
  redact: Redactor;
}

export function requestIdOf(headers: Record<string, string>): string | undefined {
  return headers['x-request-id'] ?? headers['x-amzn-requestid'] ?? headers['x-tb-request-id'] ?? undefined;
}

/** The body as JSON if it parses, else its text; redacted, long strings cut. */
export function parseErrorBody(response: TransportResponse, redact: Redactor): unknown {
  const text = response.body;
  if (!/\S/.test(text)) return undefined;
  try {
    return redact.value(JSON.parse(text));
  } catch {
    return shorten(redact.text(text));
  }
}

function apiMessage(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null) {
    const b = body as Record<string, unknown>;
    const message = b.message ?? b.error ?? b.description;
    if (typeof message === 'string' && message.trim()) return message.trim();
  }
  if (typeof body === 'string') {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
    if (title) return title;
    if (!body.trimStart().startsWith('<')) return body.trim().slice(0, 300);
  }
  return undefined;
}

/** Maps a non-2xx response to the error class its status calls for; the API's message is kept. */
export function errorFromResponse(response: TransportResponse, ctx: ErrorContext): VideoError {
  const { status, headers } = response;
  const body = parseErrorBody(response, ctx.redact);
  const message =
    apiMessage(body) ?? `${ctx.operation} failed with HTTP ${status}`;
  const options: VideoErrorOptions = {
    status,
    requestId: requestIdOf(headers),
    method: ctx.method,
    url: ctx.url,
    body,
  };
  if (status === 401 || status === 403) {
    const serverTime = headers.date ? Date.parse(headers.date) : Number.NaN;
    const offset = Number.isNaN(serverTime) ? 0 : Math.round((serverTime - Date.now()) / 1000);
    if (Math.abs(offset) > SKEW_LIMIT_SECONDS) {
      return new ClockSkewError(
        `${message} (the server's clock is ${Math.abs(offset)} s ${offset > 0 ? 'ahead of' : 'behind'} this ` +
          "machine's; REST tokens are time-stamped, so synchronise the system clock, e.g. with NTP)",
        offset,
        options,
      );
    }
    return new AuthenticationError(message, options);
  }
  if (status === 404) return new NotFoundError(message, options);
  if (status === 409) return new ConflictError(message, options);
  // Retry-After in whole seconds (rounded up), as the error's `retryAfter`.
  const delay = parseRetryAfter(headers['retry-after']);
  const retryAfter = delay === undefined ? undefined : Math.ceil(delay / 1000);
  if (status === 429) return new RateLimitError(message, retryAfter, options);
  if (status >= 500) {
    // Safe to call again: 503 means not carried out; 500/502/504 may have been, so only a call that
    // may be repeated is retryable after them.
    const retryable = ALWAYS_RETRY_STATUSES.has(status) || (ctx.idempotent && IDEMPOTENT_RETRY_STATUSES.has(status));
    return new ServerError(message, { ...options, retryable }, retryAfter);
  }
  const code =
    status === 400 ? 'bad_request' : status === 405 ? 'method_not_allowed' : status === 413 ? 'payload_too_large' : `http_${status}`;
  return new InvalidRequestError(message, code, options);
}
