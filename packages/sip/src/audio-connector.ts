import {
  asObject,
  callOptions,
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
  type CallOptions,
  type VideoClient,
} from '@video/core';

/** How audio is framed on the WebSocket. */
export interface AudioTransport {
  /** `'binary'` (raw L16 frames) or `'json'` (base64 audio in JSON messages). */
  transport: 'binary' | 'json';
  encoding?: 'base64';
  /** JSON field that carries outgoing audio. */
  audioField?: string;
  /** JSON field that carries incoming audio (bidirectional). */
  receiveAudioField?: string;
  /** Extra fields added to every JSON message, sent as given. */
  staticFields?: Record<string, unknown>;
}

/** Options of {@link websocketConnect}. */
export interface WebsocketConnectOptions extends CallOptions {
  /** A client token for the session. */
  token: string;
  /** Your WebSocket server: `ws://` or `wss://`, 15–2048 characters. */
  uri: string;
  /** Only these streams are sent. Default: all. */
  streams?: readonly string[];
  /** Headers sent to your server when connecting. */
  headers?: Record<string, string>;
  /** Sample rate of the L16 audio, in Hz. */
  audioRate?: 8000 | 16000 | 24000;
  /** Also publish the audio your server sends back into the session. */
  bidirectional?: boolean;
  audioTransport?: AudioTransport;
}

/** A running Audio Connector. */
export interface AudioConnection {
  /** The connector ID, for {@link websocketDisconnect}. */
  id: string;
  /** Its connection in the session. */
  connectionId: string;
}

const KEYS = ['token', 'uri', 'streams', 'headers', 'audioRate', 'bidirectional', 'audioTransport'];

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
 * (routed sessions only). Your server must accept the connection within 6 seconds.
 */
export async function websocketConnect(client: VideoClient, sessionId: string, options: WebsocketConnectOptions): Promise<AudioConnection> {
  const call = callOptions(checkObject(options, 'options'), KEYS);
  let headers: Record<string, string> | undefined;
  if (options.headers !== undefined) {
    headers = {};
    for (const [name, value] of Object.entries(checkObject(options.headers, 'headers'))) {
      headers[name] = checkString(value, `headers.${name}`, { min: 0 });
    }
  }
  const json = {
    sessionId: checkString(sessionId, 'sessionId'),
    token: checkString(options.token, 'token'),
    websocket: {
      uri: checkString(options.uri, 'uri', {
        min: 15,
        max: 2048,
        pattern: /^wss?:\/\/\S+$/i,
        patternHint: 'must be a ws:// or wss:// URL',
      }),
      streams: optional(options.streams, (v) => checkStringArray(v, 'streams')),
      headers,
      audioRate: optional(options.audioRate, (v) => checkOneOf(v, 'audioRate', [8000, 16000, 24000] as const)),
      bidirectional: optional(options.bidirectional, (v) => checkBoolean(v, 'bidirectional')),
      audioTransport: optional(options.audioTransport, readTransport),
    },
  };
  const res = await client.request({ operation: 'websocketConnect', method: 'POST', path: projectPath(client, 'connect'), json, ...call });
  const raw = asObject(res.body);
  return { id: readString(raw, 'id') ?? '', connectionId: readString(raw, 'connectionId') ?? '' };
}

/** Stops an Audio Connector (by the `id` that {@link websocketConnect} returned). */
export async function websocketDisconnect(client: VideoClient, connectorId: string, options: CallOptions = {}): Promise<void> {
  const path = projectPath(client, 'connect', pathSegment(connectorId, 'connectorId'), 'stop');
  await client.request({ operation: 'websocketDisconnect', method: 'POST', path, expect: 'none', idempotent: true, ...callOptions(options) });
}
