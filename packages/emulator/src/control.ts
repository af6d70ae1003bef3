import * as z from 'zod/mini';
import { callbackControlRoutes } from './callbacks/control.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { TokenRejected, verifyClientToken } from './client-tokens.js';
import type { EmulatorState, PublishOptions, SessionState } from './control-types.js';
import { badRequest, forbidden, notFound } from './errors.js';
import type { ControlContext } from './control-context.js';
import { emptyReply, jsonReply, type Reply, type Route } from './router.js';
import { archiveFile, archiveState } from './routes/archives.js';
import { audioConnectorState } from './routes/audio-connector.js';
import { broadcastState } from './routes/broadcasts.js';
import { callbackJson } from './routes/callbacks.js';
import { captionsState } from './routes/captions.js';
import { renderState } from './routes/renders.js';
import { sipState } from './routes/sip.js';
import type { Session, State } from './state.js';

export type { ControlContext } from './control-context.js';
import { describeValue, opt, parseBody, stringArray } from './validation.js';

const C = '/_emulator';

function sessionOf(ctx: ControlContext): Session {
  const session = ctx.state.sessions.get(ctx.params['sessionId'] ?? '');
  if (!session) throw notFound('Session not found');
  return session;
}

/**
 * POST /_emulator/sessions/:id/connections: the client token (of any type: a refused token is a
 * 403, as a connecting client would get) and data for a token that carries none.
 */
const joinBody = z.object({ token: z.optional(z.unknown()), data: opt(z.string()) });

/** Joins a client: the token is verified exactly as a connecting client's would be. */
async function join(ctx: ControlContext): Promise<Reply> {
  const session = sessionOf(ctx);
  const { token: given, data: extraData } = parseBody(joinBody, ctx.json());
  let token;
  try {
    token = await verifyClientToken(given, session, ctx.state.projects);
  } catch (error) {
    if (error instanceof TokenRejected) throw forbidden(`Invalid token: ${error.message}`);
    throw error;
  }
  const connection = ctx.state.addConnection(session, {
    role: token.role,
    data: token.data ?? extraData ?? '',
    kind: 'client',
    tokenFormat: token.format,
    layoutClassList: token.layoutClassList,
  });
  return jsonReply(201, { connectionId: connection.id, role: connection.role, data: connection.data });
}

function disconnect(ctx: ControlContext): Reply {
  const session = sessionOf(ctx);
  const connection = ctx.state.connection(session, ctx.params['connectionId'] ?? '');
  ctx.state.removeConnection(session, connection.id);
  return emptyReply(204);
}

/** POST …/connections/:id/streams: every field optional, and so is the body. */
const publishBody = z.object({
  name: opt(z.string().check(z.maxLength(1000))),
  hasAudio: opt(z.boolean()),
  hasVideo: opt(z.boolean()),
  layoutClassList: opt(stringArray),
  videoType: opt(z.enum(['camera', 'screen', 'custom'])),
});

function readPublish(value: unknown): PublishOptions {
  const { name, hasAudio, hasVideo, layoutClassList, videoType } = parseBody(publishBody, value, { optional: true });
  return {
    ...(videoType !== undefined ? { videoType } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(hasAudio !== undefined ? { hasAudio } : {}),
    ...(hasVideo !== undefined ? { hasVideo } : {}),
    ...(layoutClassList !== undefined ? { layoutClassList } : {}),
  };
}

function publish(ctx: ControlContext): Reply {
  const session = sessionOf(ctx);
  const connection = ctx.state.connection(session, ctx.params['connectionId'] ?? '');
  const options = readPublish(ctx.json());
  if (connection.role === 'subscriber') throw forbidden('A connection with the subscriber role cannot publish');
  const stream = ctx.state.addStream(session, connection, {
    videoType: options.videoType ?? 'camera',
    name: options.name ?? '',
    hasAudio: options.hasAudio ?? true,
    hasVideo: options.hasVideo ?? true,
    layoutClassList: options.layoutClassList ?? [...connection.layoutClassList],
  });
  return jsonReply(201, { streamId: stream.id });
}

function unpublish(ctx: ControlContext): Reply {
  const session = sessionOf(ctx);
  const stream = ctx.state.stream(session, ctx.params['streamId'] ?? '');
  ctx.state.removeStream(session, stream.id);
  return emptyReply(204);
}

function sessionState(session: Session): SessionState {
  return {
    sessionId: session.id,
    projectKey: session.project.key,
    mediaMode: session.mediaMode,
    archiveMode: session.archiveMode,
    e2ee: session.e2ee,
    location: session.location ?? null,
    archiveName: session.archiveName ?? null,
    archiveResolution: session.archiveResolution ?? null,
    createdAt: session.createdAt,
    forceMute: { active: session.forceMute.active, excludedStreamIds: [...session.forceMute.excluded] },
    migration: {
      migrating: session.migration.migrating,
      startedAt: session.migration.startedAt ?? null,
      migratedAt: session.migration.migratedAt ?? null,
      count: session.migration.count,
    },
    connections: [...session.connections.values()].map((c) => ({
      connectionId: c.id,
      role: c.role,
      data: c.data,
      kind: c.kind,
      tokenFormat: c.tokenFormat,
      createdAt: c.createdAt,
    })),
    streams: [...session.streams.values()].map((s) => ({
      streamId: s.id,
      connectionId: s.connectionId,
      videoType: s.videoType,
      name: s.name,
      hasAudio: s.hasAudio,
      hasVideo: s.hasVideo,
      audioMuted: s.audioMuted,
      layoutClassList: [...s.layoutClassList],
      createdAt: s.createdAt,
    })),
  };
}

/** Everything held, oldest first. Holds no secret and no token. */
export function snapshot(state: State): EmulatorState {
  const ordered = <T extends { seq: number }>(map: Map<string, T>): T[] => [...map.values()].sort((a, b) => a.seq - b.seq);
  return {
    projects: state.projects.map((p) => ({ kind: p.kind, key: p.key })),
    sessions: [...state.sessions.values()].map(sessionState),
    archives: ordered(state.archives).map((a) => archiveState(a, state.baseUrl)),
    broadcasts: ordered(state.broadcasts).map((b) => broadcastState(b, state.baseUrl)),
    sipCalls: ordered(state.sipCalls).map(sipState),
    audioConnectors: ordered(state.audioConnectors).map(audioConnectorState),
    renders: ordered(state.renders).map(renderState),
    captions: ordered(state.captions).map(captionsState),
    callbacks: ordered(state.callbacks).map(callbackJson),
  };
}

function archiveMedia(ctx: ControlContext): Reply {
  const archive = ctx.state.archives.get(ctx.params['archiveId'] ?? '');
  if (!archive || archive.status !== 'available') throw notFound('Archive file not found');
  const file = ctx.params['file'];
  if (file === 'transcription.json' && archive.transcription) {
    return jsonReply(200, { archiveId: archive.id, transcript: [] });
  }
  const media = archiveFile(archive);
  if (file !== media.fileName) throw notFound('Archive file not found');
  return { status: 200, headers: { 'Content-Type': media.contentType }, body: media.bytes };
}

function hlsPlaylist(ctx: ControlContext): Reply {
  const broadcast = ctx.state.broadcasts.get(ctx.params['broadcastId'] ?? '');
  if (!broadcast?.hls) throw notFound('Broadcast not found');
  const ended = broadcast.status === 'stopped' ? '#EXT-X-ENDLIST\n' : '';
  return {
    status: 200,
    headers: { 'Content-Type': 'application/vnd.apple.mpegurl' },
    body: `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n${ended}`,
  };
}

/** The request log; `?reveal=secrets` shows the client tokens and passwords it hides by default. */
function listRequests(ctx: ControlContext): Reply {
  const reveal = ctx.query.get('reveal');
  if (reveal !== null && reveal !== 'secrets') {
    throw badRequest(`"reveal" must be "secrets" (to show client tokens and passwords), not ${describeValue(reveal)}`);
  }
  return jsonReply(200, ctx.requestLog.list({ revealSecrets: reveal === 'secrets' }));
}

export const controlRoutes: Route<ControlContext>[] = [
  { method: 'GET', path: `${C}/health`, handle: () => jsonReply(200, { ok: true }) },
  { method: 'POST', path: `${C}/sessions/:sessionId/connections`, handle: join },
  { method: 'DELETE', path: `${C}/sessions/:sessionId/connections/:connectionId`, handle: disconnect },
  { method: 'POST', path: `${C}/sessions/:sessionId/connections/:connectionId/streams`, handle: publish },
  { method: 'DELETE', path: `${C}/sessions/:sessionId/streams/:streamId`, handle: unpublish },
  { method: 'GET', path: `${C}/signals`, handle: (ctx) => jsonReply(200, ctx.state.signals) },
  { method: 'GET', path: `${C}/dtmf`, handle: (ctx) => jsonReply(200, ctx.state.dtmf) },
  { method: 'GET', path: `${C}/requests`, handle: listRequests },
  {
    method: 'DELETE',
    path: `${C}/requests`,
    handle: (ctx) => {
      ctx.requestLog.clear();
      return emptyReply(204);
    },
  },
  { method: 'GET', path: `${C}/state`, handle: (ctx) => jsonReply(200, snapshot(ctx.state)) },
  {
    method: 'POST',
    path: `${C}/reset`,
    handle: (ctx) => {
      ctx.state.reset();
      ctx.faults.clear();
      ctx.requestLog.clear();
      return emptyReply(204);
    },
  },
  { method: 'GET', path: `${C}/faults`, handle: (ctx) => jsonReply(200, ctx.faults.list()) },
  { method: 'POST', path: `${C}/faults`, handle: (ctx) => jsonReply(201, { id: ctx.faults.add(ctx.json()).id }) },
  {
    method: 'DELETE',
    path: `${C}/faults`,
    handle: (ctx) => {
      ctx.faults.clear();
      return emptyReply(204);
    },
  },
  {
    method: 'DELETE',
    path: `${C}/faults/:faultId`,
    handle: (ctx) => {
      if (!ctx.faults.remove(ctx.params['faultId'] ?? '')) throw notFound('Fault not found');
      return emptyReply(204);
    },
  },
  { method: 'GET', path: `${C}/media/archives/:archiveId/:file`, handle: archiveMedia },
  { method: 'GET', path: `${C}/media/broadcasts/:broadcastId/index.m3u8`, handle: hlsPlaylist },
  ...callbackControlRoutes,
  ...dashboardRoutes,
];

