import {
  callOptions,
  checkObject,
  checkString,
  optional,
  pathSegment,
  projectPath,
  VideoValidationError,
  type CallOptions,
  type VideoClient,
} from '@video/core';

/** Options of {@link signal}. */
export interface SignalOptions extends CallOptions {
  /**
   * The signal's type, which clients can listen for (`signal:<type>`); at most 128 bytes of
   * UTF-8. Default `''` (clients get it as a plain `signal` event).
   */
  type?: string;
  /** The payload, at most 8192 bytes of UTF-8 (may be empty). */
  data: string;
  /** Send to this connection only; default: every client connected to the session. */
  connectionId?: string;
}

/** Limits of §5.5, in UTF-8 bytes (not characters). */
export const MAX_SIGNAL_TYPE_BYTES = 128;
export const MAX_SIGNAL_DATA_BYTES = 8192;

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

/**
 * Sends a signal to every client of a session, or to one connection (`POST …/signal`). Clients
 * receive it with an empty `from`. Not retried after a 5xx or a dropped connection, since clients
 * could then receive it twice.
 */
export async function signal(client: VideoClient, sessionId: string, options: SignalOptions): Promise<void> {
  const call = callOptions(checkObject(options, 'options'), ['type', 'data', 'connectionId']);
  const session = pathSegment(sessionId, 'sessionId');
  const connection = optional(options.connectionId, (v) => pathSegment(v, 'connectionId'));
  const type = optional(options.type, (v) => checkString(v, 'type', { min: 0 })) ?? '';
  const data = checkString(options.data, 'data', { min: 0 });
  if (utf8Length(type) > MAX_SIGNAL_TYPE_BYTES) {
    throw new VideoValidationError('type', `must be at most ${MAX_SIGNAL_TYPE_BYTES} bytes of UTF-8`);
  }
  if (utf8Length(data) > MAX_SIGNAL_DATA_BYTES) {
    throw new VideoValidationError('data', `must be at most ${MAX_SIGNAL_DATA_BYTES} bytes of UTF-8`);
  }
  const path =
    connection === undefined
      ? projectPath(client, 'session', session, 'signal')
      : projectPath(client, 'session', session, 'connection', connection, 'signal');
  // The API expects both fields (the Vonage SDKs require them, PHP sends '' for a missing type).
  await client.request({ operation: 'signal', method: 'POST', path, json: { type, data }, expect: 'none', ...call });
}
