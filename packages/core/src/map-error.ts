import type { VideoError, VideoErrorOptions } from '@video/auth';
import {
  AuthenticationError,
  ClockSkewError,
  ConflictError,
  type AuthenticationReason,
  type ConflictReason,
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
  /** API codes after which a 5xx was not carried out (see `RequestSpec.notCarriedOutCodes`). */
  notCarriedOutCodes?: readonly number[] | undefined;
  /** API codes after which calling again will not help (see `RequestSpec.permanentCodes`). */
  permanentCodes?: readonly number[] | undefined;
  /** API codes the operation documents a reason for (see `RequestSpec.reasonCodes`). */
  reasonCodes?: readonly number[] | undefined;
}

/**
 * 403 codes of the API that name the problem with a client token sent in the body (render, dial,
 * connect, captions), with what to do about it (rest-api-2026.md N8). They mean the same on every
 * endpoint, so they apply to every request.
 */
const AUTH_CODES: Readonly<Record<number, readonly [AuthenticationReason, string]>> = {
  10007: ['token_session_mismatch', 'the client token is for another session: generate one for this session'],
  10012: ['token_expired', 'the client token has expired: generate a new one'],
};

/**
 * 409 codes of the archive endpoints (rest-api.md §5.3; 15001: opentok/opentok-react-native#427),
 * with what to do about them. They apply only to a request that lists them in `reasonCodes`: the
 * API's internal codes are documented per endpoint.
 */
const CONFLICT_CODES: Readonly<Record<number, readonly [ConflictReason, string]>> = {
  15001: ['already_recording', 'stop the running archive first, or give each simultaneous archive its own multiArchiveTag'],
  15002: ['not_recording', 'the archive has finished recording: there is nothing to stop'],
  15004: ['not_deletable', "stop the archive and wait until it is 'available' or 'uploaded' before deleting it"],
};

/** The numeric `code` of an error body (a number, or a string of digits), if it has one. */
export function apiCodeOf(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const code = (body as Record<string, unknown>).code;
  if (typeof code === 'number') return Number.isSafeInteger(code) ? code : undefined;
  if (typeof code === 'string' && /^-?\d{1,15}$/.test(code.trim())) return Number(code.trim());
  return undefined;
}

const listed = (codes: readonly number[] | undefined, code: number | undefined): boolean =>
  code !== undefined && Array.isArray(codes) && codes.includes(code);

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

/**
 * Maps a non-2xx response to the error class its status calls for. The API's message comes first;
 * an error code it documents (`apiCode`: 10007 and 10012 on any 401/403, the request's
 * `reasonCodes` on a 409) adds a `reason` and advice, and the request's code lists
 * (`notCarriedOutCodes`, `permanentCodes`) decide `retryable` where the status alone cannot.
 */
export function errorFromResponse(response: TransportResponse, ctx: ErrorContext): VideoError {
  const { status, headers } = response;
  const body = parseErrorBody(response, ctx.redact);
  const apiCode = apiCodeOf(body);
  let message = apiMessage(body) ?? `${ctx.operation} failed with HTTP ${status}`;
  const options: VideoErrorOptions = {
    status,
    requestId: requestIdOf(headers),
    method: ctx.method,
    url: ctx.url,
    body,
    apiCode,
  };
  const permanent = listed(ctx.permanentCodes, apiCode);
  if (status === 401 || status === 403) {
    const known = apiCode === undefined ? undefined : AUTH_CODES[apiCode];
    if (known) message = `${message} (${known[1]})`;
    const reason = known?.[0];
    const serverTime = headers.date ? Date.parse(headers.date) : Number.NaN;
    const offset = Number.isNaN(serverTime) ? 0 : Math.round((serverTime - Date.now()) / 1000);
    if (Math.abs(offset) > SKEW_LIMIT_SECONDS) {
      return new ClockSkewError(
        `${message} (the server's clock is ${Math.abs(offset)} s ${offset > 0 ? 'ahead of' : 'behind'} this ` +
          "machine's; REST tokens are time-stamped, so synchronise the system clock, e.g. with NTP)",
        offset,
        { ...options, reason },
      );
    }
    return new AuthenticationError(message, { ...options, reason });
  }
  if (status === 404) return new NotFoundError(message, options);
  if (status === 409) {
    const known = listed(ctx.reasonCodes, apiCode) ? CONFLICT_CODES[apiCode!] : undefined;
    return new ConflictError(known ? `${message} (${known[1]})` : message, { ...options, reason: known?.[0] });
  }
  // Retry-After in whole seconds (rounded up), as the error's `retryAfter`.
  const delay = parseRetryAfter(headers['retry-after']);
  const retryAfter = delay === undefined ? undefined : Math.ceil(delay / 1000);
  if (status === 429) {
    if (!permanent) return new RateLimitError(message, retryAfter, options);
    return new RateLimitError(
      `${message} (API code ${apiCode} is a usage cap: retrying will not help; contact Vonage support)`,
      retryAfter,
      { ...options, retryable: false },
    );
  }
  if (status >= 500) {
    // Safe to call again: 503 means not carried out, and so does a 5xx whose API code the request
    // lists as such; 500/502/504 may have been, so only a call that may be repeated is retryable.
    const notCarriedOut = !permanent && listed(ctx.notCarriedOutCodes, apiCode);
    if (notCarriedOut) message = `${message} (API code ${apiCode}: not carried out, safe to call again)`;
    if (permanent) message = `${message} (API code ${apiCode}: retrying will not help)`;
    const retryable =
      !permanent &&
      (notCarriedOut || ALWAYS_RETRY_STATUSES.has(status) || (ctx.idempotent && IDEMPOTENT_RETRY_STATUSES.has(status)));
    return new ServerError(message, { ...options, retryable }, retryAfter);
  }
  const code =
    status === 400 ? 'bad_request' : status === 405 ? 'method_not_allowed' : status === 413 ? 'payload_too_large' : `http_${status}`;
  return new InvalidRequestError(message, code, options);
}
