import type { VideoError } from '@video/auth';

/**
 * Where the client writes what it does. `console` fits; so does pino or winston. Every line is
 * already redacted: no key, secret or token ever reaches it.
 */
export interface Logger {
  debug?(message: string, data?: Record<string, unknown>): void;
  info?(message: string, data?: Record<string, unknown>): void;
  warn?(message: string, data?: Record<string, unknown>): void;
  error?(message: string, data?: Record<string, unknown>): void;
}

/** Passed to `onRequest` before each attempt. Headers and body are redacted. */
export interface RequestEvent {
  operation: string;
  method: string;
  url: string;
  attempt: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Passed to `onResponse` after each attempt that got a response. */
export interface ResponseEvent {
  operation: string;
  method: string;
  url: string;
  attempt: number;
  status: number;
  durationMs: number;
  requestId: string | undefined;
}

/** Passed to `onRetry` before waiting for the next attempt. */
export interface RetryEvent {
  operation: string;
  method: string;
  url: string;
  /** The attempt that failed (1 for the first). */
  attempt: number;
  /** How long the client will wait before the next attempt, in ms. */
  delayMs: number;
  error: VideoError;
}

/** Observers of the request pipeline. A hook that throws is ignored (and logged). */
export interface Hooks {
  onRequest?(event: RequestEvent): void;
  onResponse?(event: ResponseEvent): void;
  /** Return `false` to stop retrying: the error is then thrown. */
  onRetry?(event: RetryEvent): void | boolean;
}
