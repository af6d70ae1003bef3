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
  /** The signal's type, which clients can filter on (at most 128 bytes). */
  type?: string;
  /** The payload (at most 8192 bytes). */
  data: string;
  /** Send to this connection only; default: every client in the session. */
  connectionId?: string;
}

const MAX_TYPE_BYTES = 128;
const MAX_DATA_BYTES = 8192;
const bytes = (text: string) => new TextEncoder().encode(text).length;

/**
 * Sends a signal to every client of a session, or to one connection. Clients receive it with an
 * empty `from`. Safe to retry: a repeated signal cannot create anything.
 */
export async function signal(client: VideoClient, sessionId: string, options: SignalOptions): Promise<void> {
  const call = callOptions(checkObject(options, 'options'), ['type', 'data', 'connectionId']);
  const type = optional(options.type, (v) => checkString(v, 'type'));
  const data = checkString(options.data, 'data', { min: 0 });
  if (type !== undefined && bytes(type) > MAX_TYPE_BYTES) {
    throw new VideoValidationError('type', `must be at most ${MAX_TYPE_BYTES} bytes`);
  }
  if (bytes(data) > MAX_DATA_BYTES) throw new VideoValidationError('data', `must be at most ${MAX_DATA_BYTES} bytes`);
  const session = pathSegment(sessionId, 'sessionId');
  const path =
    options.connectionId === undefined
      ? projectPath(client, 'session', session, 'signal')
      : projectPath(client, 'session', session, 'connection', pathSegment(options.connectionId, 'connectionId'), 'signal');
  await client.request({
    operation: 'signal',
    method: 'POST',
    path,
    json: type === undefined ? { data } : { type, data },
    expect: 'none',
    idempotent: true,
    ...call,
  });
}
