import {
  asObject,
  callOptions,
  checkInteger,
  checkKeys,
  checkListOptions,
  checkObject,
  checkOneOf,
  checkString,
  optional,
  paginate,
  pathSegment,
  projectPath,
  readPage,
  RESOLUTIONS,
  type CallOptions,
  type IterateOptions,
  type ListOptions,
  type Page,
  type Resolution,
  type VideoClient,
} from '@video/core';
import { toRender, type Render } from './render.js';

/** Options of {@link startRender}. */
export interface StartRenderOptions extends CallOptions {
  /** A publisher client token for the session; its connection data labels the render's stream. */
  token: string;
  /** The page to render: publicly reachable, 15–2048 characters. */
  url: string;
  /** Seconds, 60–36 000. */
  maxDuration?: number;
  /** Default `'1280x720'`. */
  resolution?: Resolution;
  /** Initial properties of the published stream. */
  properties?: { name?: string };
  /** Where status events are posted. */
  statusCallbackUrl?: string;
}

const KEYS = ['token', 'url', 'maxDuration', 'resolution', 'properties', 'statusCallbackUrl'];

/** Starts an Experience Composer render into a session with a connected client. */
export async function startRender(client: VideoClient, sessionId: string, options: StartRenderOptions): Promise<Render> {
  const call = callOptions(checkObject(options, 'options'), KEYS);
  let properties: { name?: string } | undefined;
  if (options.properties !== undefined) {
    const p = checkObject(options.properties, 'properties');
    checkKeys(p, 'properties', ['name']);
    properties = { name: optional(p.name, (v) => checkString(v, 'properties.name', { max: 200 })) };
  }
  const json = {
    sessionId: checkString(sessionId, 'sessionId'),
    token: checkString(options.token, 'token'),
    url: checkString(options.url, 'url', { min: 15, max: 2048 }),
    maxDuration: optional(options.maxDuration, (v) => checkInteger(v, 'maxDuration', 60, 36_000)),
    resolution: optional(options.resolution, (v) => checkOneOf(v, 'resolution', RESOLUTIONS)),
    properties,
    statusCallbackUrl: optional(options.statusCallbackUrl, (v) => checkString(v, 'statusCallbackUrl', { min: 15, max: 2048 })),
  };
  const res = await client.request({ operation: 'startRender', method: 'POST', path: projectPath(client, 'render'), json, ...call });
  return toRender(asObject(res.body));
}

/** Gets one render. */
export async function getRender(client: VideoClient, renderId: string, options: CallOptions = {}): Promise<Render> {
  const path = projectPath(client, 'render', pathSegment(renderId, 'renderId'));
  const res = await client.request({ operation: 'getRender', method: 'GET', path, ...callOptions(options) });
  return toRender(asObject(res.body));
}

/** Stops a render; its stream leaves the session. */
export async function stopRender(client: VideoClient, renderId: string, options: CallOptions = {}): Promise<void> {
  const path = projectPath(client, 'render', pathSegment(renderId, 'renderId'));
  await client.request({ operation: 'stopRender', method: 'DELETE', path, expect: 'none', ...callOptions(options) });
}

/** Options of {@link listRenders}. */
export type ListRendersOptions = ListOptions & CallOptions;

/** Lists renders, newest first. */
export async function listRenders(client: VideoClient, options: ListRendersOptions = {}): Promise<Page<Render>> {
  const call = callOptions(options, ['offset', 'count']);
  const { offset, count } = checkListOptions(options);
  const res = await client.request({
    operation: 'listRenders',
    method: 'GET',
    path: projectPath(client, 'render'),
    query: { offset, count },
    ...call,
  });
  return readPage(res.body, toRender);
}

/** Every render, newest first, fetched page by page. */
export function iterateRenders(
  client: VideoClient,
  options: IterateOptions & CallOptions = {},
): AsyncGenerator<Render, void, undefined> {
  const { offset, pageSize, limit, ...call } = options;
  return paginate((at, count) => listRenders(client, { ...call, offset: at, count }), { offset, pageSize, limit }, (r) => r.id);
}
