import {
  asObject,
  callOptions,
  checkId,
  checkInteger,
  checkKeys,
  checkObject,
  checkOneOf,
  checkString,
  optional,
  projectPath,
  RESOLUTIONS,
  type CallOptions,
  type Resolution,
  type VideoClient,
} from '@video/core';
import { toRender, type Render } from './render.js';

/** Initial publisher properties of the render's stream. */
export interface RenderProperties {
  /** The stream's name, 1–200 characters. */
  name?: string;
}

/** Options of {@link startRender}. */
export interface StartRenderOptions extends CallOptions {
  /** A publisher (or moderator) client token for the session; its connection data labels the render's stream. */
  token: string;
  /** The page to render: publicly reachable, 15–2048 characters. */
  url: string;
  /** Seconds, 60–36 000; the render stops after this. */
  maxDuration?: number;
  /** Default `'1280x720'`. */
  resolution?: Resolution;
  /** Initial properties of the published stream. */
  properties?: RenderProperties;
  /** Where status events are posted (15–2048 characters). */
  statusCallbackUrl?: string;
}

const KEYS = ['token', 'url', 'maxDuration', 'resolution', 'properties', 'statusCallbackUrl'];

function readProperties(value: unknown): RenderProperties {
  const p = checkObject(value, 'properties');
  checkKeys(p, 'properties', ['name']);
  const name = optional(p.name, (v) => checkString(v, 'properties.name', { min: 1, max: 200 }));
  return name === undefined ? {} : { name };
}

/**
 * Starts an Experience Composer render: the page at `url` is loaded and published into a routed
 * session. It is `'starting'` at first; poll {@link getRender} until it is `'started'`. Not
 * retried after an ambiguous failure, so a failed call cannot leave two renders behind.
 */
export async function startRender(client: VideoClient, sessionId: string, options: StartRenderOptions): Promise<Render> {
  const call = callOptions(checkObject(options, 'options'), KEYS);
  const json = {
    sessionId: checkId(sessionId, 'sessionId'),
    token: checkString(options.token, 'token'),
    url: checkString(options.url, 'url', { min: 15, max: 2048 }),
    maxDuration: optional(options.maxDuration, (v) => checkInteger(v, 'maxDuration', 60, 36_000)),
    resolution: optional(options.resolution, (v) => checkOneOf(v, 'resolution', RESOLUTIONS)),
    properties: optional(options.properties, readProperties),
    statusCallbackUrl: optional(options.statusCallbackUrl, (v) => checkString(v, 'statusCallbackUrl', { min: 15, max: 2048 })),
  };
  const res = await client.request({
    operation: 'startRender',
    method: 'POST',
    path: projectPath(client, 'render'),
    json,
    idempotent: false,
    ...call,
  });
  return toRender(asObject(res.body));
}
