import {
  asObject,
  callOptions,
  checkId,
  checkBoolean,
  checkInteger,
  checkObject,
  checkString,
  optional,
  pathSegment,
  projectPath,
  readNumber,
  readOwner,
  readString,
  type CallOptions,
  type VideoClient,
} from '@video/core';

/** Options of {@link startCaptions}. */
export interface StartCaptionsOptions extends CallOptions {
  /** A **moderator** client token for the session. */
  token: string;
  /**
   * Spoken language, `xx-XX` (BCP-47). Default `'en-US'`. The API supports en-US, en-AU, en-GB,
   * es-US, zh-CN, fr-FR, fr-CA, de-DE, hi-IN, it-IT, ja-JP, ko-KR, pt-BR and th-TH.
   */
  languageCode?: string;
  /** Seconds, 300–14 400. Default 14 400 (4 hours). */
  maxDuration?: number;
  /** Faster but less accurate interim captions. Default true. */
  partialCaptions?: boolean;
  /** Where status events are posted (15–2048 characters). */
  statusCallbackUrl?: string;
}

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

const KEYS = ['token', 'languageCode', 'maxDuration', 'partialCaptions', 'statusCallbackUrl'];
const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

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
  const call = callOptions(checkObject(options, 'options'), KEYS);
  const json = {
    sessionId: checkId(sessionId, 'sessionId'),
    token: checkString(options.token, 'token'),
    languageCode: optional(options.languageCode, (v) =>
      checkString(v, 'languageCode', { pattern: /^[a-z]{2}-[A-Z]{2}$/, patternHint: 'must be a code such as en-US (xx-XX)' }),
    ),
    maxDuration: optional(options.maxDuration, (v) => checkInteger(v, 'maxDuration', 300, 14_400)),
    partialCaptions: optional(options.partialCaptions, (v) => checkBoolean(v, 'partialCaptions')),
    statusCallbackUrl: optional(options.statusCallbackUrl, (v) => checkString(v, 'statusCallbackUrl', { min: 15, max: 2048 })),
  };
  const res = await client.request({
    operation: 'startCaptions',
    method: 'POST',
    path: projectPath(client, 'captions'),
    json,
    idempotent: false,
    ...call,
  });
  return { captionsId: readString(asObject(res.body), 'captionsId') ?? '' };
}

/** Stops live captions. Throws a `NotFoundError` for an unknown captions ID. */
export async function stopCaptions(client: VideoClient, captionsId: string, options: CallOptions = {}): Promise<void> {
  const path = projectPath(client, 'captions', pathSegment(captionsId, 'captionsId'), 'stop');
  await client.request({ operation: 'stopCaptions', method: 'POST', path, expect: 'none', idempotent: true, ...callOptions(options) });
}

/** Gets the status of a captioning job. Throws a `NotFoundError` for an unknown captions ID. */
export async function getCaptions(client: VideoClient, captionsId: string, options: CallOptions = {}): Promise<Captions> {
  const path = projectPath(client, 'captions', pathSegment(captionsId, 'captionsId'));
  const res = await client.request({ operation: 'getCaptions', method: 'GET', path, ...callOptions(options) });
  const raw = asObject(res.body);
  return {
    captionsId: readString(raw, 'captionsId') ?? readString(raw, 'captionId') ?? captionsId,
    sessionId: readString(raw, 'sessionId'),
    ...readOwner(raw),
    status: readString(raw, 'status') as CaptionsStatus | undefined,
    languageCode: readString(raw, 'languageCode'),
    provider: readString(raw, 'provider'),
    reason: readString(raw, 'reason') || undefined,
    duration: readNumber(raw, 'duration'),
    createdAt: date(readNumber(raw, 'createdAt')),
    updatedAt: date(readNumber(raw, 'updatedAt')),
  };
}
