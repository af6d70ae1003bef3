import type { CallOptions, VideoClient } from '@video/core';
import {
  callOptions,
  lazy,
  operationSchema,
  parseCallOptions,
  parseOptions,
  pathSegment,
  projectPath,
  type OperationOptions,
  type OptionsOf,
} from '@video/core/toolkit';
import * as z from 'zod/mini';

// The mute endpoints answer with the project's details (which may include its API secret); none
// of that is read or returned to the caller.

/**
 * Mutes the audio of one stream (`POST …/stream/{streamId}/mute`). The publisher can unmute it
 * again. Safe to retry: muting twice has the same effect as once.
 */
export async function forceMuteStream(client: VideoClient, sessionId: string, streamId: string, options: CallOptions = {}): Promise<void> {
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'stream', pathSegment(streamId, 'streamId'), 'mute');
  const call = parseCallOptions(options);
  await client.request({ operation: 'forceMuteStream', method: 'POST', path, expect: 'none', idempotent: true, ...call });
}

const forceMuteAllShape = /* @__PURE__ */ lazy(() => ({
  /** Streams to leave unmuted, e.g. the moderator's own. Default: none. */
  excludedStreamIds: z.optional(z.readonly(z.array(z.string().check(z.minLength(1))))),
}));
const forceMuteAllSchema = /* @__PURE__ */ lazy(() => operationSchema(forceMuteAllShape()));

/** Options of {@link forceMuteAll}. */
export type ForceMuteAllOptions = OperationOptions<typeof forceMuteAllShape>;

/**
 * Mutes every stream of a session except the excluded ones, and keeps muting streams published
 * later, until {@link disableForceMute} (`POST …/mute` with `{active: true, excludedStreamIds}`).
 */
export async function forceMuteAll(client: VideoClient, sessionId: string, options: ForceMuteAllOptions = {}): Promise<void> {
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'mute');
  const o = parseOptions(forceMuteAllSchema(), options);
  await client.request({
    operation: 'forceMuteAll',
    method: 'POST',
    path,
    json: { active: true, excludedStreamIds: o.excludedStreamIds ?? [] },
    expect: 'none',
    idempotent: true,
    ...callOptions(o),
  });
}

/**
 * Ends {@link forceMuteAll}: streams published from now on are no longer muted. Streams that are
 * already muted stay muted (`POST …/mute` with `{active: false}`).
 */
export async function disableForceMute(client: VideoClient, sessionId: string, options: CallOptions = {}): Promise<void> {
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'mute');
  const call = parseCallOptions(options);
  await client.request({
    operation: 'disableForceMute',
    method: 'POST',
    path,
    json: { active: false },
    expect: 'none',
    idempotent: true,
    ...call,
  });
}
