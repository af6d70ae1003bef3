import type { CallOptions, VideoClient } from '@video/core';
import {
  asObject,
  callOptions,
  checkId,
  lazy,
  operationSchema,
  parseCallOptions,
  parseOptions,
  pathSegment,
  projectPath,
  readId,
  readString,
  strictObject,
  type OperationOptions,
  type OptionsOf,
  type Raw,
} from '@video/core/toolkit';
import * as z from 'zod/mini';
import { headerBytes, headerNameSchema, headersSchema } from './checks.js';

/** Sample rates of the L16 audio, in Hz. */
export const AUDIO_RATES = [8000, 16000, 24000] as const;
export type AudioRate = (typeof AUDIO_RATES)[number];

const MAX_HEADER_BYTES = 512;

/** Headers for the WebSocket handshake: token-character names, at most 512 bytes in all. */
const connectorHeadersSchema = /* @__PURE__ */ lazy(() =>
  headersSchema(headerNameSchema()).check(
    z.superRefine((headers, ctx) => {
      const bytes = headerBytes(headers);
      if (bytes > MAX_HEADER_BYTES) {
        ctx.issues.push({ code: 'custom', input: headers, message: `must be at most ${MAX_HEADER_BYTES} bytes in total (names and values), got ${bytes}` });
      }
    }),
  ),
);

// Sent with snake_case keys (`audio_field`, `receive_audio_field`, `static_fields`), as the API
// expects.
const audioTransportShape = /* @__PURE__ */ lazy(() => ({
  /** `'binary'` (raw L16 frames, the API's default) or `'json'` (base64 audio inside JSON messages). */
  transport: z.enum(['binary', 'json']),
  /** Encoding of the audio in JSON messages. */
  encoding: z.optional(z.enum(['base64'])),
  /** JSON field that carries the audio sent to your server (the API's default: `audio`). */
  audioField: z.optional(z.string().check(z.minLength(1))),
  /** JSON field that carries the audio your server sends back (bidirectional). Default: `audioField`. */
  receiveAudioField: z.optional(z.string().check(z.minLength(1))),
  /** Extra fields added to every JSON message, sent exactly as given. */
  staticFields: z.optional(z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), { error: 'must be an object' })),
}));

/** How audio is framed on the WebSocket (see {@link WebsocketConnectOptions}). */
export type AudioTransport = OptionsOf<typeof audioTransportShape>;

const websocketConnectShape = /* @__PURE__ */ lazy(() => ({
  /** A client token for the session; its connection data labels the connector's connection. */
  token: z.string().check(z.minLength(1)),
  /** Your WebSocket server: `ws://` or `wss://`, 15–2048 characters. */
  uri: z.string().check(z.minLength(15), z.maxLength(2048), z.regex(/^wss?:\/\/\S+$/i, { error: 'must be a ws:// or wss:// URL' })),
  /** Stream IDs whose audio is sent. Default: all streams. */
  streams: z.optional(z.readonly(z.array(z.string().check(z.minLength(1))))),
  /** Headers sent to your server when connecting; names and values at most 512 bytes in total. */
  headers: z.optional(connectorHeadersSchema()),
  /** Sample rate of the L16 audio, in Hz. */
  audioRate: z.optional(z.literal(AUDIO_RATES)),
  /** Also publish the audio your server sends back into the session. */
  bidirectional: z.optional(z.boolean()),
  /** How audio is framed on the WebSocket. Default: binary frames. */
  audioTransport: z.optional(strictObject(audioTransportShape())),
}));
const websocketConnectSchema = /* @__PURE__ */ lazy(() => operationSchema(websocketConnectShape()));

/** Options of {@link websocketConnect}. */
export type WebsocketConnectOptions = OperationOptions<typeof websocketConnectShape>;

/** A running Audio Connector. */
export interface AudioConnection {
  /** The connector ID, for {@link websocketDisconnect}. */
  id: string;
  /** Its connection in the session; force-disconnecting it also stops the connector. */
  connectionId: string;
}

/** Reads an Audio Connector from the API; throws an `InvalidResponseError` naming `operation` when it has no `id`. */
function toAudioConnection(raw: Raw, operation = 'toAudioConnection', response?: { status: number; requestId?: string }): AudioConnection {
  return { id: readId(raw, 'id', operation, response), connectionId: readString(raw, 'connectionId') ?? '' };
}

/**
 * Starts an Audio Connector: the session's audio streams to your WebSocket server as L16 PCM
 * (routed sessions only; a relayed one gives a `ConflictError`). Your server must accept the
 * connection within 6 seconds. Not retried after an ambiguous failure, so a failed call cannot
 * leave two connectors behind.
 */
export async function websocketConnect(client: VideoClient, sessionId: string, options: WebsocketConnectOptions): Promise<AudioConnection> {
  const o = parseOptions(websocketConnectSchema(), options);
  const session = checkId(sessionId, 'sessionId');
  const t = o.audioTransport;
  // The `websocket` object of §5.10; unset options are undefined and so left out.
  const websocket = {
    uri: o.uri,
    streams: o.streams,
    headers: o.headers,
    audioRate: o.audioRate,
    bidirectional: o.bidirectional,
    audioTransport: t && {
      transport: t.transport,
      encoding: t.encoding,
      audio_field: t.audioField,
      receive_audio_field: t.receiveAudioField,
      static_fields: t.staticFields,
    },
  };
  const res = await client.request({
    operation: 'websocketConnect',
    method: 'POST',
    path: projectPath(client, 'connect'),
    json: { sessionId: session, token: o.token, websocket },
    idempotent: false,
    ...callOptions(o),
  });
  return toAudioConnection(asObject(res.body), 'websocketConnect', res);
}

/**
 * Stops an Audio Connector, by the `id` that {@link websocketConnect} returned; its connection
 * leaves the session. Throws a `NotFoundError` when no such connector is running.
 */
export async function websocketDisconnect(client: VideoClient, connectorId: string, options: CallOptions = {}): Promise<void> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'connect', pathSegment(connectorId, 'connectorId'), 'stop');
  await client.request({
    operation: 'websocketDisconnect',
    method: 'POST',
    path,
    expect: 'none',
    idempotent: true,
    ...call,
  });
}
