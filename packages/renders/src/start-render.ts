import type { VideoClient } from '@video/core';
import {
  integer,
  lazy,
  operationSchema,
  resolutionSchema,
  startInSession,
  strictObject,
  type OperationOptions,
  type OptionsOf,
} from '@video/core/toolkit';
import * as z from 'zod/mini';
import { toRender, type Render } from './render.js';

/** A URL of 15–2048 characters, as the API requires for the page and the callback. */
const urlSchema = () => z.string().check(z.minLength(15), z.maxLength(2048));

const renderPropertiesShape = /* @__PURE__ */ lazy(() => ({
  /** The stream's name, 1–200 characters; required when `properties` is given. */
  name: z.string().check(z.minLength(1), z.maxLength(200)),
}));

/** Initial publisher properties of the render's stream; `name` is required inside them. */
export type RenderProperties = OptionsOf<typeof renderPropertiesShape>;

const startRenderShape = /* @__PURE__ */ lazy(() => ({
  /** A publisher (or moderator) client token for the session; its connection data labels the render's stream. */
  token: z.string().check(z.minLength(1)),
  /** The page to render: publicly reachable, 15–2048 characters. */
  url: urlSchema(),
  /** Seconds, 60–36 000, after which the render stops. Default 7200 (2 hours). */
  maxDuration: z.optional(integer(60, 36_000)),
  /** Default `'1280x720'`. */
  resolution: z.optional(resolutionSchema()),
  /** Initial publisher properties of the published stream: `{ name }` (its `name` is required). */
  properties: z.optional(strictObject(renderPropertiesShape())),
  /**
   * Where status events are posted (15–2048 characters). Unofficial: the API reference does not
   * document it, although the service accepts it and echoes it as `callbackUrl`; Vonage recommends
   * registering the render callback for the application in the dashboard instead.
   */
  statusCallbackUrl: z.optional(urlSchema()),
}));
const startRenderSchema = /* @__PURE__ */ lazy(() => operationSchema(startRenderShape()));

/** Options of {@link startRender}. */
export type StartRenderOptions = OperationOptions<typeof startRenderShape>;

/** API error codes of `POST /render` after which calling again will not help: 50004, the usage cap. */
const PERMANENT_CODES: readonly number[] = [50004];

/**
 * Starts an Experience Composer render: the page at `url` is loaded and published into a routed
 * session. It is `'starting'` at first; poll {@link getRender} until it is `'started'`.
 *
 * Errors: `VideoValidationError` (bad options, before any request); `InvalidRequestError` (400)
 * for a request the API rejects (its `apiCode` 50001–50008 names the field: URL, maxDuration,
 * resolution, stream name, session ID) or a token that is not a publisher's; `AuthenticationError`
 * (403) with `reason: 'token_session_mismatch'` (code 10007) when `token` is for another session
 * and `reason: 'token_expired'` (10012) when it has expired; `ConflictError` (409) for a relayed
 * session; `RateLimitError` (429) with `apiCode` 50004 and `retryable: false` when the account's
 * Experience Composer usage cap is reached: that one is never retried (contact Vonage support).
 *
 * Not retried after an ambiguous failure (timeout, dropped connection, 500/502/504), so a failed
 * call cannot leave two renders behind; 429 (but 50004) and 503 are retried.
 */
export async function startRender(client: VideoClient, sessionId: string, options: StartRenderOptions): Promise<Render> {
  const res = await startInSession(client, 'startRender', 'render', startRenderSchema(), sessionId, options, {
    permanentCodes: PERMANENT_CODES,
  });
  return toRender(res.body, 'startRender');
}
