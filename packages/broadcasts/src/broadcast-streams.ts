import {
  callOptions,
  checkBoolean,
  checkString,
  optional,
  pathSegment,
  projectPath,
  VideoValidationError,
  type CallOptions,
  type VideoClient,
} from '@video/core';

/** Options of {@link addBroadcastStream}. */
export interface AddBroadcastStreamOptions extends CallOptions {
  /** Include the stream's audio. Default true. */
  hasAudio?: boolean;
  /** Include the stream's video. Default true. */
  hasVideo?: boolean;
}

/** Adds a stream to a broadcast started with `streamMode: 'manual'`. */
export async function addBroadcastStream(
  client: VideoClient,
  broadcastId: string,
  streamId: string,
  options: AddBroadcastStreamOptions = {},
): Promise<void> {
  const path = projectPath(client, 'broadcast', pathSegment(broadcastId, 'broadcastId'), 'streams');
  const call = callOptions(options, ['hasAudio', 'hasVideo']);
  const hasAudio = optional(options.hasAudio, (v) => checkBoolean(v, 'hasAudio')) ?? true;
  const hasVideo = optional(options.hasVideo, (v) => checkBoolean(v, 'hasVideo')) ?? true;
  if (!hasAudio && !hasVideo) throw new VideoValidationError('hasVideo', 'hasAudio and hasVideo cannot both be false');
  const json = { addStream: checkString(streamId, 'streamId'), hasAudio, hasVideo };
  await client.request({ operation: 'addBroadcastStream', method: 'PATCH', path, json, expect: 'none', ...call });
}

/** Removes a stream from a broadcast started with `streamMode: 'manual'`. */
export async function removeBroadcastStream(
  client: VideoClient,
  broadcastId: string,
  streamId: string,
  options: CallOptions = {},
): Promise<void> {
  const path = projectPath(client, 'broadcast', pathSegment(broadcastId, 'broadcastId'), 'streams');
  const json = { removeStream: checkString(streamId, 'streamId') };
  await client.request({ operation: 'removeBroadcastStream', method: 'PATCH', path, json, expect: 'none', ...callOptions(options) });
}
