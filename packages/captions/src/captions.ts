import type { CallOptions, VideoClient } from '@video/core';
import {
  asObject,
  integer,
  lazy,
  operationSchema,
  parseCallOptions,
  pathSegment,
  projectPath,
  readDate,
  readId,
  readNumber,
  readOwner,
  readString,
  startInSession,
  type OperationOptions,
} from '@video/core/toolkit';
import * as z from 'zod/mini';

const startCaptionsShape = /* @__PURE__ */ lazy(() => ({
  /** A **moderator** client token for the session. */
  token: z.string().check(z.minLength(1)),
  /**
   * Spoken language, `xx-XX` (BCP-47). Default `'en-US'`. The API supports en-US, en-AU, en-GB,
   * es-US, zh-CN, fr-FR, fr-CA, de-DE, hi-IN, it-IT, ja-JP, ko-KR, pt-BR and th-TH.
   */
  languageCode: z.optional(z.string().check(z.regex(/^[a-z]{2}-[A-Z]{2}$/, { error: 'must be a code such as en-US (xx-XX)' }))),
  /** Seconds, 300–14 400. Default 14 400 (4 hours). */
  maxDuration: z.optional(integer(300, 14_400)),
  /** Faster but less accurate interim captions. Default true. */
  partialCaptions: z.optional(z.boolean()),
  /** Where status events are posted (15–2048 characters). */
  statusCallbackUrl: z.optional(z.string().check(z.minLength(15), z.maxLength(2048))),
}));
const startCaptionsSchema = /* @__PURE__ */ lazy(() => operationSchema(startCaptionsShape()));

/** Options of {@link startCaptions}. */
export type StartCaptionsOptions = OperationOptions<typeof startCaptionsShape>;

/** What {@link startCaptions} returns. */
export interface StartCaptionsResult {
  /** For {@link getCaptions} and {@link stopCaptions}. */
  captionsId: string;
}

export type CaptionsStatus = 'started' | 'stopped' | 'paused' | 'failed';

/** The state of a captioning job. */
export interface Captions {
  captionsId: string;
  sessionId: string | undefined;
  /** Set on Vonage-credential responses. */
  applicationId?: string;
  /** Set on OpenTok-credential responses. */
  projectId?: string;
  status: CaptionsStatus | undefined;
  languageCode: string | undefined;
  /** The transcription service, e.g. `'aws-transcribe'`. */
  provider: string | undefined;
  /** Why it stopped or failed. */
  reason: string | undefined;
  /** Seconds. */
  duration: number | undefined;
  createdAt: Date | undefined;
  updatedAt: Date | undefined;
}

/**
 * Starts live captions for a routed session; one captioning job runs per session. Throws a
 * `ConflictError` when captions are already running, and an `InvalidRequestError` when the token
 * is not a moderator's. Not retried after an ambiguous failure.
 */
export async function startCaptions(
  client: VideoClient,
  sessionId: string,
  options: StartCaptionsOptions,
): Promise<StartCaptionsResult> {
  const res = await startInSession(client, 'startCaptions', 'captions', startCaptionsSchema(), sessionId, options);
  return { captionsId: readId(res.body, 'captionsId', 'startCaptions', res) };
}

/** Stops live captions. Throws a `NotFoundError` for an unknown captions ID. */
export async function stopCaptions(client: VideoClient, captionsId: string, options: CallOptions = {}): Promise<void> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'captions', pathSegment(captionsId, 'captionsId'), 'stop');
  await client.request({ operation: 'stopCaptions', method: 'POST', path, expect: 'none', idempotent: true, ...call });
}

/** Gets the status of a captioning job. Throws a `NotFoundError` for an unknown captions ID. */
export async function getCaptions(client: VideoClient, captionsId: string, options: CallOptions = {}): Promise<Captions> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'captions', pathSegment(captionsId, 'captionsId'));
  const res = await client.request({ operation: 'getCaptions', method: 'GET', path, ...call });
  const raw = asObject(res.body);
  return {
    // The ID asked for stands in when the response does not repeat it.
    captionsId: readString(raw, 'captionsId') ?? readString(raw, 'captionId') ?? captionsId,
    sessionId: readString(raw, 'sessionId'),
    ...readOwner(raw),
    status: readString(raw, 'status') as CaptionsStatus | undefined,
    languageCode: readString(raw, 'languageCode'),
    provider: readString(raw, 'provider'),
    reason: readString(raw, 'reason') || undefined,
    duration: readNumber(raw, 'duration'),
    createdAt: readDate(raw, 'createdAt'),
    updatedAt: readDate(raw, 'updatedAt'),
  };
}
