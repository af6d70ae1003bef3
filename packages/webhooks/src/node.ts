// `@video/webhooks/node`: the adapter for Node's http server and Express (or any framework whose
// handlers get Node's request and response). Kept off the main entry, which must load on every
// runtime; it imports no `node:` module itself, only Node's types.
/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallbackParseError, VideoValidationError } from './errors.js';
import { checkOptions, type CallbackHandlerOptions } from './options.js';
import { failure, limitOf, NOT_POST, receive, tooLarge, type Answer } from './receive.js';

export type { CallbackHandlerOptions, VerifiedCallbackEvent } from './options.js';

/** A request as a framework may leave it: Express puts a parsed body on `body`. */
type FrameworkRequest = IncomingMessage & { body?: unknown; rawBody?: unknown; _body?: unknown };

const RAW_BODY_NEEDED =
  'was already parsed as JSON by a body parser (express.json() or similar), and the signature covers the raw bytes: ' +
  "mount the callback route before express.json(), or give it express.raw({ type: 'application/json' }), " +
  'or keep the raw bytes with express.json({ verify: (req, _res, buf) => { req.rawBody = buf } })';

const isRaw = (value: unknown): value is string | Uint8Array => typeof value === 'string' || value instanceof Uint8Array;
const toBytes = (value: string | Uint8Array): Uint8Array => (typeof value === 'string' ? new TextEncoder().encode(value) : value);

/** The raw body: kept by a body parser, else read from the stream (undefined when over `limit`). */
function readBody(req: FrameworkRequest, limit: number): Promise<Uint8Array | undefined> {
  if (isRaw(req.rawBody)) return Promise.resolve(toBytes(req.rawBody));
  if (isRaw(req.body)) return Promise.resolve(toBytes(req.body));
  if (req.readableEnded || req._body === true) {
    const reason = req.body === undefined ? 'was already read by another middleware: the raw body is needed' : RAW_BODY_NEEDED;
    return Promise.reject(new VideoValidationError('body', reason));
  }
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const onData = (chunk: Uint8Array) => {
      total += chunk.byteLength;
      if (total > limit) {
        // Keep no more: the rest of the body flows on and is dropped.
        req.removeListener('data', onData).removeListener('end', onEnd).on('data', () => undefined);
        resolve(undefined);
      } else chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData).once('end', onEnd).once('error', () => reject(new CallbackParseError('', 'the body could not be read')));
  });
}

function send(res: ServerResponse, { status, body, headers = {} }: Answer): void {
  if (res.headersSent) return;
  res.writeHead(status, body ? { ...headers, 'content-type': 'application/json' } : headers);
  res.end(body ? JSON.stringify(body) : undefined);
}

/**
 * A request handler for Node's `http` server and Express that receives callbacks: it reads the
 * raw body itself (at most `maxBodyBytes`, default 1 MiB; 413 beyond), verifies it like
 * `verifyCallback`, calls `onEvent` with the typed event, and answers — 204 once `onEvent`
 * resolved (and for a duplicate refused by `seen`), 400 for a malformed callback, 401 for one
 * that failed verification, 503 for an unsigned one (the service retries), 405 for a method
 * other than POST, 500 when `onEvent` threw (the service delivers it again: make it idempotent)
 * or the raw body is gone.
 *
 * Mount it before `express.json()`, or on a route with `express.raw({ type: 'application/json' })`:
 * a body already parsed as JSON cannot be verified (answered 500, `onError` says how to fix it).
 * A raw body kept by a parser on `req.rawBody` (string or bytes) is used. Options are checked
 * when it is created: a wrong one throws a `VideoValidationError` at start-up.
 */
export function callbackMiddleware(options: CallbackHandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  checkOptions(options, true);
  return async (req, res) => {
    if (req.method !== 'POST') return send(res, NOT_POST);
    let bytes: Uint8Array | undefined;
    try {
      bytes = await readBody(req as FrameworkRequest, limitOf(options));
    } catch (error) {
      return send(res, failure(error, options.onError));
    }
    if (!bytes) return send(res, { ...tooLarge(options), headers: { connection: 'close' } });
    send(res, await receive(bytes, req.headers.authorization, options));
  };
}
