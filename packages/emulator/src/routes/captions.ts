import * as z from 'zod/mini';
import { verifyBodyToken } from '../client-tokens.js';
import { emitCallback } from '../callbacks/events.js';
import { conflict, notFound } from '../errors.js';
import { uuid } from '../ids.js';
import { projectField, type Project } from '../projects.js';
import { P, route, type RestContext, type RestRoute } from '../rest-context.js';
import { emptyReply, jsonReply, type Reply } from '../router.js';
import type { State } from '../state.js';
import { intBetween, length, opt, parseBody, requiredString } from '../validation.js';

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

/**
 * A captioning job as the control API shows it, in the shape of @vonage/video's caption status.
 * The REST API has no route that returns it: `GET …/captions/{captionsId}` does not exist
 * (rest-api-2026.md N3), so it is not served and answers 404 like any unknown path.
 */
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

/** POST /captions (§5.12). `partialCaptions` may be the strings `"true"`/`"false"`, as @vonage/video sends it. */
const startCaptionsBody = z.object({
  sessionId: requiredString(),
  token: requiredString(),
  languageCode: opt(z.enum(LANGUAGE_CODES)),
  maxDuration: opt(intBetween(300, 14_400)),
  partialCaptions: opt(
    z.pipe(
      z.union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be a boolean' }),
      z.transform((value: boolean | 'true' | 'false') => value === true || value === 'true'),
    ),
  ),
  statusCallbackUrl: opt(z.string().check(...length(15, 2048))),
});

/** Start: one caption job per session; routed sessions only; the token must be a moderator's. */
async function start(ctx: RestContext): Promise<Reply> {
  const body = parseBody(startCaptionsBody, ctx.json());
  const { sessionId, statusCallbackUrl } = body;
  const languageCode = body.languageCode ?? 'en-US';
  const maxDuration = body.maxDuration ?? 14_400;
  const partialCaptions = body.partialCaptions ?? true;
  const session = ctx.state.session(ctx.project, sessionId);
  if (session.mediaMode !== 'routed') throw conflict('Live captions are only available for routed sessions');
  await verifyBodyToken(body.token, session, ctx.state.projects, ['moderator']);
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
  notifyCaptions(ctx.state, captions);
  return jsonReply(202, { captionsId: captions.id });
}

function findCaptions(ctx: RestContext): Captions {
  const captions = ctx.state.captions.get(ctx.params['captionsId'] ?? '');
  if (!captions || captions.project !== ctx.project) throw notFound('Captions not found');
  return captions;
}

/**
 * The `captions_status` callback (fields as @vonage/video's caption status, callbacks.md §2.1),
 * to the `statusCallbackUrl` of the start request when it had one, else to the registration.
 */
function notifyCaptions(state: State, captions: Captions): void {
  emitCallback(state, captions.project, 'captions_status', captionsJson(captions), captions.statusCallbackUrl);
}

/** Ends a running caption job (a stop, a migration), or fails it (an engine fault). */
export function stopCaptions(state: State, captions: Captions, reason: string, status: 'stopped' | 'failed' = 'stopped'): void {
  if (captions.status !== 'started' && captions.status !== 'paused') return;
  const now = Date.now();
  captions.status = status;
  captions.reason = reason;
  captions.stoppedAt = now;
  captions.updatedAt = now;
  notifyCaptions(state, captions);
}

function stop(ctx: RestContext): Reply {
  stopCaptions(ctx.state, findCaptions(ctx), 'Stop Requested');
  return emptyReply(202);
}

export const routes: RestRoute[] = [
  route('POST', `${P}/captions`, start),
  route('POST', `${P}/captions/:captionsId/stop`, stop),
];
