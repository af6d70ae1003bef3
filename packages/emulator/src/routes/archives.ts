import { createHash } from 'node:crypto';
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

export type ArchiveStatus = 'available' | 'expired' | 'failed' | 'paused' | 'started' | 'stopped' | 'uploaded' | 'deleted';

export interface Archive {
  id: string;
  seq: number;
  project: Project;
  sessionId: string;
  name: string | null;
  status: ArchiveStatus;
  reason: string;
  createdAt: number;
  updatedAt: number;
  stoppedAt: number | undefined;
  outputMode: 'composed' | 'individual';
  streamMode: 'auto' | 'manual';
  hasAudio: boolean;
  hasVideo: boolean;
  resolution: Resolution | undefined;
  layout: Layout | undefined;
  multiArchiveTag: string | undefined;
  maxBitrate: number | undefined;
  quantizationParameter: number | undefined;
  hasTranscription: boolean;
  transcription: { primaryLanguageCode: string; hasSummary: boolean } | undefined;
  /** Streams selected in manual stream mode. */
  streams: Map<string, { hasAudio: boolean; hasVideo: boolean }>;
  /** Started by archiveMode `always`. */
  automatic: boolean;
}

/**
 * The 409 codes of the archive endpoints: 15001 already recording (opentok/opentok-react-native#427),
 * 15002 stop of an archive that is not recording and 15004 delete before it is available
 * (rest-api.md §5.3), 15008 a relayed session ("Only routed sessions are allowed to initiate
 * archives.", opentok/OpenTok-PHP-SDK#243).
 */
const ALREADY_RECORDING = 15001;
const NOT_RECORDING = 15002;
const NOT_DELETABLE = 15004;
const NOT_ROUTED = 15008;

const ACTIVE: readonly ArchiveStatus[] = ['started', 'paused'];
const isActive = (archive: Archive): boolean => ACTIVE.includes(archive.status);

/** The placeholder file an available archive's URL serves (its size and sha256sum match). */
export function archiveFile(archive: Archive): { bytes: Buffer; contentType: string; fileName: string } {
  const individual = archive.outputMode === 'individual';
  return {
    bytes: Buffer.from(`Emulated ${archive.outputMode} archive ${archive.id} of session ${archive.sessionId}\n`),
    contentType: individual ? 'application/zip' : 'video/mp4',
    fileName: individual ? 'archive.zip' : 'archive.mp4',
  };
}

/** The Archive object of §5.3 as the API shows it. */
export function archiveJson(archive: Archive, baseUrl: string): Record<string, unknown> {
  const done = !isActive(archive) && archive.stoppedAt !== undefined;
  const ready = archive.status === 'available' || archive.status === 'uploaded';
  const file = ready ? archiveFile(archive) : undefined;
  return {
    id: archive.id,
    status: archive.status,
    name: archive.name,
    reason: archive.reason,
    sessionId: archive.sessionId,
    ...projectField(archive.project),
    createdAt: archive.createdAt,
    updatedAt: archive.updatedAt,
    size: file ? file.bytes.length : 0,
    duration: done ? Math.round(((archive.stoppedAt ?? archive.createdAt) - archive.createdAt) / 1000) : 0,
    outputMode: archive.outputMode,
    streamMode: archive.streamMode,
    hasAudio: archive.hasAudio,
    hasVideo: archive.hasVideo,
    hasTranscription: archive.hasTranscription,
    sha256sum: file ? createHash('sha256').update(file.bytes).digest('hex') : null,
    password: '',
    event: 'archive',
    ...(archive.resolution ? { resolution: archive.resolution } : {}),
    url:
      archive.status === 'available' && file
        ? `${baseUrl}/_emulator/media/archives/${archive.id}/${file.fileName}`
        : null,
    ...(archive.maxBitrate !== undefined ? { maxBitrate: archive.maxBitrate } : {}),
    ...(archive.quantizationParameter !== undefined ? { quantizationParameter: archive.quantizationParameter } : {}),
    ...(archive.multiArchiveTag !== undefined ? { multiArchiveTag: archive.multiArchiveTag } : {}),
    streams: [...archive.streams].map(([streamId, s]) => ({ streamId, hasAudio: s.hasAudio, hasVideo: s.hasVideo })),
    ...(archive.transcription ? { transcription: transcriptionJson(archive, baseUrl) } : {}),
  };
}

/**
 * The `transcription` of an archive started with `hasTranscription` (OpenAPI 0.3.2 `Transcription`).
 * It follows the archive: `requested` while recording, `started` while the archive is processed,
 * then `available` (with the URL of its JSON file while the archive is available) or `uploaded`;
 * `failed` when the archive failed. It stays `available` once the archive expires or is deleted.
 */
function transcriptionJson(archive: Archive, baseUrl: string): Record<string, unknown> {
  const status =
    isActive(archive) ? 'requested'
    : archive.status === 'stopped' ? 'started'
    : archive.status === 'uploaded' ? 'uploaded'
    : archive.status === 'failed' ? 'failed'
    : 'available';
  return {
    status,
    reason: status === 'failed' ? 'The archive failed' : '',
    url: archive.status === 'available' ? `${baseUrl}/_emulator/media/archives/${archive.id}/transcription.json` : null,
    primaryLanguageCode: archive.transcription?.primaryLanguageCode,
    hasSummary: archive.transcription?.hasSummary,
  };
}

/** The archive with its layout and flags, for `GET /_emulator/state`. */
export function archiveState(archive: Archive, baseUrl: string): Record<string, unknown> {
  return { ...archiveJson(archive, baseUrl), layout: archive.layout ?? null, automatic: archive.automatic };
}

function findArchive(ctx: RestContext): Archive {
  const archive = ctx.state.archives.get(ctx.params['archiveId'] ?? '');
  if (!archive || archive.project !== ctx.project) throw notFound('Archive not found');
  return archive;
}

function activeArchives(state: State, session: Session): Archive[] {
  return [...state.archives.values()].filter((a) => a.sessionId === session.id && isActive(a));
}

/** 409 unless a new archive with `tag` may run next to the ones already recording. */
function checkConflicts(state: State, session: Session, tag: string | undefined): void {
  const running = activeArchives(state, session);
  if (tag === undefined && running.length > 0) {
    throw conflict('Session is already being recorded: set a unique multiArchiveTag to record it again', ALREADY_RECORDING);
  }
  if (tag !== undefined && running.some((a) => a.multiArchiveTag === tag)) {
    throw conflict('Session is already composed for given tag', ALREADY_RECORDING);
  }
}

interface ArchiveInit {
  name: string | null;
  outputMode: Archive['outputMode'];
  streamMode: Archive['streamMode'];
  hasAudio: boolean;
  hasVideo: boolean;
  resolution: Resolution | undefined;
  layout: Layout | undefined;
  multiArchiveTag: string | undefined;
  maxBitrate: number | undefined;
  quantizationParameter: number | undefined;
  hasTranscription: boolean;
  transcription: Archive['transcription'];
  automatic: boolean;
}

function createArchive(state: State, session: Session, init: ArchiveInit): Archive {
  const now = Date.now();
  const archive: Archive = {
    id: uuid(),
    seq: state.nextSeq(),
    project: session.project,
    sessionId: session.id,
    status: 'started',
    reason: '',
    createdAt: now,
    updatedAt: now,
    stoppedAt: undefined,
    streams: new Map(),
    ...init,
  };
  state.archives.set(archive.id, archive);
  return archive;
}

/**
 * The `archive_status` callback of the archive as it now is (callbacks.md §2.1): the Archive
 * object, with `createdAt` rounded to the second and `streams` only while it is `started`.
 */
function archivePayload(state: State, archive: Archive): Record<string, unknown> {
  const { streams, ...json } = archiveJson(archive, state.baseUrl);
  return { ...json, createdAt: Math.floor(archive.createdAt / 1000) * 1000, ...(archive.status === 'started' ? { streams } : {}) };
}

function notify(state: State, archive: Archive, payload = archivePayload(state, archive)): void {
  emitCallback(state, archive.project, 'archive_status', payload);
}

/** Paused while nobody publishes in the session (the start answer still says `started`). */
function pauseIfIdle(state: State, session: Session, archive: Archive): void {
  if (session.streams.size === 0 && archive.status === 'started') {
    archive.status = 'paused';
    archive.updatedAt = Date.now();
    notify(state, archive);
  }
}

/**
 * Stops an archive; it turns `available` after the processing delay. With the callback option
 * `uploadedBeforeStopped`, it turns `uploaded` instead (as with an upload target) and the
 * `stopped` callback is held back until the `uploaded` one is sent, as the service may do for a
 * short archive.
 */
export function stopArchive(state: State, archive: Archive, reason: string): void {
  const now = Date.now();
  archive.status = 'stopped';
  archive.reason = reason;
  archive.stoppedAt = now;
  archive.updatedAt = now;
  const uploadFirst = state.dispatcher?.settings.uploadedBeforeStopped ?? false;
  const stopped = archivePayload(state, archive);
  if (!uploadFirst) notify(state, archive, stopped);
  state.timers.set(() => {
    if (archive.status !== 'stopped') return;
    archive.status = uploadFirst ? 'uploaded' : 'available';
    archive.updatedAt = Date.now();
    notify(state, archive);
    if (uploadFirst) notify(state, archive, stopped);
  }, state.settings.archiveProcessingMs);
}

/** The fields that only a composed archive takes. */
const COMPOSED_ONLY = ['resolution', 'layout', 'maxBitrate', 'quantizationParameter'] as const;

/** POST /archive (§5.3). */
const startArchiveBody = z
  .object({
    sessionId: requiredString(),
    name: opt(z.string()),
    hasAudio: opt(z.boolean()),
    hasVideo: opt(z.boolean()),
    outputMode: opt(z.enum(['composed', 'individual'])),
    resolution: opt(z.enum(RESOLUTIONS)),
    layout: opt(layoutSchema),
    streamMode: opt(z.enum(['auto', 'manual'])),
    multiArchiveTag: opt(z.string()),
    maxBitrate: opt(intBetween(100_000, 6_000_000)),
    quantizationParameter: opt(intBetween(15, 40)),
    hasTranscription: opt(z.boolean()),
    transcriptionProperties: opt(z.object({ primaryLanguageCode: opt(z.string()), hasSummary: opt(z.boolean()) })),
  })
  .check(
    rule((body) => {
      if (body.hasAudio === false && body.hasVideo === false) return 'hasAudio and hasVideo cannot both be false';
      if (body.maxBitrate !== undefined && body.quantizationParameter !== undefined) {
        return 'maxBitrate and quantizationParameter cannot both be set';
      }
      if (body.outputMode === 'individual') {
        const field = COMPOSED_ONLY.find((name) => body[name] !== undefined);
        if (field) return `${field} can only be set for composed archives`;
      }
      if (body.transcriptionProperties && !body.hasTranscription) return 'transcriptionProperties needs hasTranscription: true';
      // Post-call transcription is for individual archives with audio (rest-api-2026.md N10).
      if (body.hasTranscription && body.outputMode !== 'individual') {
        return { path: ['hasTranscription'], message: 'needs outputMode "individual": transcription is only for individual stream archives' };
      }
      if (body.hasTranscription && body.hasAudio === false) {
        return { path: ['hasTranscription'], message: 'needs hasAudio: true: there is no audio to transcribe' };
      }
      return undefined;
    }),
  );

function readStart(value: unknown): ArchiveInit & { sessionId: string } {
  const body = parseBody(startArchiveBody, value);
  const outputMode = body.outputMode ?? 'composed';
  const hasTranscription = body.hasTranscription ?? false;
  const properties = body.transcriptionProperties;
  return {
    sessionId: body.sessionId,
    name: body.name ?? null,
    outputMode,
    streamMode: body.streamMode ?? 'auto',
    hasAudio: body.hasAudio ?? true,
    hasVideo: body.hasVideo ?? true,
    resolution: outputMode === 'composed' ? (body.resolution ?? '640x480') : undefined,
    layout: outputMode === 'composed' ? (body.layout ?? { type: 'bestFit' }) : undefined,
    multiArchiveTag: body.multiArchiveTag,
    maxBitrate: body.maxBitrate,
    quantizationParameter: body.quantizationParameter,
    hasTranscription,
    transcription: hasTranscription
      ? { primaryLanguageCode: properties?.primaryLanguageCode ?? 'en-US', hasSummary: properties?.hasSummary ?? false }
      : undefined,
    automatic: false,
  };
}

function start(ctx: RestContext): Reply {
  const { sessionId, ...init } = readStart(ctx.json());
  const session = ctx.state.session(ctx.project, sessionId);
  if (session.mediaMode !== 'routed') {
    throw conflict('Only routed sessions are allowed to initiate archives (media mode "routed")', NOT_ROUTED);
  }
  if (session.connections.size === 0) throw notFound('No clients are actively connected to the session');
  checkConflicts(ctx.state, session, init.multiArchiveTag);
  const archive = createArchive(ctx.state, session, init);
  const reply = jsonReply(200, archiveJson(archive, ctx.state.baseUrl));
  notify(ctx.state, archive);
  pauseIfIdle(ctx.state, session, archive);
  return reply;
}

function stop(ctx: RestContext): Reply {
  const archive = findArchive(ctx);
  // The real error text names `stopped` as a stoppable status: stopping again is a no-op.
  if (archive.status === 'stopped') return jsonReply(200, archiveJson(archive, ctx.state.baseUrl));
  if (!isActive(archive)) {
    throw conflict(
      'You can only stop an archive that has one of the following statuses: started OR paused OR stopped',
      NOT_RECORDING,
    );
  }
  // Stopping an automatic archive has no effect on the real service either.
  if (!archive.automatic) stopArchive(ctx.state, archive, 'user initiated');
  return jsonReply(200, archiveJson(archive, ctx.state.baseUrl));
}

function get(ctx: RestContext): Reply {
  return jsonReply(200, archiveJson(findArchive(ctx), ctx.state.baseUrl));
}

function list(ctx: RestContext): Reply {
  const sessionId = ctx.query.get('sessionId') || undefined;
  const items = [...ctx.state.archives.values()]
    .filter((a) => a.project === ctx.project && a.status !== 'deleted')
    .filter((a) => sessionId === undefined || a.sessionId === sessionId)
    .sort((a, b) => b.seq - a.seq);
  const result = page(items, ctx.query);
  return jsonReply(200, { count: result.count, items: result.items.map((a) => archiveJson(a, ctx.state.baseUrl)) });
}

function remove(ctx: RestContext): Reply {
  const archive = findArchive(ctx);
  if (!['available', 'uploaded', 'deleted'].includes(archive.status)) {
    throw conflict(
      `You can only delete an archive that has one of the following statuses: available OR uploaded OR deleted (this one is ${archive.status})`,
      NOT_DELETABLE,
    );
  }
  archive.status = 'deleted';
  archive.updatedAt = Date.now();
  return emptyReply(204);
}

function setLayout(ctx: RestContext): Reply {
  const archive = findArchive(ctx);
  const layout = parseBody(layoutSchema, ctx.json(), { root: 'layout' });
  if (archive.outputMode !== 'composed') throw badRequest('The layout can only be set for composed archives');
  if (!isActive(archive)) throw conflict('The layout can only be changed while the archive is recording');
  archive.layout = layout;
  archive.updatedAt = Date.now();
  return jsonReply(200, archiveJson(archive, ctx.state.baseUrl));
}

function patchStreams(ctx: RestContext): Reply {
  const archive = findArchive(ctx);
  const patch = readStreamPatch(ctx.json());
  if (archive.streamMode !== 'manual') {
    throw new ApiError(405, 'Stream mode not supported: the archive was started with streamMode "auto"');
  }
  if (!isActive(archive)) throw conflict('Streams can only be changed while the archive is recording');
  applyStreamPatch(ctx, archive.sessionId, archive.streams, patch);
  archive.updatedAt = Date.now();
  return emptyReply(204);
}

const IDLE_TIMER = 'archives';

/** Archive rules that follow the session: automatic archives, pause/resume, stop when everyone left. */
export function install(state: State): void {
  state.on('connectionCreated', (session) => {
    state.clearSessionTimer(session, IDLE_TIMER);
    if (session.archiveMode !== 'always' || session.mediaMode !== 'routed') return;
    if (activeArchives(state, session).some((a) => a.automatic)) return;
    const archive = createArchive(state, session, {
      name: session.archiveName ?? null,
      outputMode: 'composed',
      streamMode: 'auto',
      hasAudio: true,
      hasVideo: true,
      resolution: (session.archiveResolution as Resolution | undefined) ?? '640x480',
      layout: { type: 'bestFit' },
      multiArchiveTag: undefined,
      maxBitrate: undefined,
      quantizationParameter: undefined,
      hasTranscription: false,
      transcription: undefined,
      automatic: true,
    });
    notify(state, archive);
    pauseIfIdle(state, session, archive);
  });
  state.on('connectionDestroyed', (session) => {
    if (session.connections.size > 0) return;
    state.setSessionTimer(
      session,
      IDLE_TIMER,
      () => {
        for (const archive of activeArchives(state, session)) stopArchive(state, archive, 'session ended');
      },
      state.settings.idleTimeoutMs,
    );
  });
  state.on('streamCreated', (session) => {
    for (const archive of activeArchives(state, session)) {
      if (archive.status === 'paused') {
        archive.status = 'started';
        archive.updatedAt = Date.now();
        notify(state, archive);
      }
    }
  });
  state.on('streamDestroyed', (session, stream) => {
    for (const archive of activeArchives(state, session)) {
      archive.streams.delete(stream.id);
      pauseIfIdle(state, session, archive);
    }
  });
}

export const routes: RestRoute[] = [
  route('POST', `${P}/archive`, start),
  route('GET', `${P}/archive`, list),
  route('GET', `${P}/archive/:archiveId`, get),
  route('DELETE', `${P}/archive/:archiveId`, remove),
  route('POST', `${P}/archive/:archiveId/stop`, stop),
  route('PUT', `${P}/archive/:archiveId/layout`, setLayout),
  route('PATCH', `${P}/archive/:archiveId/streams`, patchStreams),
];
