import {
  asObject,
  callOptions,
  checkId,
  checkBoolean,
  checkKeys,
  checkObject,
  checkOneOf,
  checkString,
  checkStringArray,
  optional,
  pathSegment,
  projectPath,
  readString,
  VideoValidationError,
  type CallOptions,
  type VideoClient,
} from '@video/core';
import { checkHeaders } from './checks.js';

/** Sample rates of the L16 audio, in Hz. */
export const AUDIO_RATES = [8000, 16000, 24000] as const;
export type AudioRate = (typeof AUDIO_RATES)[number];

/**
 * How audio is framed on the WebSocket. Sent with snake_case keys (`audio_field`,
 * `receive_audio_field`, `static_fields`), as the API expects.
 */
export interface AudioTransport {
  /** `'binary'` (raw L16 frames, the API's default) or `'json'` (base64 audio inside JSON messages). */
  transport: 'binary' | 'json';
  /** Encoding of the audio in JSON messages. */
  encoding?: 'base64';
  /** JSON field that carries the audio sent to your server (the API's default: `audio`). */
  audioField?: string;
  /** JSON field that carries the audio your server sends back (bidirectional). Default: `audioField`. */
  receiveAudioField?: string;
  /** Extra fields added to every JSON message, sent exactly as given. */
  staticFields?: Record<string, unknown>;
}

/** Options of {@link websocketConnect}. */
export interface WebsocketConnectOptions extends CallOptions {
  /** A client token for the session; its connection data labels the connector's connection. */
  token: string;
  /** Your WebSocket server: `ws://` or `wss://`, 15–2048 characters. */
  uri: string;
  /** Stream IDs whose audio is sent. Default: all streams. */
  streams?: readonly string[];
  /** Headers sent to your server when connecting; names and values at most 512 bytes in total. */
  headers?: Record<string, string>;
  /** Sample rate of the L16 audio, in Hz. */
  audioRate?: AudioRate;
  /** Also publish the audio your server sends back into the session. */
  bidirectional?: boolean;
  /** How audio is framed on the WebSocket. Default: binary frames. */
  audioTransport?: AudioTransport;
}

/** A running Audio Connector. */
export interface AudioConnection {
  /** The connector ID, for {@link websocketDisconnect}. */
  id: string;
  /** Its connection in the session; force-disconnecting it also stops the connector. */
  connectionId: string;
}

const KEYS = ['token', 'uri', 'streams', 'headers', 'audioRate', 'bidirectional', 'audioTransport'];
const MAX_HEADER_BYTES = 512;

function readHeaders(value: unknown): Record<string, string> {
  const headers = checkHeaders(value, 'headers');
  const encoder = new TextEncoder();
  const bytes = Object.entries(headers).reduce((n, [k, v]) => n + encoder.encode(k).length + encoder.encode(v).length, 0);
  if (bytes > MAX_HEADER_BYTES) {
    throw new VideoValidationError('headers', `must be at most ${MAX_HEADER_BYTES} bytes in total (names and values), got ${bytes}`);
  }
  return headers;
}

/** The `audioTransport` object in its wire form (§5.10: snake_case keys). */
function readTransport(value: unknown): Record<string, unknown> {
  const t = checkObject(value, 'audioTransport');
  checkKeys(t, 'audioTransport', ['transport', 'encoding', 'audioField', 'receiveAudioField', 'staticFields']);
  return {
    transport: checkOneOf(t.transport, 'audioTransport.transport', ['binary', 'json'] as const),
    encoding: optional(t.encoding, (v) => checkOneOf(v, 'audioTransport.encoding', ['base64'] as const)),
    audio_field: optional(t.audioField, (v) => checkString(v, 'audioTransport.audioField')),
    receive_audio_field: optional(t.receiveAudioField, (v) => checkString(v, 'audioTransport.receiveAudioField')),
    static_fields: optional(t.staticFields, (v) => checkObject(v, 'audioTransport.staticFields')),
  };
}

/**
 * Starts an Audio Connector: the session's audio streams to your WebSocket server as L16 PCM
 * (routed sessions only; a relayed one gives a `ConflictError`). Your server must accept the
 * connection within 6 seconds. Not retried after an ambiguous failure, so a failed call cannot
 * leave two connectors behind.
 */
export async function websocketConnect(
  client: VideoClient,
  sessionId: string,
  options: WebsocketConnectOptions,
): Promise<AudioConnection> {
  const call = callOptions(checkObject(options, 'options'), KEYS);
  const json = {
    sessionId: checkId(sessionId, 'sessionId'),
    token: checkString(options.token, 'token'),
    websocket: {
      uri: checkString(options.uri, 'uri', {
        min: 15,
        max: 2048,
        pattern: /^wss?:\/\/\S+$/i,
        patternHint: 'must be a ws:// or wss:// URL',
      }),
      streams: optional(options.streams, (v) => checkStringArray(v, 'streams')),
      headers: optional(options.headers, readHeaders),
      audioRate: optional(options.audioRate, (v) => checkOneOf(v, 'audioRate', AUDIO_RATES)),
      bidirectional: optional(options.bidirectional, (v) => checkBoolean(v, 'bidirectional')),
      audioTransport: optional(options.audioTransport, readTransport),
    },
  };
  const res = await client.request({
    operation: 'websocketConnect',
    method: 'POST',
    path: projectPath(client, 'connect'),
    json,
    idempotent: false,
    ...call,
  });
  const raw = asObject(res.body);
  return { id: readString(raw, 'id') ?? '', connectionId: readString(raw, 'connectionId') ?? '' };
}

/**
 * Stops an Audio Connector, by the `id` that {@link websocketConnect} returned; its connection
 * leaves the session. Throws a `NotFoundError` when no such connector is running.
 */
export async function websocketDisconnect(client: VideoClient, connectorId: string, options: CallOptions = {}): Promise<void> {
  const path = projectPath(client, 'connect', pathSegment(connectorId, 'connectorId'), 'stop');
  await client.request({
    operation: 'websocketDisconnect',
    method: 'POST',
    path,
    expect: 'none',
    idempotent: true,
    ...callOptions(options),
  });
}
