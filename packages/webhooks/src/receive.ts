// What both adapters do with a body they have read: verify, parse, run the handler, and decide
// the HTTP answer. Statuses: 204 once the handler resolved (also for a duplicate refused by
// `seen`, so the service stops retrying it); 400 for a malformed callback; 401 for a callback
// that failed verification; 503 for one without a signature (the service retries those, signed);
// 413 for a body over `maxBodyBytes`; 500 for a configuration mistake or a handler that threw,
// so that the service retries.
import { CallbackParseError, CallbackVerificationError, VideoValidationError } from './errors.js';
import { DEFAULT_MAX_BODY_BYTES, type CallbackHandlerOptions } from './options.js';
import { verifyBytes } from './verify.js';

/** The HTTP answer to a callback: a status, and an error body for statuses other than 204. */
export interface Answer {
  status: number;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export const NOT_POST: Answer = { status: 405, body: { error: 'method_not_allowed' }, headers: { allow: 'POST' } };

export const limitOf = (options: CallbackHandlerOptions): number => options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

/** Tells `onError` (whose own failures are ignored: a logging hook must not change the answer). */
function tell(onError: unknown, error: unknown): void {
  try {
    if (typeof onError === 'function') Promise.resolve(onError(error)).catch(() => undefined);
  } catch {
    // ignored
  }
}

/** The answer to a failure, after telling `onError`. */
export function failure(error: unknown, onError: unknown): Answer {
  tell(onError, error);
  if (error instanceof CallbackVerificationError) {
    return { status: error.status!, body: { error: error.code, reason: error.reason }, headers: error.status === 503 ? { 'retry-after': '60' } : {} };
  }
  if (error instanceof CallbackParseError) return { status: 400, body: { error: error.code, field: error.field } };
  return { status: 500, body: { error: error instanceof VideoValidationError ? 'misconfigured_receiver' : 'handler_failed' } };
}

/** The answer to a body larger than `maxBodyBytes`. */
export function tooLarge(options: CallbackHandlerOptions): Answer {
  tell(options.onError, new CallbackParseError('', `the body is larger than maxBodyBytes (${limitOf(options)} bytes)`));
  return { status: 413, body: { error: 'payload_too_large' } };
}

/** Verifies and handles a callback whose body has been read. */
export async function receive(bytes: Uint8Array, authorization: unknown, options: CallbackHandlerOptions): Promise<Answer> {
  let event;
  try {
    event = await verifyBytes(bytes, authorization, options);
  } catch (error) {
    if (error instanceof CallbackVerificationError && error.reason === 'replayed') return { status: 204 };
    return failure(error, options.onError);
  }
  try {
    await options.onEvent(event);
  } catch (error) {
    return failure(error, options.onError);
  }
  return { status: 204 };
}
