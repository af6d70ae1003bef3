// The options every operation accepts besides its own, declared once for operations, the client
// and `client.request` alike.
import * as z from 'zod/mini';
import { lazy, parseOptions, strictObject, type OptionsOf } from './options.js';

/** setTimeout's largest delay. */
const MAX_TIMEOUT = 2 ** 31 - 1;
/** The smallest timeout accepted: anything less is almost surely seconds given for milliseconds. */
export const MIN_TIMEOUT = 100;
const TIMEOUT_RULE = `must be a number of milliseconds from ${MIN_TIMEOUT} to ${MAX_TIMEOUT}`;

/** "did you mean 20000?" for a timeout that looks like seconds. */
function tooShort(issue: { input?: unknown }): string {
  const ms = typeof issue.input === 'number' ? issue.input * 1000 : NaN;
  const hint = ms >= MIN_TIMEOUT && ms <= MAX_TIMEOUT ? `: did you mean ${ms}?` : '';
  return `must be at least ${MIN_TIMEOUT} (timeout is in milliseconds${hint})`;
}

/** A per-attempt time limit in ms, from 100 ms (a smaller value is taken for seconds given by mistake). */
export const timeoutSchema = /* @__PURE__ */ lazy(() =>
  z.number({ error: TIMEOUT_RULE }).check(z.gte(MIN_TIMEOUT, { error: tooShort }), z.lte(MAX_TIMEOUT, { error: TIMEOUT_RULE })),
);

const delay = () => z.optional(z.number({ error: 'must be a number ≥ 0' }).check(z.gte(0, { error: 'must be a number ≥ 0' })));

const retryShape = /* @__PURE__ */ lazy(() => ({
  /** Attempts in total, the first included. Default 3; 1 means no retry. */
  maxAttempts: z.optional(z.number({ error: 'must be a number ≥ 1' }).check(z.gte(1, { error: 'must be a number ≥ 1' }))),
  /** No retry starts later than this many ms after the first attempt. Default 30 000. */
  maxElapsed: delay(),
  /** First backoff delay in ms, doubled on each retry, with jitter. Default 300. */
  baseDelay: delay(),
  /** Largest backoff delay in ms. Default 5 000. */
  maxDelay: delay(),
}));

/** How failed attempts are repeated: `false` turns retries off. */
export const retrySchema = /* @__PURE__ */ lazy(() =>
  z.union([z.literal(false), z.strictObject(retryShape())], {
    error: 'must be false or { maxAttempts?, maxElapsed?, baseDelay?, maxDelay? }',
  }),
);

/** How failed attempts are repeated. Every field is optional; `retry: false` turns retries off. */
export type RetryOptions = OptionsOf<typeof retryShape>;

/** The per-call options, as fields to spread into an operation's option shape. */
export const callOptionsShape = /* @__PURE__ */ lazy(() => ({
  /** Cancels the call (and any pending retry). The promise rejects with the signal's reason. */
  signal: z.optional(z.custom<AbortSignal>((value) => value instanceof AbortSignal, { error: 'must be an AbortSignal' })),
  /** Time limit of each attempt for this call, in ms (at least 100). Default: the client's (20 000). */
  timeout: z.optional(timeoutSchema()),
  /** Retry policy for this call; `false` disables retries. Default: the client's. */
  retry: z.optional(retrySchema()),
}));

/** The options of an operation that takes no others. */
export const callOptionsSchema = /* @__PURE__ */ lazy(() => z.strictObject(callOptionsShape()));

/** Per-call options accepted by every operation. */
export type CallOptions = OptionsOf<typeof callOptionsShape>;

/**
 * The options of an operation: those of its own shape, and the per-call ones. An intersection
 * rather than one merged shape, so that each option's TSDoc comes from where it is declared, in
 * every package's `.d.ts`.
 *
 * @typeParam F - The operation's lazy option shape (`typeof startArchiveShape`).
 */
export type OperationOptions<F extends () => z.core.$ZodLooseShape> = OptionsOf<F> & CallOptions;

/** The strict schema of an operation's options: the per-call ones and those of `shape`. */
export function operationSchema<S extends z.core.$ZodLooseShape>(shape: S) {
  return strictObject({ ...callOptionsShape(), ...shape });
}

/** Picks the per-call options out of an operation's parsed options, to spread into its request. */
export function callOptions(options: CallOptions): CallOptions {
  return { signal: options.signal, timeout: options.timeout, retry: options.retry };
}

/** Parses the options of an operation that takes only the per-call ones. */
export function parseCallOptions(options: unknown): CallOptions {
  return callOptions(parseOptions(callOptionsSchema(), options));
}
