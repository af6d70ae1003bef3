import type { RetryOptions } from './call-options.js';

export interface RetryPolicy {
  maxAttempts: number;
  maxElapsed: number;
  baseDelay: number;
  maxDelay: number;
}

const DEFAULTS: RetryPolicy = { maxAttempts: 3, maxElapsed: 30_000, baseDelay: 300, maxDelay: 5_000 };
const OFF: RetryPolicy = { ...DEFAULTS, maxAttempts: 1 };

/** The policy of a (validated) retry option: the defaults, with what it sets. */
export function retryPolicy(option: RetryOptions | false | undefined): RetryPolicy {
  if (option === undefined) return DEFAULTS;
  if (option === false) return OFF;
  const policy = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof RetryPolicy)[]) {
    const value = option[key];
    if (value !== undefined) policy[key] = value;
  }
  policy.maxAttempts = Math.floor(policy.maxAttempts);
  return policy;
}

/** Exponential backoff with "equal jitter": between half and all of base·2^(retry-1), capped. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelay, policy.baseDelay * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** An HTTP date as `Retry-After` may carry it (IMF-fixdate, RFC 850 or asctime form). */
const HTTP_DATE = /^[A-Za-z]{3,9},? +\d{1,2}[ -][A-Za-z]{3}[ -]\d{2,4} \d{2}:\d{2}:\d{2}( GMT)?$|^[A-Za-z]{3} [A-Za-z]{3} +\d{1,2} \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * `Retry-After` as delay-seconds or an HTTP date, in ms from now; undefined if absent or unreadable
 * (`-5` is not a date, although `Date.parse` reads it as one).
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Statuses after which the request was certainly not carried out, so any method may be repeated. */
export const ALWAYS_RETRY_STATUSES = new Set([429, 503]);
/** Statuses after which only requests that are safe to repeat are retried. */
export const IDEMPOTENT_RETRY_STATUSES = new Set([500, 502, 504]);
/** Connection errors that happen before the request is sent. */
export const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
