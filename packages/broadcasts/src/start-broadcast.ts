import {
  asObject,
  callOptions,
  checkBoolean,
  checkInteger,
  checkKeys,
  checkLayout,
  checkObject,
  checkOneOf,
  checkString,
  optional,
  projectPath,
  RESOLUTIONS,
  STREAM_MODES,
  VideoValidationError,
  type CallOptions,
  type Layout,
  type Resolution,
  type StreamMode,
  type VideoClient,
} from '@video/core';
import { toBroadcast, type Broadcast } from './broadcast.js';

/** Where a broadcast goes: HLS, up to five RTMP(S) servers, or both. */
export interface BroadcastOutputs {
  /** HLS output. `{}` enables it with defaults. `dvr` and `lowLatency` cannot both be true. */
  hls?: { dvr?: boolean; lowLatency?: boolean };
  /** RTMP or RTMPS destinations (at most 5). */
  rtmp?: { id?: string; serverUrl: string; streamName: string }[];
}

/** Options of {@link startBroadcast}. */
export interface StartBroadcastOptions extends CallOptions {
  /** Required: HLS, RTMP targets, or both. */
  outputs: BroadcastOutputs;
  /** Seconds, 60–36 000. The API's default is 14 400 (4 hours). */
  maxDuration?: number;
  /** Bits per second, 100 000–6 000 000. */
  maxBitrate?: number;
  /** Default `'640x480'`. */
  resolution?: Resolution;
  /** Default `{ type: 'bestFit' }`. */
  layout?: Layout;
  /** `'manual'`: choose the streams with `addBroadcastStream`. Default `'auto'`. */
  streamMode?: StreamMode;
  /** Lets one session have several broadcasts at once; must be unique among them. */
  multiBroadcastTag?: string;
  /** Broadcast audio. Default true. */
  hasAudio?: boolean;
  /** Broadcast video. Default true. */
  hasVideo?: boolean;
}

const KEYS = ['outputs', 'maxDuration', 'maxBitrate', 'resolution', 'layout', 'streamMode', 'multiBroadcastTag', 'hasAudio', 'hasVideo'];
const MAX_RTMP = 5;

function readOutputs(value: unknown): BroadcastOutputs {
  const outputs = checkObject(value, 'outputs');
  checkKeys(outputs, 'outputs', ['hls', 'rtmp']);
  const result: BroadcastOutputs = {};
  if (outputs.hls !== undefined) {
    const hls = checkObject(outputs.hls, 'outputs.hls');
    checkKeys(hls, 'outputs.hls', ['dvr', 'lowLatency']);
    const dvr = optional(hls.dvr, (v) => checkBoolean(v, 'outputs.hls.dvr'));
    const lowLatency = optional(hls.lowLatency, (v) => checkBoolean(v, 'outputs.hls.lowLatency'));
    if (dvr && lowLatency) throw new VideoValidationError('outputs.hls', 'dvr and lowLatency cannot both be true');
    result.hls = { dvr, lowLatency };
  }
  if (outputs.rtmp !== undefined) {
    if (!Array.isArray(outputs.rtmp)) throw new VideoValidationError('outputs.rtmp', 'must be an array');
    if (outputs.rtmp.length > MAX_RTMP) throw new VideoValidationError('outputs.rtmp', `must have at most ${MAX_RTMP} targets`);
    result.rtmp = outputs.rtmp.map((target: unknown, i) => {
      const field = `outputs.rtmp[${i}]`;
      const t = checkObject(target, field);
      checkKeys(t, field, ['id', 'serverUrl', 'streamName']);
      return {
        id: optional(t.id, (v) => checkString(v, `${field}.id`, { pattern: /\S/, patternHint: 'must not be blank' })),
        serverUrl: checkString(t.serverUrl, `${field}.serverUrl`, { pattern: /\S/, patternHint: 'must not be blank' }),
        streamName: checkString(t.streamName, `${field}.streamName`, { pattern: /\S/, patternHint: 'must not be blank' }),
      };
    });
  }
  if (!result.hls && !result.rtmp?.length) {
    throw new VideoValidationError('outputs', 'needs hls, at least one rtmp target, or both');
  }
  return result;
}

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
  if (options === undefined) throw new VideoValidationError('outputs', 'is required: give outputs.hls and/or outputs.rtmp');
  const call = callOptions(options, KEYS);
  const json = {
    sessionId: checkString(sessionId, 'sessionId'),
    outputs: readOutputs(options.outputs),
    maxDuration: optional(options.maxDuration, (v) => checkInteger(v, 'maxDuration', 60, 36_000)),
    maxBitrate: optional(options.maxBitrate, (v) => checkInteger(v, 'maxBitrate', 100_000, 6_000_000)),
    resolution: optional(options.resolution, (v) => checkOneOf(v, 'resolution', RESOLUTIONS)),
    layout: optional(options.layout, (v) => checkLayout(v)),
    streamMode: optional(options.streamMode, (v) => checkOneOf(v, 'streamMode', STREAM_MODES)),
    multiBroadcastTag: optional(options.multiBroadcastTag, (v) => checkString(v, 'multiBroadcastTag')),
    hasAudio: optional(options.hasAudio, (v) => checkBoolean(v, 'hasAudio')),
    hasVideo: optional(options.hasVideo, (v) => checkBoolean(v, 'hasVideo')),
  };
  const res = await client.request({
    operation: 'startBroadcast',
    method: 'POST',
    path: projectPath(client, 'broadcast'),
    json,
    idempotent: false,
    ...call,
  });
  return toBroadcast(asObject(res.body));
}
