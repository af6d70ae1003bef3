import type { CallOptions, VideoClient } from '@video/core';
import {
  integer,
  lazy,
  operationSchema,
  parseCallOptions,
  pathSegment,
  projectPath,
  readId,
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
  /** For {@link stopCaptions}. Keep it: the API cannot look it up later (there is no status or list call). */
  captionsId: string;
}

/**
 * Starts live captions for a routed session; one captioning job runs per session. Keep the
 * returned `captionsId`: it is the only way to stop the job (the API has no call that reads or
 * lists captions).
 *
 * Errors: `VideoValidationError` (bad options, before any request); `ConflictError` (409) when
 * captions are already running or the session is relayed; `InvalidRequestError` (400) when the
 * token is not a moderator's; `NotFoundError` (404) for an unknown session.
 *
 * Never repeated after an ambiguous failure (timeout, dropped connection, 500/502/504).
 */
export async function startCaptions(
  client: VideoClient,
  sessionId: string,
  options: StartCaptionsOptions,
): Promise<StartCaptionsResult> {
  const res = await startInSession(client, 'startCaptions', 'captions', startCaptionsSchema(), sessionId, options);
  return { captionsId: readId(res.body, 'captionsId', 'startCaptions', res) };
}

/**
 * Stops live captions.
 *
 * Errors: `NotFoundError` (404) for an unknown captions ID; `VideoValidationError` for an empty or
 * malformed ID (before any request).
 */
export async function stopCaptions(client: VideoClient, captionsId: string, options: CallOptions = {}): Promise<void> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'captions', pathSegment(captionsId, 'captionsId'), 'stop');
  await client.request({ operation: 'stopCaptions', method: 'POST', path, expect: 'none', idempotent: true, ...call });
}
