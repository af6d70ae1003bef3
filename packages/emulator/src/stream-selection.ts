// Manual stream selection (PATCH …/streams), shared by archives and broadcasts.
import { badRequest } from './errors.js';
import type { RestContext } from './rest-context.js';
import { optBool, optString, requireObject } from './validation.js';

export interface StreamPatch {
  add?: string;
  remove?: string;
  hasAudio: boolean;
  hasVideo: boolean;
}

/** Reads a PATCH …/streams body: exactly one of addStream and removeStream. */
export function readStreamPatch(value: unknown): StreamPatch {
  const body = requireObject(value);
  const add = optString(body, 'addStream');
  const remove = optString(body, 'removeStream');
  if ((add === undefined) === (remove === undefined)) throw badRequest('Give exactly one of addStream and removeStream');
  if ((add ?? remove) === '') throw badRequest('The stream ID must not be empty');
  const hasAudio = optBool(body, 'hasAudio') ?? true;
  const hasVideo = optBool(body, 'hasVideo') ?? true;
  if (add !== undefined && !hasAudio && !hasVideo) throw badRequest('hasAudio and hasVideo cannot both be false');
  return { ...(add !== undefined ? { add } : {}), ...(remove !== undefined ? { remove } : {}), hasAudio, hasVideo };
}

/**
 * Adds (or re-adds with new audio/video flags) or removes a stream of the session. 404 when the
 * stream is not in the session (removing one that already left is fine).
 */
export function applyStreamPatch(
  ctx: RestContext,
  sessionId: string,
  selected: Map<string, { hasAudio: boolean; hasVideo: boolean }>,
  patch: StreamPatch,
): void {
  const session = ctx.state.session(ctx.project, sessionId);
  if (patch.add !== undefined) {
    ctx.state.stream(session, patch.add);
    selected.set(patch.add, { hasAudio: patch.hasAudio, hasVideo: patch.hasVideo });
  } else if (patch.remove !== undefined) {
    if (!selected.has(patch.remove)) ctx.state.stream(session, patch.remove);
    selected.delete(patch.remove);
  }
}
