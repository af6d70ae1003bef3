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
import { toArchive, type Archive, type OutputMode } from './archive.js';

/** Options of {@link startArchive}. */
export interface StartArchiveOptions extends CallOptions {
  name?: string;
  /** Record audio. Default true. */
  hasAudio?: boolean;
  /** Record video. Default true. Not both `hasAudio` and `hasVideo` may be false. */
  hasVideo?: boolean;
  /** `'composed'` (default): one file with every stream; `'individual'`: one file per stream. */
  outputMode?: OutputMode;
  /** Composed archives only. Default `'640x480'`. */
  resolution?: Resolution;
  /** Composed archives only. Default `{ type: 'bestFit' }`. */
  layout?: Layout;
  /** `'manual'`: choose the streams with `addArchiveStream`. Default `'auto'`. */
  streamMode?: StreamMode;
  /** Lets one session be recorded by several archives at once; must be unique among them. */
  multiArchiveTag?: string;
  /** Composed only: bits per second, 100 000–6 000 000. Not with `quantizationParameter`. */
  maxBitrate?: number;
  /** Composed only: 15–40, lower is better quality. Not with `maxBitrate`. */
  quantizationParameter?: number;
  /** Also produce a transcription. Default false. */
  hasTranscription?: boolean;
  /** Transcription settings; only with `hasTranscription: true`. */
  transcriptionProperties?: TranscriptionProperties;
}

/** Settings of an archive's transcription. */
export interface TranscriptionProperties {
  /** BCP-47 code of the main spoken language, e.g. `'en-US'`. */
  primaryLanguageCode?: string;
  /** Also produce a summary. */
  hasSummary?: boolean;
}

const KEYS = [
  'name',
  'hasAudio',
  'hasVideo',
  'outputMode',
  'resolution',
  'layout',
  'streamMode',
  'multiArchiveTag',
  'maxBitrate',
  'quantizationParameter',
  'hasTranscription',
  'transcriptionProperties',
];

function readBody(sessionId: unknown, o: StartArchiveOptions): Record<string, unknown> {
  const outputMode = optional(o.outputMode, (v) => checkOneOf(v, 'outputMode', ['composed', 'individual'] as const));
  const body: Record<string, unknown> = {
    sessionId: checkString(sessionId, 'sessionId'),
    name: optional(o.name, (v) => checkString(v, 'name', { min: 0 })),
    hasAudio: optional(o.hasAudio, (v) => checkBoolean(v, 'hasAudio')),
    hasVideo: optional(o.hasVideo, (v) => checkBoolean(v, 'hasVideo')),
    outputMode,
    resolution: optional(o.resolution, (v) => checkOneOf(v, 'resolution', RESOLUTIONS)),
    layout: optional(o.layout, (v) => checkLayout(v)),
    streamMode: optional(o.streamMode, (v) => checkOneOf(v, 'streamMode', STREAM_MODES)),
    multiArchiveTag: optional(o.multiArchiveTag, (v) => checkString(v, 'multiArchiveTag')),
    maxBitrate: optional(o.maxBitrate, (v) => checkInteger(v, 'maxBitrate', 100_000, 6_000_000)),
    quantizationParameter: optional(o.quantizationParameter, (v) => checkInteger(v, 'quantizationParameter', 15, 40)),
    hasTranscription: optional(o.hasTranscription, (v) => checkBoolean(v, 'hasTranscription')),
  };
  if (o.transcriptionProperties !== undefined) {
    const t = checkObject(o.transcriptionProperties, 'transcriptionProperties');
    checkKeys(t, 'transcriptionProperties', ['primaryLanguageCode', 'hasSummary']);
    if (body.hasTranscription !== true) {
      throw new VideoValidationError('transcriptionProperties', 'is allowed only with hasTranscription: true');
    }
    body.transcriptionProperties = {
      primaryLanguageCode: optional(t.primaryLanguageCode, (v) => checkString(v, 'transcriptionProperties.primaryLanguageCode')),
      hasSummary: optional(t.hasSummary, (v) => checkBoolean(v, 'transcriptionProperties.hasSummary')),
    };
  }
  if (body.hasAudio === false && body.hasVideo === false) {
    throw new VideoValidationError('hasVideo', 'hasAudio and hasVideo cannot both be false');
  }
  if (body.maxBitrate !== undefined && body.quantizationParameter !== undefined) {
    throw new VideoValidationError('quantizationParameter', 'cannot be combined with maxBitrate');
  }
  if (outputMode === 'individual') {
    for (const field of ['resolution', 'layout', 'maxBitrate', 'quantizationParameter']) {
      if (body[field] !== undefined) {
        throw new VideoValidationError(field, "is allowed only for composed archives, not with outputMode: 'individual'");
      }
    }
  }
  return body;
}

/**
 * Starts recording a session. The session must be routed and have a connected client.
 *
 * Errors: `VideoValidationError` (bad options, before any request); `ConflictError` (409) when the
 * session is relayed or already being recorded (give a new `multiArchiveTag` to record it twice);
 * `NotFoundError` (404) when the session does not exist or has no connected client;
 * `InvalidRequestError` (400) for a request the API rejects.
 *
 * Never repeated after an ambiguous failure (timeout, dropped connection, 500/502/504), so a failed
 * call cannot leave two archives behind; 429 and 503 (the request was not processed) are retried.
 */
export async function startArchive(client: VideoClient, sessionId: string, options: StartArchiveOptions = {}): Promise<Archive> {
  const call = callOptions(options, KEYS);
  const res = await client.request({
    operation: 'startArchive',
    method: 'POST',
    path: projectPath(client, 'archive'),
    json: readBody(sessionId, options),
    idempotent: false,
    ...call,
  });
  return toArchive(asObject(res.body));
}
