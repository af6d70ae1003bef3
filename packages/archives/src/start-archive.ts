import type { VideoClient } from '@video/core';
import {
  integer,
  layoutSchema,
  lazy,
  operationSchema,
  resolutionSchema,
  someTrack,
  startInSession,
  streamModeSchema,
  strictObject,
  type OperationOptions,
  type OptionsOf,
  type ParsedOptionsOf,
} from '@video/core/toolkit';
import * as z from 'zod/mini';
import { toArchive, type Archive } from './archive.js';

const COMPOSED_ONLY = ['resolution', 'layout', 'maxBitrate', 'quantizationParameter'] as const;

const transcriptionShape = /* @__PURE__ */ lazy(() => ({
  /** BCP-47 code of the main spoken language, e.g. `'en-US'`. */
  primaryLanguageCode: z.optional(z.string().check(z.minLength(1))),
  /** Also produce a summary. */
  hasSummary: z.optional(z.boolean()),
}));

const startArchiveShape = /* @__PURE__ */ lazy(() => ({
  /** A name for the archive, to find it later. */
  name: z.optional(z.string()),
  /** Record audio. Default true. */
  hasAudio: z.optional(z.boolean()),
  /** Record video. Default true. Not both `hasAudio` and `hasVideo` may be false. */
  hasVideo: z.optional(z.boolean()),
  /** `'composed'` (default): one file with every stream; `'individual'`: one file per stream. */
  outputMode: z.optional(z.enum(['composed', 'individual'])),
  /** Composed archives only. Default `'640x480'`. */
  resolution: z.optional(resolutionSchema()),
  /** Composed archives only. Default `{ type: 'bestFit' }`. */
  layout: z.optional(layoutSchema()),
  /** `'manual'`: choose the streams with `addArchiveStream`. Default `'auto'`. */
  streamMode: z.optional(streamModeSchema()),
  /** Lets one session be recorded by several archives at once; must be unique among them. */
  multiArchiveTag: z.optional(z.string().check(z.minLength(1))),
  /** Composed only: bits per second, 100 000–6 000 000. Not with `quantizationParameter`. */
  maxBitrate: z.optional(integer(100_000, 6_000_000)),
  /** Composed only: 15–40, lower is better quality. Not with `maxBitrate`. */
  quantizationParameter: z.optional(integer(15, 40)),
  /**
   * Also produce a post-call transcription (a JSON file, once the archive is processed; see the
   * archive's `transcription`). Default false. Only for `outputMode: 'individual'` archives that
   * record audio (`hasAudio` not false). Billed per minute.
   */
  hasTranscription: z.optional(z.boolean()),
  /** Transcription settings; only with `hasTranscription: true`. */
  transcriptionProperties: z.optional(strictObject(transcriptionShape())),
}));
type Parsed = ParsedOptionsOf<typeof startArchiveShape>;

const startArchiveSchema = /* @__PURE__ */ lazy(() =>
  operationSchema(startArchiveShape()).check(
    someTrack(),
    z.refine<Parsed>((o) => o.maxBitrate === undefined || o.quantizationParameter === undefined, {
      message: 'cannot be combined with maxBitrate',
      path: ['quantizationParameter'],
    }),
    z.refine<Parsed>((o) => o.transcriptionProperties === undefined || o.hasTranscription === true, {
      message: 'is allowed only with hasTranscription: true',
      path: ['transcriptionProperties'],
    }),
    // Post-call transcription is only for individual archives with audio (rest-api-2026.md N10).
    z.refine<Parsed>((o) => o.hasTranscription !== true || o.outputMode === 'individual', {
      message: "needs outputMode: 'individual' (transcription is only for individual stream archives)",
      path: ['hasTranscription'],
    }),
    z.refine<Parsed>((o) => o.hasTranscription !== true || o.hasAudio !== false, {
      message: 'needs audio: hasAudio must not be false',
      path: ['hasTranscription'],
    }),
    z.superRefine<Parsed>((o, ctx) => {
      if (o.outputMode !== 'individual') return;
      const field = COMPOSED_ONLY.find((key) => o[key] !== undefined);
      if (field) ctx.issues.push({ code: 'custom', input: o, path: [field], message: "is allowed only for composed archives, not with outputMode: 'individual'" });
    }),
  ),
);

/** Options of {@link startArchive}. */
export type StartArchiveOptions = OperationOptions<typeof startArchiveShape>;
/** Settings of an archive's transcription. */
export type TranscriptionProperties = OptionsOf<typeof transcriptionShape>;

/**
 * Starts recording a session. The session must be routed and have a connected client.
 *
 * Errors: `VideoValidationError` (bad options, before any request, e.g. `hasTranscription`
 * without `outputMode: 'individual'` or with `hasAudio: false`); `ConflictError` (409) with
 * `reason: 'already_recording'` (code 15001) when the session is already being recorded (give a
 * new `multiArchiveTag` to record it twice), and when the session is relayed (`apiCode` 15008);
 * `NotFoundError` (404) when the session does not exist or has no connected client;
 * `InvalidRequestError` (400) for a request the API rejects.
 *
 * Never repeated after an ambiguous failure (timeout, dropped connection, 500/502/504), so a failed
 * call cannot leave two archives behind; 429 and 503 (the request was not processed) are retried.
 */
export async function startArchive(client: VideoClient, sessionId: string, options: StartArchiveOptions = {}): Promise<Archive> {
  const res = await startInSession(client, 'startArchive', 'archive', startArchiveSchema(), sessionId, options, { reasonCodes: [15001] });
  return toArchive(res.body, 'startArchive');
}
