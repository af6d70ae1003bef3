import { verifyBodyToken } from '../client-tokens.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { uuid } from '../ids.js';
import { projectField, type Project } from '../projects.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { emptyReply, jsonReply, type Reply } from '../router.js';
import { optEnum, optInt, optString, reqString, requireObject } from '../validation.js';

export interface Captions {
  id: string;
  seq: number;
  project: Project;
  sessionId: string;
  status: 'started' | 'stopped' | 'paused' | 'failed';
  reason: string;
  createdAt: number;
  updatedAt: number;
  stoppedAt: number | undefined;
  languageCode: string;
  maxDuration: number;
  partialCaptions: boolean;
  statusCallbackUrl: string | undefined;
}

export const LANGUAGE_CODES = [
  'en-US', 'en-AU', 'en-GB', 'es-US', 'zh-CN', 'fr-FR', 'fr-CA', 'de-DE', 'hi-IN', 'it-IT', 'ja-JP', 'ko-KR', 'pt-BR', 'th-TH',
] as const;

/** The caption status object of §5.12. */
export function captionsJson(c: Captions): Record<string, unknown> {
  const end = c.stoppedAt ?? Date.now();
  return {
    captionId: c.id,
    ...projectField(c.project),
    sessionId: c.sessionId,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    duration: Math.round((end - c.createdAt) / 1000),
    languageCode: c.languageCode,
    provider: 'aws-transcribe',
    reason: c.reason,
  };
}

export function captionsState(c: Captions): Record<string, unknown> {
  return {
    ...captionsJson(c),
    maxDuration: c.maxDuration,
    partialCaptions: c.partialCaptions,
    statusCallbackUrl: c.statusCallbackUrl ?? null,
  };
}

/** `partialCaptions` as a JSON boolean, or the strings `"true"`/`"false"` that @vonage/video sends. */
function readPartial(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw badRequest('"partialCaptions" must be a boolean');
}

/** Start: one caption job per session; routed sessions only; the token must be a moderator's. */
async function start(ctx: RestContext): Promise<Reply> {
  const body = requireObject(ctx.json());
  const sessionId = reqString(body, 'sessionId');
  if (body['token'] === undefined || body['token'] === null || body['token'] === '') throw badRequest('"token" is required');
  const languageCode = optEnum(body, 'languageCode', LANGUAGE_CODES) ?? 'en-US';
  const maxDuration = optInt(body, 'maxDuration', 300, 14_400) ?? 14_400;
  const partialCaptions = readPartial(body['partialCaptions']);
  const statusCallbackUrl = optString(body, 'statusCallbackUrl', { min: 15, max: 2048 });
  const session = ctx.state.session(ctx.project, sessionId);
  if (session.mediaMode !== 'routed') throw conflict('Live captions are only available for routed sessions');
  await verifyBodyToken(body['token'], session, ctx.state.projects, ['moderator']);
  const running = [...ctx.state.captions.values()].some((c) => c.sessionId === session.id && c.status === 'started');
  if (running) throw conflict('Audio captioning is already enabled', 60003);
  const now = Date.now();
  const captions: Captions = {
    id: uuid(),
    seq: ctx.state.nextSeq(),
    project: ctx.project,
    sessionId,
    status: 'started',
    reason: '',
    createdAt: now,
    updatedAt: now,
    stoppedAt: undefined,
    languageCode,
    maxDuration,
    partialCaptions,
    statusCallbackUrl,
  };
  ctx.state.captions.set(captions.id, captions);
  return jsonReply(202, { captionsId: captions.id });
}

function findCaptions(ctx: RestContext): Captions {
  const captions = ctx.state.captions.get(ctx.params['captionsId'] ?? '');
  if (!captions || captions.project !== ctx.project) throw notFound('Captions not found');
  return captions;
}

function stop(ctx: RestContext): Reply {
  const captions = findCaptions(ctx);
  if (captions.status === 'started' || captions.status === 'paused') {
    const now = Date.now();
    captions.status = 'stopped';
    captions.reason = 'Stop Requested';
    captions.stoppedAt = now;
    captions.updatedAt = now;
  }
  return emptyReply(202);
}

function status(ctx: RestContext): Reply {
  return jsonReply(200, captionsJson(findCaptions(ctx)));
}

export const routes: RestRoute[] = [
  route('POST', `${P}/captions`, start),
  route('POST', `${P}/captions/:captionsId/stop`, stop),
  route('GET', `${P}/captions/:captionsId`, status),
];
