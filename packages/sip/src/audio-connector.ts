import type { CallOptions, VideoClient } from '@video/core';
import {
  asObject,
  callOptions,
  checkId,
  lazy,
  operationSchema,
  parseCallOptions,
  parseOptions,
  parseValue,
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
/** The audio sample rate of a WebSocket connection, in Hz. */
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
  /** Sample rate of the L16 audio, in Hz: 8000, 16000 or 24000. */
  audioRate: z.optional(z.literal(AUDIO_RATES)),
  /** Also publish the audio your server sends back into the session. */
  bidirectional: z.optional(z.boolean()),
  /** How audio is framed on the WebSocket. Default: binary frames. */
  audioTransport: z.optional(strictObject(audioTransportShape())),
  /**
   * The connector survives a session migration (see `migrateSession` in `@video/sessions`) instead
   * of being disconnected. Sent as a top-level `sessionMigration` field of the request body: the
   * Vonage guide names the field but the API reference does not document it, so that placement is
   * this SDK's reading, not confirmed.
   */
  sessionMigration: z.optional(z.boolean()),
}));
const websocketConnectSchema = /* @__PURE__ */ lazy(() => operationSchema(websocketConnectShape()));

/** Options of {@link websocketConnect}. */
export type WebsocketConnectOptions = OperationOptions<typeof websocketConnectShape>;

/** A running Audio Connector. Pass it, as it is, to {@link websocketDisconnect}. */
export interface AudioConnection {
  /** The connector ID. */
  id: string;
  /** Its connection in the session: force-disconnecting it stops the connector. */
  connectionId: string;
  /** The session it streams. */
  sessionId: string;
}

/**
 * Reads an Audio Connector from the API (`{id, connectionId}`); `sessionId` is the session it was
 * started in. Throws an `InvalidResponseError` naming `operation` when `id` or `connectionId` is
 * missing: without its connection the connector could not be stopped.
 */
function toAudioConnection(raw: Raw, sessionId: string, operation: string, response: { status: number; requestId?: string }): AudioConnection {
  return {
    id: readId(raw, 'id', operation, response),
    connectionId: readId(raw, 'connectionId', operation, response),
    sessionId: readString(raw, 'sessionId') ?? sessionId,
  };
}

/**
 * Starts an Audio Connector: the session's audio streams to your WebSocket server as L16 PCM
 * (routed sessions only). Your server must accept the connection within 6 seconds. The connector
 * joins the session as a connection of its own; stop it with {@link websocketDisconnect}.
 *
 * Errors: `VideoValidationError` (bad options, before any request); `ConflictError` (409) for a
 * relayed session; `NotFoundError` (404) for an unknown session; `InvalidRequestError` (400) for a
 * request the API rejects (an invalid token, say); `InvalidResponseError` when a 2xx answer lacks
 * the connector's `id` or `connectionId`.
 *
 * Never repeated after an ambiguous failure (timeout, dropped connection, 500/502/504), so a failed
 * call cannot leave two connectors behind; 429 and 503 (the request was not processed) are retried.
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
  const path = projectPath(client, 'connect');
  const res = await client.request({
    operation: 'websocketConnect',
    method: 'POST',
    path,
    json: { sessionId: session, token: o.token, sessionMigration: o.sessionMigration, websocket },
    idempotent: false,
    ...callOptions(o),
  });
  return toAudioConnection(asObject(res.body), session, 'websocketConnect', res);
}

const CONNECTOR_RULE = 'must be the Audio Connector that websocketConnect returned ({ sessionId, connectionId, … }), not its ID';

/** The two IDs that name a connector's connection. Other properties (its `id` …) are ignored. */
const connectorSchema = /* @__PURE__ */ lazy(() =>
  z.object({ sessionId: z.string(), connectionId: z.string() }, { error: CONNECTOR_RULE }),
);

/**
 * Stops an Audio Connector: it force-disconnects the connector's connection with
 * `DELETE /v2/project/{key}/session/{sessionId}/connection/{connectionId}`, the documented way to
 * end one (the API has no working stop route for connectors). Pass the object
 * {@link websocketConnect} returned (any object with its `sessionId` and `connectionId` will do).
 *
 * Errors: `VideoValidationError` when `connector` is not such an object or an ID is empty or
 * contains `/`, `?`, `#` or `..` (before any request); `NotFoundError` (404) when the connection is
 * not in the session, which means the connector was already gone (stopped before, or ended on its
 * own), or when the session is unknown; `InvalidRequestError` (400) for an ID the API rejects.
 *
 * Retried after an ambiguous failure like every DELETE; a retry whose first attempt did stop the
 * connector therefore ends in a `NotFoundError`, which means the same: it is gone.
 */
export async function websocketDisconnect(
  client: VideoClient,
  connector: Pick<AudioConnection, 'sessionId' | 'connectionId'>,
  options: CallOptions = {},
): Promise<void> {
  const ids = parseValue(connectorSchema(), connector, 'connector');
  const call = parseCallOptions(options);
  const path = projectPath(
    client,
    'session',
    pathSegment(ids.sessionId, 'connector.sessionId'),
    'connection',
    pathSegment(ids.connectionId, 'connector.connectionId'),
  );
  await client.request({ operation: 'websocketDisconnect', method: 'DELETE', path, expect: 'none', ...call });
}
