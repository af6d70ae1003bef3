import {
  callOptions,
  checkStringArray,
  optional,
  pathSegment,
  projectPath,
  type CallOptions,
  type VideoClient,
} from '@video/core';

// The mute endpoints answer with the project's details (which may include its API secret); none
// of that is read or returned to the caller.

/**
 * Mutes the audio of one stream (`POST …/stream/{streamId}/mute`). The publisher can unmute it
 * again. Safe to retry: muting twice has the same effect as once.
 */
export async function forceMuteStream(
  client: VideoClient,
  sessionId: string,
  streamId: string,
  options: CallOptions = {},
): Promise<void> {
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'stream', pathSegment(streamId, 'streamId'), 'mute');
  await client.request({ operation: 'forceMuteStream', method: 'POST', path, expect: 'none', idempotent: true, ...callOptions(options) });
}

/** Options of {@link forceMuteAll}. */
export interface ForceMuteAllOptions extends CallOptions {
  /** Streams to leave unmuted, e.g. the moderator's own. Default: none. */
  excludedStreamIds?: readonly string[];
}

/**
 * Mutes every stream of a session except the excluded ones, and keeps muting streams published
 * later, until {@link disableForceMute} (`POST …/mute` with `{active: true, excludedStreamIds}`).
 */
export async function forceMuteAll(client: VideoClient, sessionId: string, options: ForceMuteAllOptions = {}): Promise<void> {
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'mute');
  const call = callOptions(options, ['excludedStreamIds']);
  const excludedStreamIds = optional(options.excludedStreamIds, (v) => checkStringArray(v, 'excludedStreamIds')) ?? [];
  await client.request({
    operation: 'forceMuteAll',
    method: 'POST',
    path,
    json: { active: true, excludedStreamIds },
    expect: 'none',
    idempotent: true,
    ...call,
  });
}

/**
 * Ends {@link forceMuteAll}: streams published from now on are no longer muted. Streams that are
 * already muted stay muted (`POST …/mute` with `{active: false}`).
 */
export async function disableForceMute(client: VideoClient, sessionId: string, options: CallOptions = {}): Promise<void> {
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'mute');
  await client.request({
    operation: 'disableForceMute',
    method: 'POST',
    path,
    json: { active: false },
    expect: 'none',
    idempotent: true,
    ...callOptions(options),
  });
}
