// The adapter for a web-standard `Request` (Workers, Deno, Bun, Next.js route handlers, Hono …).
import { CallbackParseError } from './errors.js';
import { checkOptions, type CallbackHandlerOptions } from './options.js';
import { failure, limitOf, NOT_POST, receive, tooLarge, type Answer } from './receive.js';

/** The body, or undefined when it is larger than `limit` bytes (read no further). */
async function readBody(request: Request, limit: number): Promise<Uint8Array | undefined> {
  if (Number(request.headers.get('content-length')) > limit) return undefined;
  const reader = request.body?.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) return new Uint8Array(await new Blob(chunks).arrayBuffer());
    total += chunk.value.byteLength;
    if (total > limit) {
      await reader!.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(chunk.value);
  }
}

const toResponse = ({ status, body, headers }: Answer): Response =>
  new Response(body ? JSON.stringify(body) : null, { status, headers: body ? { ...headers, 'content-type': 'application/json' } : headers });

/**
 * Receives a callback from a web-standard `Request` and answers it: verifies it like
 * `verifyCallback`, calls `onEvent` with the typed event, and resolves to the `Response` to send —
 * 204 once `onEvent` resolved (and for a duplicate refused by `seen`), 400 for a malformed
 * callback, 401 for one that failed verification, 503 for an unsigned one (the service retries),
 * 405 for a method other than POST, 413 for a body over `maxBodyBytes`, 500 when the options are
 * wrong or `onEvent` threw (so the service delivers it again: make `onEvent` idempotent). Never
 * rejects; `onError` is told why a callback was not answered 2xx.
 */
export async function handleCallback(request: Request, options: CallbackHandlerOptions): Promise<Response> {
  try {
    checkOptions(options, true);
  } catch (error) {
    return toResponse(failure(error, (options as Partial<CallbackHandlerOptions> | undefined)?.onError));
  }
  if (request.method !== 'POST') return toResponse(NOT_POST);
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readBody(request, limitOf(options));
  } catch {
    return toResponse(failure(new CallbackParseError('', 'the body could not be read'), options.onError));
  }
  return toResponse(bytes ? await receive(bytes, request.headers.get('authorization'), options) : tooLarge(options));
}
