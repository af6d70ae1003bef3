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
  /** The stream's name, 1–200 characters. */
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
}));

/** Initial publisher properties of the render's stream. */
export type RenderProperties = OptionsOf<typeof renderPropertiesShape>;

const startRenderShape = /* @__PURE__ */ lazy(() => ({
  /** A publisher (or moderator) client token for the session; its connection data labels the render's stream. */
  token: z.string().check(z.minLength(1)),
  /** The page to render: publicly reachable, 15–2048 characters. */
  url: urlSchema(),
  /** Seconds, 60–36 000; the render stops after this. */
  maxDuration: z.optional(integer(60, 36_000)),
  /** Default `'1280x720'`. */
  resolution: z.optional(resolutionSchema()),
  /** Initial publisher properties of the published stream. */
  properties: z.optional(strictObject(renderPropertiesShape())),
  /** Where status events are posted (15–2048 characters). */
  statusCallbackUrl: z.optional(urlSchema()),
}));
const startRenderSchema = /* @__PURE__ */ lazy(() => operationSchema(startRenderShape()));

/** Options of {@link startRender}. */
export type StartRenderOptions = OperationOptions<typeof startRenderShape>;

/**
 * Starts an Experience Composer render: the page at `url` is loaded and published into a routed
 * session. It is `'starting'` at first; poll {@link getRender} until it is `'started'`. Not
 * retried after an ambiguous failure, so a failed call cannot leave two renders behind.
 */
export async function startRender(client: VideoClient, sessionId: string, options: StartRenderOptions): Promise<Render> {
  const res = await startInSession(client, 'startRender', 'render', startRenderSchema(), sessionId, options);
  return toRender(res.body, 'startRender');
}
