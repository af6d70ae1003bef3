import {
  asObject,
  callOptions,
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
  /** BCP-47 code such as `'en-US'` (the default), `'es-US'` or `'fr-FR'`. */
  languageCode?: string;
  /** Seconds, 300–14 400 (default 14 400). */
  maxDuration?: number;
  /** Faster but less accurate interim captions. Default true. */
  partialCaptions?: boolean;
  /** Where status events are posted (15–2048 characters). */
  statusCallbackUrl?: string;
}

export type CaptionsStatus = 'started' | 'stopped' | 'paused' | 'failed';

/** The state of a captioning job. */
export interface Captions {
  captionsId: string;
  sessionId: string | undefined;
  applicationId?: string;
  projectId?: string;
  status: CaptionsStatus | undefined;
  languageCode: string | undefined;
  provider: string | undefined;
  reason: string | undefined;
  /** Seconds. */
  duration: number | undefined;
  createdAt: Date | undefined;
  updatedAt: Date | undefined;
}

const KEYS = ['token', 'languageCode', 'maxDuration', 'partialCaptions', 'statusCallbackUrl'];
const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

/** Starts live captions for a routed session (one captioning job per session). Returns its ID. */
export async function startCaptions(
  client: VideoClient,
  sessionId: string,
  options: StartCaptionsOptions,
): Promise<{ captionsId: string }> {
  const call = callOptions(checkObject(options, 'options'), KEYS);
  const json = {
    sessionId: checkString(sessionId, 'sessionId'),
    token: checkString(options.token, 'token'),
    languageCode: optional(options.languageCode, (v) =>
      checkString(v, 'languageCode', { pattern: /^[a-z]{2}-[A-Z]{2}$/, patternHint: 'must be a BCP-47 code such as en-US' }),
    ),
    maxDuration: optional(options.maxDuration, (v) => checkInteger(v, 'maxDuration', 300, 14_400)),
    partialCaptions: optional(options.partialCaptions, (v) => checkBoolean(v, 'partialCaptions')),
    statusCallbackUrl: optional(options.statusCallbackUrl, (v) => checkString(v, 'statusCallbackUrl', { min: 15, max: 2048 })),
  };
  const res = await client.request({ operation: 'startCaptions', method: 'POST', path: projectPath(client, 'captions'), json, ...call });
  return { captionsId: readString(asObject(res.body), 'captionsId') ?? '' };
}

/** Stops live captions. */
export async function stopCaptions(client: VideoClient, captionsId: string, options: CallOptions = {}): Promise<void> {
  const path = projectPath(client, 'captions', pathSegment(captionsId, 'captionsId'), 'stop');
  await client.request({ operation: 'stopCaptions', method: 'POST', path, expect: 'none', idempotent: true, ...callOptions(options) });
}

/** Gets the status of a captioning job. */
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
