import type { VideoError } from '@video/auth';

/**
 * Where the client writes what it does. `console` fits; so does pino or winston. Every line is
 * already redacted: no key, secret or token ever reaches it. Which lines are written depends on
 * `logLevel` (default `'info'`): `debug` lines (one per attempt and one per response) only with
 * `logLevel: 'debug'`; `warn` lines for retries and for hooks that threw.
 */
export interface Logger {
  /** One line per attempt and per response (only with `logLevel: 'debug'`). */
  debug?(message: string, data?: Record<string, unknown>): void;
  /** Informational lines (none are written today). */
  info?(message: string, data?: Record<string, unknown>): void;
  /** A retry about to wait, or a hook that threw. */
  warn?(message: string, data?: Record<string, unknown>): void;
  /** Errors the client could not report otherwise (none are written today). */
  error?(message: string, data?: Record<string, unknown>): void;
}

/**
 * The least severe lines the logger receives: `'debug'` (every request and response), `'info'`
 * (the default), `'warn'` (retries, hooks that threw), `'error'`, or `'silent'` (nothing).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The log levels, least severe first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/**
 * The logger the pipeline calls: only the methods at or above `level`, each calling the given
 * logger's own method (so a logger that needs its `this`, such as pino, keeps it). Undefined when
 * nothing would be written.
 */
export function levelLogger(logger: Logger | undefined, level: LogLevel): Logger | undefined {
  if (!logger) return undefined;
  const min = LOG_LEVELS.indexOf(level);
  const out: Logger = {};
  for (const name of ['debug', 'info', 'warn', 'error'] as const) {
    if (LOG_LEVELS.indexOf(name) >= min && typeof logger[name] === 'function') {
      out[name] = (message, data) => logger[name]!(message, data);
    }
  }
  return Object.keys(out).length ? out : undefined;
}

/** Passed to `onRequest` before each attempt. Headers and body are redacted. */
export interface RequestEvent {
  /** The operation's name, e.g. `'startArchive'`. */
  operation: string;
  /** HTTP method. */
  method: string;
  /** The full request URL. */
  url: string;
  /** 1 for the first attempt, 2 for the first retry … */
  attempt: number;
  /** The request headers, with credentials replaced by `[redacted]`. */
  headers: Record<string, string>;
  /** The JSON or form body as sent, redacted (secrets replaced, long strings shortened). */
  body: unknown;
}

/** Passed to `onResponse` after each attempt that got a response. */
export interface ResponseEvent {
  /** The operation's name, e.g. `'startArchive'`. */
  operation: string;
  /** HTTP method. */
  method: string;
  /** The full request URL. */
  url: string;
  /** 1 for the first attempt, 2 for the first retry … */
  attempt: number;
  /** HTTP status of the response. */
  status: number;
  /** Time from sending the request to receiving the response headers and body, in ms. */
  durationMs: number;
  /** The API's request ID, when it sent one. */
  requestId: string | undefined;
}

/** Passed to `onRetry` before waiting for the next attempt. */
export interface RetryEvent {
  /** The operation's name, e.g. `'startArchive'`. */
  operation: string;
  /** HTTP method. */
  method: string;
  /** The full request URL. */
  url: string;
  /** The attempt that failed (1 for the first). */
  attempt: number;
  /** How long the client will wait before the next attempt, in ms. */
  delayMs: number;
  /** Why the attempt failed. */
  error: VideoError;
}

/** Observers of the request pipeline. A hook that throws is ignored (and logged). */
export interface Hooks {
  /** Called before each attempt. */
  onRequest?(event: RequestEvent): void;
  /** Called after each attempt that got a response, whatever its status. */
  onResponse?(event: ResponseEvent): void;
  /** Return `false` to stop retrying: the error is then thrown. */
  onRetry?(event: RetryEvent): void | boolean;
}
