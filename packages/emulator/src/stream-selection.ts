// Manual stream selection (PATCH …/streams), shared by archives and broadcasts.
import * as z from 'zod/mini';
import type { RestContext } from './rest-context.js';
import { opt, parseBody, rule } from './validation.js';

export interface StreamPatch {
  add?: string;
  remove?: string;
  hasAudio: boolean;
  hasVideo: boolean;
}

/** PATCH …/streams: exactly one of addStream and removeStream, with audio/video flags for an added stream. */
const streamPatchBody = z.object({
  addStream: opt(z.string()),
  removeStream: opt(z.string()),
  hasAudio: opt(z.boolean()),
  hasVideo: opt(z.boolean()),
}).check(
  rule(({ addStream, removeStream, hasAudio, hasVideo }) => {
    if ((addStream === undefined) === (removeStream === undefined)) return 'Give exactly one of addStream and removeStream';
    if ((addStream ?? removeStream) === '') return 'The stream ID must not be empty';
    if (addStream !== undefined && hasAudio === false && hasVideo === false) return 'hasAudio and hasVideo cannot both be false';
    return undefined;
  }),
);

/** Reads a PATCH …/streams body. */
export function readStreamPatch(value: unknown): StreamPatch {
  const { addStream: add, removeStream: remove, hasAudio = true, hasVideo = true } = parseBody(streamPatchBody, value);
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
