import type { Resolution, StreamMode } from '@video/core';
import { asObject, readArray, readBoolean, readDate, readId, readNumber, readOwner, readString, type Raw } from '@video/core/toolkit';

/**
 * Lifecycle of an archive: `started` (recording), `paused` (nobody publishes), `stopped`
 * (processing), then `available` (downloadable) or `uploaded` (to your storage), `failed`,
 * `expired` or `deleted`.
 */
export type ArchiveStatus = 'available' | 'expired' | 'failed' | 'paused' | 'started' | 'stopped' | 'uploaded' | 'deleted';
/** `composed`: one file with every stream; `individual`: one file per stream. */
export type OutputMode = 'composed' | 'individual';

/** A stream included in a manual-mode archive. */
export interface ArchiveStream {
  /** The stream's ID. */
  streamId: string;
  /** Whether the archive records the stream's audio. */
  hasAudio: boolean;
  /** Whether the archive records the stream's video. */
  hasVideo: boolean;
}

/**
 * Progress of a post-call transcription: `requested` (with the archive), `started` (being
 * transcribed), `available` (the JSON file can be downloaded from `url`), `uploaded` (to your
 * storage), or `failed` (`reason` says why).
 */
export type TranscriptionStatus = 'requested' | 'started' | 'available' | 'uploaded' | 'failed';

/** The post-call transcription of an archive started with `hasTranscription: true`. */
export interface ArchiveTranscription {
  /** Where the transcription is; a status the API adds later comes through as its string. */
  status: TranscriptionStatus | (string & {}) | undefined;
  /** Why it failed, when it did. */
  reason: string | undefined;
  /** Download URL of the transcription (a JSON file), once it is `available`. */
  url: string | undefined;
  /** BCP-47 code of the main spoken language, e.g. `'en-US'` (the default). */
  primaryLanguageCode: string | undefined;
  /** Whether an AI-generated summary is included. */
  hasSummary: boolean | undefined;
}

/** An archive (a recording of a session). */
export interface Archive {
  /** The archive's ID. */
  id: string;
  /** Where the archive is in its life: `'started'`, `'stopped'`, `'available'` … */
  status: ArchiveStatus;
  /** The name given at start, if any. */
  name: string | undefined;
  /** The session being recorded. */
  sessionId: string;
  /** Set on Vonage-credential responses. */
  applicationId?: string;
  /** Set on OpenTok-credential responses. */
  projectId?: string;
  /** When recording started. */
  createdAt: Date;
  /** When the status last changed, if the API said so. */
  updatedAt: Date | undefined;
  /** Seconds; 0 while recording. */
  duration: number;
  /** Bytes; 0 until the file is ready. */
  size: number;
  /** Why it stopped or failed, e.g. `'user initiated'`. */
  reason: string | undefined;
  /** `'composed'` (one file) or `'individual'` (one file per stream). */
  outputMode: OutputMode;
  /** `'auto'` or `'manual'` (streams chosen with `addArchiveStream`). */
  streamMode: StreamMode;
  /** Whether audio is recorded. */
  hasAudio: boolean;
  /** Whether video is recorded. */
  hasVideo: boolean;
  /** Whether a post-call transcription was requested. */
  hasTranscription: boolean;
  /** The video resolution of a composed archive. */
  resolution: Resolution | undefined;
  /** Download URL, only while `status` is `'available'` (valid for 10 minutes after the call). */
  url: string | undefined;
  /** SHA-256 of the file, once it is available. */
  sha256sum: string | undefined;
  /** The tag that lets several archives record the session at once, if given. */
  multiArchiveTag: string | undefined;
  /** The bitrate cap of a composed archive, in bits per second, if given. */
  maxBitrate: number | undefined;
  /** The quantization parameter of a composed archive (15–40), if given. */
  quantizationParameter: number | undefined;
  /** Streams added with `addArchiveStream`, for `streamMode: 'manual'`. */
  streams: ArchiveStream[];
  /** The post-call transcription, for archives started with `hasTranscription: true`. */
  transcription: ArchiveTranscription | undefined;
}

/**
 * Normalises an archive from the API (a response, or an `archive` callback's payload) into plain
 * typed data. Throws an `InvalidResponseError` naming `operation` when it has no `id`.
 */
export function toArchive(raw: Raw, operation = 'toArchive'): Archive {
  const transcription = raw.transcription === undefined || raw.transcription === null ? undefined : asObject(raw.transcription);
  return {
    id: readId(raw, 'id', operation),
    status: (readString(raw, 'status') ?? 'started') as ArchiveStatus,
    name: readString(raw, 'name') || undefined,
    sessionId: readString(raw, 'sessionId') ?? '',
    ...readOwner(raw),
    createdAt: new Date(readNumber(raw, 'createdAt') ?? 0),
    updatedAt: readDate(raw, 'updatedAt'),
    duration: readNumber(raw, 'duration') ?? 0,
    size: readNumber(raw, 'size') ?? 0,
    reason: readString(raw, 'reason') || undefined,
    outputMode: (readString(raw, 'outputMode') ?? 'composed') as OutputMode,
    streamMode: (readString(raw, 'streamMode') ?? 'auto') as StreamMode,
    hasAudio: readBoolean(raw, 'hasAudio') ?? true,
    hasVideo: readBoolean(raw, 'hasVideo') ?? true,
    hasTranscription: readBoolean(raw, 'hasTranscription') ?? false,
    resolution: readString(raw, 'resolution') as Resolution | undefined,
    url: readString(raw, 'url') || undefined,
    sha256sum: readString(raw, 'sha256sum') || undefined,
    multiArchiveTag: readString(raw, 'multiArchiveTag') || undefined,
    maxBitrate: readNumber(raw, 'maxBitrate'),
    quantizationParameter: readNumber(raw, 'quantizationParameter'),
    streams: readArray(raw, 'streams').map((s) => {
      const stream = asObject(s);
      return {
        streamId: readString(stream, 'streamId') ?? '',
        hasAudio: readBoolean(stream, 'hasAudio') ?? true,
        hasVideo: readBoolean(stream, 'hasVideo') ?? true,
      };
    }),
    transcription: transcription && {
      status: readString(transcription, 'status') || undefined,
      reason: readString(transcription, 'reason') || undefined,
      url: readString(transcription, 'url') || undefined,
      primaryLanguageCode: readString(transcription, 'primaryLanguageCode') || undefined,
      hasSummary: readBoolean(transcription, 'hasSummary'),
    },
  };
}
