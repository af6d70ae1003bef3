import * as z from 'zod/mini';
import { emitCallback } from '../callbacks/events.js';
import { ApiError, badRequest, conflict, notFound } from '../errors.js';
import { uuid } from '../ids.js';
import { layoutSchema, type Layout } from '../layout.js';
import { projectField, type Project } from '../projects.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { emptyReply, jsonReply, type Reply } from '../router.js';
import { applyStreamPatch, readStreamPatch } from '../stream-selection.js';
import type { Session, State } from '../state.js';
import { intBetween, opt, page, parseBody, requiredString, RESOLUTIONS, rule, type Resolution } from '../validation.js';

export type HlsStatus = 'connecting' | 'ready' | 'live' | 'ended' | 'error';
export type RtmpStatus = 'connecting' | 'live' | 'offline' | 'error';

export interface Broadcast {
  id: string;
  seq: number;
  project: Project;
  sessionId: string;
  status: 'started' | 'stopped';
  createdAt: number;
  updatedAt: number;
  maxDuration: number;
  maxBitrate: number;
  resolution: Resolution;
  streamMode: 'auto' | 'manual';
  hasAudio: boolean;
  hasVideo: boolean;
  layout: Layout;
  multiBroadcastTag: string | undefined;
  hls: { dvr: boolean; lowLatency: boolean; status: HlsStatus } | undefined;
  rtmp: { id: string | undefined; serverUrl: string; streamName: string; status: RtmpStatus }[];
  streams: Map<string, { hasAudio: boolean; hasVideo: boolean }>;
}

const MAX_RTMP = 5;

/** The Broadcast object of §5.4 as the API shows it. */
export function broadcastJson(b: Broadcast, baseUrl: string): Record<string, unknown> {
  return {
    id: b.id,
    sessionId: b.sessionId,
    ...projectField(b.project),
    ...(b.multiBroadcastTag !== undefined ? { multiBroadcastTag: b.multiBroadcastTag } : {}),
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
    maxDuration: b.maxDuration,
    maxBitrate: b.maxBitrate,
    resolution: b.resolution,
    status: b.status,
    streamMode: b.streamMode,
    hasAudio: b.hasAudio,
    hasVideo: b.hasVideo,
    ...(b.hls ? { settings: { hls: { lowLatency: b.hls.lowLatency, dvr: b.hls.dvr } } } : {}),
    broadcastUrls: {
      ...(b.hls
        ? {
            hls: `${baseUrl}/_emulator/media/broadcasts/${b.id}/index.m3u8${b.hls.dvr ? '?DVR' : ''}`,
            hlsStatus: b.hls.status,
          }
        : {}),
      rtmp: b.rtmp.map((r) => ({
        ...(r.id !== undefined ? { id: r.id } : {}),
        serverUrl: r.serverUrl,
        streamName: r.streamName,
        status: r.status,
      })),
    },
    streams: [...b.streams].map(([streamId, s]) => ({ streamId, hasAudio: s.hasAudio, hasVideo: s.hasVideo })),
  };
}

export function broadcastState(b: Broadcast, baseUrl: string): Record<string, unknown> {
  return { ...broadcastJson(b, baseUrl), layout: b.layout };
}

function findBroadcast(ctx: RestContext): Broadcast {
  const broadcast = ctx.state.broadcasts.get(ctx.params['broadcastId'] ?? '');
  if (!broadcast || broadcast.project !== ctx.project) throw notFound('Broadcast not found');
  return broadcast;
}

function running(state: State, session: Session): Broadcast[] {
  return [...state.broadcasts.values()].filter((b) => b.sessionId === session.id && b.status === 'started');
}

/** `outputs` of POST /broadcast: HLS and/or up to five RTMP targets. */
const outputsSchema = z
  .object(
    {
      hls: opt(
        z
          .object({ dvr: opt(z.boolean()), lowLatency: opt(z.boolean()) })
          .check(rule(({ dvr, lowLatency }) => (dvr && lowLatency ? 'cannot have both dvr and lowLatency set' : undefined))),
      ),
      rtmp: opt(
        z
          .array(
            z.object({
              id: opt(z.string().check(z.refine((id: string) => id.trim() !== '', { error: 'must not be blank' }))),
              serverUrl: requiredString(),
              streamName: requiredString(),
            }),
          )
          .check(z.maxLength(MAX_RTMP, { error: `must have at most ${MAX_RTMP} targets` })),
      ),
    },
    // An absent `outputs` says what to give; one of another type is "must be an object".
    { error: (issue) => (issue.input == null ? 'is required: give outputs.hls and/or outputs.rtmp' : undefined) },
  )
  .check(rule(({ hls, rtmp }) => (!hls && !rtmp?.length ? 'must contain hls or at least one rtmp target' : undefined)));

/** POST /broadcast (§5.4). */
const startBroadcastBody = z.object({
  sessionId: requiredString(),
  outputs: outputsSchema,
  maxDuration: opt(intBetween(60, 36_000)),
  maxBitrate: opt(intBetween(100_000, 6_000_000)),
  resolution: opt(z.enum(RESOLUTIONS)),
  layout: opt(layoutSchema),
  streamMode: opt(z.enum(['auto', 'manual'])),
  multiBroadcastTag: opt(z.string()),
  hasAudio: opt(z.boolean()),
  hasVideo: opt(z.boolean()),
});

function start(ctx: RestContext): Reply {
  const body = parseBody(startBroadcastBody, ctx.json());
  const { sessionId, outputs } = body;
  const init = {
    maxDuration: body.maxDuration ?? 14_400,
    maxBitrate: body.maxBitrate ?? 2_000_000,
    resolution: body.resolution ?? '640x480',
    layout: body.layout ?? ({ type: 'bestFit' } as Layout),
    streamMode: body.streamMode ?? 'auto',
    multiBroadcastTag: body.multiBroadcastTag,
    hasAudio: body.hasAudio ?? true,
    hasVideo: body.hasVideo ?? true,
  };
  const hls: Broadcast['hls'] = outputs.hls
    ? { dvr: outputs.hls.dvr ?? false, lowLatency: outputs.hls.lowLatency ?? false, status: 'connecting' }
    : undefined;
  const rtmp: Broadcast['rtmp'] = (outputs.rtmp ?? []).map((target) => ({
    id: target.id,
    serverUrl: target.serverUrl,
    streamName: target.streamName,
    status: 'connecting',
  }));
  const session = ctx.state.session(ctx.project, sessionId);
  if (session.mediaMode !== 'routed') throw conflict('Broadcasts are only available for routed sessions (media mode "routed")');
  if (session.connections.size === 0) throw badRequest('The session has no connected clients');
  const live = running(ctx.state, session);
  if (init.multiBroadcastTag === undefined && live.length > 0) {
    throw conflict('A broadcast is already started for this session: set a unique multiBroadcastTag to start another');
  }
  if (init.multiBroadcastTag !== undefined && live.some((b) => b.multiBroadcastTag === init.multiBroadcastTag)) {
    throw conflict('A broadcast with this multiBroadcastTag is already running for the session');
  }
  const now = Date.now();
  const broadcast: Broadcast = {
    id: uuid(),
    seq: ctx.state.nextSeq(),
    project: ctx.project,
    sessionId,
    status: 'started',
    createdAt: now,
    updatedAt: now,
    ...init,
    hls,
    rtmp,
    streams: new Map(),
  };
  ctx.state.broadcasts.set(broadcast.id, broadcast);
  notifyBroadcast(ctx.state, broadcast);
  ctx.state.timers.set(() => {
    if (broadcast.status !== 'started') return;
    if (broadcast.hls) broadcast.hls.status = 'live';
    for (const target of broadcast.rtmp) target.status = 'live';
    broadcast.updatedAt = Date.now();
  }, ctx.state.settings.broadcastStartMs);
  return jsonReply(200, broadcastJson(broadcast, ctx.state.baseUrl));
}

/**
 * The `broadcast_status` callback: the Broadcast object (its field list is not published, so the
 * REST object is the best guess, callbacks.md §2.1), with `status` and, when failed, `reason`.
 */
function notifyBroadcast(state: State, broadcast: Broadcast, failure?: string): void {
  emitCallback(state, broadcast.project, 'broadcast_status', {
    ...broadcastJson(broadcast, state.baseUrl),
    ...(failure !== undefined ? { status: 'failed', reason: failure } : {}),
  });
}

export function stopBroadcast(state: State, broadcast: Broadcast): void {
  broadcast.status = 'stopped';
  broadcast.updatedAt = Date.now();
  if (broadcast.hls) broadcast.hls.status = 'ended';
  for (const target of broadcast.rtmp) target.status = 'offline';
  notifyBroadcast(state, broadcast);
}

/**
 * A broadcast fails (a node failure, fired through the control API): it ends, its outputs turn
 * `error`, and the callback says `failed`. The REST object shows it `stopped`.
 */
export function failBroadcast(state: State, broadcast: Broadcast, reason: string): void {
  broadcast.status = 'stopped';
  broadcast.updatedAt = Date.now();
  if (broadcast.hls) broadcast.hls.status = 'error';
  for (const target of broadcast.rtmp) target.status = 'error';
  notifyBroadcast(state, broadcast, reason);
}

function stop(ctx: RestContext): Reply {
  const broadcast = findBroadcast(ctx);
  if (broadcast.status !== 'started') throw notFound('Broadcast not found or already stopped');
  stopBroadcast(ctx.state, broadcast);
  return jsonReply(200, broadcastJson(broadcast, ctx.state.baseUrl));
}

function get(ctx: RestContext): Reply {
  return jsonReply(200, broadcastJson(findBroadcast(ctx), ctx.state.baseUrl));
}

function list(ctx: RestContext): Reply {
  const sessionId = ctx.query.get('sessionId') || undefined;
  const items = [...ctx.state.broadcasts.values()]
    .filter((b) => b.project === ctx.project && (sessionId === undefined || b.sessionId === sessionId))
    .sort((a, b) => b.seq - a.seq);
  const result = page(items, ctx.query);
  return jsonReply(200, { count: result.count, items: result.items.map((b) => broadcastJson(b, ctx.state.baseUrl)) });
}

function setLayout(ctx: RestContext): Reply {
  const broadcast = findBroadcast(ctx);
  const layout = parseBody(layoutSchema, ctx.json(), { root: 'layout' });
  if (broadcast.status !== 'started') throw conflict('The layout can only be changed while the broadcast is running');
  broadcast.layout = layout;
  broadcast.updatedAt = Date.now();
  return jsonReply(200, broadcastJson(broadcast, ctx.state.baseUrl));
}

function patchStreams(ctx: RestContext): Reply {
  const broadcast = findBroadcast(ctx);
  const patch = readStreamPatch(ctx.json());
  if (broadcast.streamMode !== 'manual') {
    throw new ApiError(405, 'Stream mode not supported: the broadcast was started with streamMode "auto"');
  }
  if (broadcast.status !== 'started') throw conflict('Streams can only be changed while the broadcast is running');
  applyStreamPatch(ctx, broadcast.sessionId, broadcast.streams, patch);
  broadcast.updatedAt = Date.now();
  return emptyReply(204);
}

const IDLE_TIMER = 'broadcasts';

/** Broadcasts stop when the last client has been gone for the idle timeout. */
export function install(state: State): void {
  state.on('connectionCreated', (session) => state.clearSessionTimer(session, IDLE_TIMER));
  state.on('connectionDestroyed', (session) => {
    if (session.connections.size > 0) return;
    state.setSessionTimer(
      session,
      IDLE_TIMER,
      () => {
        for (const broadcast of running(state, session)) stopBroadcast(state, broadcast);
      },
      state.settings.idleTimeoutMs,
    );
  });
  state.on('streamDestroyed', (session, stream) => {
    for (const broadcast of running(state, session)) broadcast.streams.delete(stream.id);
  });
}

export const routes: RestRoute[] = [
  route('POST', `${P}/broadcast`, start),
  route('GET', `${P}/broadcast`, list),
  route('GET', `${P}/broadcast/:broadcastId`, get),
  route('POST', `${P}/broadcast/:broadcastId/stop`, stop),
  route('PUT', `${P}/broadcast/:broadcastId/layout`, setLayout),
  route('PATCH', `${P}/broadcast/:broadcastId/streams`, patchStreams),
];
