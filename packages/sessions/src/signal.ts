import type { VideoClient } from '@video/core';
import { callOptions, lazy, operationSchema, parseOptions, pathSegment, projectPath, type OperationOptions } from '@video/core/toolkit';
import * as z from 'zod/mini';

/** Limits of §5.5, in UTF-8 bytes (not characters). */
export const MAX_SIGNAL_TYPE_BYTES = 128;
/** The largest signal `data` the API accepts: 8 KB of UTF-8. */
export const MAX_SIGNAL_DATA_BYTES = 8192;

const encoder = new TextEncoder();
const maxBytes = (max: number) => z.refine<string>((text) => encoder.encode(text).length <= max, { message: `must be at most ${max} bytes of UTF-8` });

const signalShape = /* @__PURE__ */ lazy(() => ({
  /**
   * The signal's type, which clients can listen for (`signal:<type>`); at most 128 bytes of
   * UTF-8. Default `''` (clients get it as a plain `signal` event).
   */
  type: z.optional(z.string().check(maxBytes(MAX_SIGNAL_TYPE_BYTES))),
  /** The payload, at most 8192 bytes of UTF-8 (may be empty). */
  data: z.string().check(maxBytes(MAX_SIGNAL_DATA_BYTES)),
  /** Send to this connection only; default: every client connected to the session. */
  connectionId: z.optional(z.string()),
}));
const signalSchema = /* @__PURE__ */ lazy(() => operationSchema(signalShape()));

/** Options of {@link signal}. */
export type SignalOptions = OperationOptions<typeof signalShape>;

/**
 * Sends a signal to every client of a session, or to one connection (`POST …/signal`). Clients
 * receive it with an empty `from`. Not retried after a 5xx or a dropped connection, since clients
 * could then receive it twice.
 */
export async function signal(client: VideoClient, sessionId: string, options: SignalOptions): Promise<void> {
  const o = parseOptions(signalSchema(), options);
  const session = pathSegment(sessionId, 'sessionId');
  const path =
    o.connectionId === undefined
      ? projectPath(client, 'session', session, 'signal')
      : projectPath(client, 'session', session, 'connection', pathSegment(o.connectionId, 'connectionId'), 'signal');
  // The API expects both fields (the Vonage SDKs require them, PHP sends '' for a missing type).
  await client.request({ operation: 'signal', method: 'POST', path, json: { type: o.type ?? '', data: o.data }, expect: 'none', ...callOptions(o) });
}
