import type { VideoClient } from '@video/core';
import {
  integer,
  layoutSchema,
  lazy,
  operationSchema,
  resolutionSchema,
  startInSession,
  streamModeSchema,
  strictObject,
  type OperationOptions,
  type OptionsOf,
} from '@video/core/toolkit';
import * as z from 'zod/mini';
import { toBroadcast, type Broadcast } from './broadcast.js';

const MAX_RTMP = 5;

const notBlank = () => z.string().check(z.regex(/\S/, { error: 'must not be blank' }));

const hlsShape = /* @__PURE__ */ lazy(() => ({
  /** Keep the stream seekable for up to 2 hours (the playlist URL then ends in `?DVR`). Not with `lowLatency`. */
  dvr: z.optional(z.boolean()),
  /** Lower latency, at the cost of resilience. Not with `dvr`. */
  lowLatency: z.optional(z.boolean()),
}));

/** HLS output of a broadcast. `{}` enables it with defaults; `dvr` and `lowLatency` cannot both be true. */
export type BroadcastHlsOptions = OptionsOf<typeof hlsShape>;

const rtmpTargetShape = /* @__PURE__ */ lazy(() => ({
  /** Your label for the target, echoed in the broadcast's `broadcastUrls.rtmp`. */
  id: z.optional(notBlank()),
  /** The server's URL, e.g. `'rtmps://a.rtmp.youtube.com/live2'`. */
  serverUrl: notBlank(),
  /** The stream name (often the stream key) on that server. */
  streamName: notBlank(),
}));

/** One RTMP or RTMPS destination of a broadcast. */
export type RtmpTargetOptions = OptionsOf<typeof rtmpTargetShape>;

const outputsShape = /* @__PURE__ */ lazy(() => ({
  /** HLS output. `{}` enables it with defaults. `dvr` and `lowLatency` cannot both be true. */
  hls: z.optional(
    strictObject(hlsShape()).check(z.refine((hls) => !(hls.dvr && hls.lowLatency), { message: 'dvr and lowLatency cannot both be true' })),
  ),
  /** RTMP or RTMPS destinations (at most 5). */
  rtmp: z.optional(z.array(strictObject(rtmpTargetShape())).check(z.maxLength(MAX_RTMP))),
}));

/** Where a broadcast goes: HLS, up to five RTMP(S) servers, or both. */
export type BroadcastOutputs = OptionsOf<typeof outputsShape>;

const startBroadcastShape = /* @__PURE__ */ lazy(() => ({
  /** Required: HLS, RTMP targets, or both. */
  outputs: strictObject(outputsShape(), {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required: give outputs.hls and/or outputs.rtmp' : undefined),
  }).check(z.refine((o) => o.hls !== undefined || (o.rtmp?.length ?? 0) > 0, { message: 'needs hls, at least one rtmp target, or both' })),
  /** Seconds, 60–36 000. The API's default is 14 400 (4 hours). */
  maxDuration: z.optional(integer(60, 36_000)),
  /** Bits per second, 100 000–6 000 000. */
  maxBitrate: z.optional(integer(100_000, 6_000_000)),
  /** Default `'640x480'`. */
  resolution: z.optional(resolutionSchema()),
  /** Default `{ type: 'bestFit' }`. */
  layout: z.optional(layoutSchema()),
  /** `'manual'`: choose the streams with `addBroadcastStream`. Default `'auto'`. */
  streamMode: z.optional(streamModeSchema()),
  /** Lets one session have several broadcasts at once; must be unique among them. */
  multiBroadcastTag: z.optional(z.string().check(z.minLength(1))),
  /** Broadcast audio. Default true. */
  hasAudio: z.optional(z.boolean()),
  /** Broadcast video. Default true. */
  hasVideo: z.optional(z.boolean()),
}));
const startBroadcastSchema = /* @__PURE__ */ lazy(() => operationSchema(startBroadcastShape()));

/** Options of {@link startBroadcast}. */
export type StartBroadcastOptions = OperationOptions<typeof startBroadcastShape>;

/**
 * Starts a live-streaming broadcast of a session (routed, with a connected client) to HLS and/or
 * up to five RTMP(S) servers.
 *
 * Errors: `VideoValidationError` (bad options, before any request); `ConflictError` (409) when the
 * session is relayed or a broadcast is already running (give a new `multiBroadcastTag` to start
 * another); `InvalidRequestError` (400) when the API rejects the request (e.g. no connected
 * client); `NotFoundError` (404) for an unknown session.
 *
 * Never repeated after an ambiguous failure (timeout, dropped connection, 500/502/504), so a failed
 * call cannot start two broadcasts; 429 and 503 (the request was not processed) are retried.
 */
export async function startBroadcast(client: VideoClient, sessionId: string, options: StartBroadcastOptions): Promise<Broadcast> {
  // Without options, the missing `outputs` is what to report.
  const res = await startInSession(client, 'startBroadcast', 'broadcast', startBroadcastSchema(), sessionId, options === undefined ? {} : options);
  return toBroadcast(res.body, 'startBroadcast');
}
