import * as z from 'zod/mini';
import { verifyBodyToken } from '../client-tokens.js';
import { emitCallback } from '../callbacks/events.js';
import { ApiError, conflict, notFound } from '../errors.js';
import { uuid } from '../ids.js';
import { projectField, type Project } from '../projects.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { emptyReply, jsonReply, type Reply } from '../router.js';
import type { State } from '../state.js';
import { intBetween, length, opt, page, parseBody, requiredString, RESOLUTIONS } from '../validation.js';

export interface Render {
  id: string;
  seq: number;
  project: Project;
  sessionId: string;
  status: 'starting' | 'started' | 'stopped' | 'failed';
  reason: string | undefined;
  createdAt: number;
  updatedAt: number;
  url: string;
  resolution: string;
  maxDuration: number;
  name: string | undefined;
  callbackUrl: string | undefined;
  connectionId: string;
  streamId: string | undefined;
}

/** The Render object of §5.11. */
export function renderJson(r: Render): Record<string, unknown> {
  return {
    id: r.id,
    sessionId: r.sessionId,
    ...projectField(r.project),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    url: r.url,
    resolution: r.resolution,
    status: r.status,
    streamId: r.streamId ?? null,
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    event: 'render',
    ...(r.name !== undefined ? { name: r.name } : {}),
    ...(r.callbackUrl !== undefined ? { callbackUrl: r.callbackUrl } : {}),
  };
}

export function renderState(r: Render): Record<string, unknown> {
  return { ...renderJson(r), connectionId: r.connectionId, maxDuration: r.maxDuration };
}

function findRender(ctx: RestContext): Render {
  const render = ctx.state.renders.get(ctx.params['renderId'] ?? '');
  if (!render || render.project !== ctx.project) throw notFound('Render not found');
  return render;
}

/** Whether `text` is an absolute http(s) URL (the API answers 50001 otherwise). */
function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** POST /render (§5.11): the page to load, the client token it joins with, and how. */
const startRenderBody = z.object({
  sessionId: requiredString(),
  token: requiredString(),
  url: requiredString(...length(15, 2048), z.refine(isWebUrl, { error: 'must be an http or https URL' })),
  maxDuration: opt(intBetween(60, 36_000)),
  resolution: opt(z.enum(RESOLUTIONS)),
  // `name` is required inside `properties` (OpenAPI 0.3.2 `Start-Experience-Composer`).
  properties: opt(z.object({ name: requiredString(z.maxLength(200)) })),
  statusCallbackUrl: opt(z.string().check(...length(15, 2048))),
});

/**
 * The 400 codes of POST /render (rest-api-2026.md N7), by the top-level field found wrong: 50001
 * URL structure, 50005 maxDuration, 50006 resolution, 50007 stream name, 50008 session ID. (50002,
 * an unreachable URL, would need a fetch that the emulator does not make.)
 */
const RENDER_400_CODES: Readonly<Record<string, number>> = {
  url: 50001,
  maxDuration: 50005,
  resolution: 50006,
  properties: 50007,
  sessionId: 50008,
};

/** The same 400 with the code the service gives for `field` (or the field its message names). */
function withRenderCode(error: unknown, field?: string): unknown {
  if (!(error instanceof ApiError) || error.status !== 400) return error;
  const name = field ?? /^"([A-Za-z]+)/.exec(error.message)?.[1];
  const code = name === undefined ? undefined : RENDER_400_CODES[name];
  return code === undefined ? error : new ApiError(400, error.message, code);
}

/**
 * Start: 202 with status `starting`. The composer joins at once as a connection and publishes its
 * stream when it turns `started`, after the configured start delay.
 */
async function start(ctx: RestContext): Promise<Reply> {
  let body: z.output<typeof startRenderBody>;
  try {
    body = parseBody(startRenderBody, ctx.json());
  } catch (error) {
    throw withRenderCode(error);
  }
  const { sessionId, url } = body;
  const maxDuration = body.maxDuration ?? 7200;
  const resolution = body.resolution ?? '1280x720';
  const name = body.properties?.name;
  const callbackUrl = body.statusCallbackUrl;
  let session: ReturnType<State['session']>;
  try {
    session = ctx.state.session(ctx.project, sessionId);
  } catch (error) {
    throw withRenderCode(error, 'sessionId');
  }
  if (session.mediaMode !== 'routed') throw conflict('Experience Composer is only available for routed sessions');
  const token = await verifyBodyToken(body.token, session, ctx.state.projects, ['publisher', 'publisheronly', 'moderator']);
  const connection = ctx.state.addConnection(session, {
    role: token.role,
    data: token.data ?? '',
    kind: 'render',
    tokenFormat: token.format,
    layoutClassList: token.layoutClassList,
  });
  const now = Date.now();
  const render: Render = {
    id: uuid(),
    seq: ctx.state.nextSeq(),
    project: ctx.project,
    sessionId,
    status: 'starting',
    reason: undefined,
    createdAt: now,
    updatedAt: now,
    url,
    resolution,
    maxDuration,
    name,
    callbackUrl,
    connectionId: connection.id,
    streamId: undefined,
  };
  ctx.state.renders.set(render.id, render);
  ctx.state.timers.set(() => {
    if (render.status !== 'starting' || !session.connections.has(connection.id)) return;
    const stream = ctx.state.addStream(session, connection, {
      videoType: 'camera',
      name: name ?? '',
      hasAudio: true,
      hasVideo: true,
      layoutClassList: token.layoutClassList,
    });
    render.streamId = stream.id;
    render.status = 'started';
    render.updatedAt = Date.now();
    notifyRender(ctx.state, render);
  }, ctx.state.settings.renderStartMs);
  return jsonReply(202, renderJson(render));
}

/**
 * The `render_status` callback, `{id, sessionId, streamId, status, reason}` (callbacks.md §2.1)
 * with the project and times; to the start request's `statusCallbackUrl` when it had one (the
 * service's use of it is unofficial, N13), else to the registration.
 */
function notifyRender(state: State, render: Render): void {
  emitCallback(
    state,
    render.project,
    'render_status',
    {
      id: render.id,
      sessionId: render.sessionId,
      ...projectField(render.project),
      ...(render.streamId !== undefined ? { streamId: render.streamId } : {}),
      status: render.status,
      ...(render.reason !== undefined ? { reason: render.reason } : {}),
      createdAt: render.createdAt,
      updatedAt: render.updatedAt,
    },
    render.callbackUrl,
  );
}

/**
 * Ends a render (stopped, or failed with an error text): its connection leaves the session. The
 * status is set first, so that seeing the connection go does not end it a second time.
 */
export function finishRender(state: State, render: Render, reason: string, status: 'stopped' | 'failed' = 'stopped'): void {
  if (render.status === 'stopped' || render.status === 'failed') return;
  render.status = status;
  render.reason = reason;
  render.updatedAt = Date.now();
  notifyRender(state, render);
  const session = state.sessions.get(render.sessionId);
  if (session) state.removeConnection(session, render.connectionId);
}

function stop(ctx: RestContext): Reply {
  finishRender(ctx.state, findRender(ctx), 'Stop Requested');
  return emptyReply(204);
}

function get(ctx: RestContext): Reply {
  return jsonReply(200, renderJson(findRender(ctx)));
}

function list(ctx: RestContext): Reply {
  const sessionId = ctx.query.get('sessionId') || undefined;
  const items = [...ctx.state.renders.values()]
    .filter((r) => r.project === ctx.project && (sessionId === undefined || r.sessionId === sessionId))
    .sort((a, b) => b.seq - a.seq);
  const result = page(items, ctx.query);
  return jsonReply(200, { count: result.count, items: result.items.map(renderJson) });
}

/** A render whose connection is force-disconnected stops. */
export function install(state: State): void {
  state.on('connectionDestroyed', (_session, connection) => {
    if (connection.kind !== 'render') return;
    for (const render of state.renders.values()) {
      if (render.connectionId === connection.id) finishRender(state, render, 'Connection destroyed');
    }
  });
}

export const routes: RestRoute[] = [
  route('POST', `${P}/render`, start),
  route('GET', `${P}/render`, list),
  route('GET', `${P}/render/:renderId`, get),
  route('DELETE', `${P}/render/:renderId`, stop),
];
