// Manual stream selection. @video/archives has the same two calls for archives; the bodies are
// identical but a domain package may not import another, so each keeps its own thin copy.
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
  /** Include the stream's video. Default true. Not both `hasAudio` and `hasVideo` may be false. */
  hasVideo?: boolean;
}

async function patchStreams(client: VideoClient, operation: string, broadcastId: string, json: object, call: CallOptions) {
  const path = projectPath(client, 'broadcast', pathSegment(broadcastId, 'broadcastId'), 'streams');
  await client.request({ operation, method: 'PATCH', path, json, expect: 'none', ...call });
}

/**
 * Adds a stream to a broadcast started with `streamMode: 'manual'`; calling it again for the same
 * stream changes its audio/video flags. Sends `{addStream, hasAudio, hasVideo}` (either flag may be
 * false, unlike in opentok-node).
 *
 * Errors: `InvalidRequestError` with code `'method_not_allowed'` (405) or `'bad_request'` (400)
 * when the broadcast is in `auto` stream mode; `NotFoundError` (404) for an unknown broadcast or stream.
 */
export async function addBroadcastStream(
  client: VideoClient,
  broadcastId: string,
  streamId: string,
  options: AddBroadcastStreamOptions = {},
): Promise<void> {
  const call = callOptions(options, ['hasAudio', 'hasVideo']);
  const addStream = checkString(streamId, 'streamId');
  const hasAudio = optional(options.hasAudio, (v) => checkBoolean(v, 'hasAudio')) ?? true;
  const hasVideo = optional(options.hasVideo, (v) => checkBoolean(v, 'hasVideo')) ?? true;
  if (!hasAudio && !hasVideo) throw new VideoValidationError('hasVideo', 'hasAudio and hasVideo cannot both be false');
  await patchStreams(client, 'addBroadcastStream', broadcastId, { addStream, hasAudio, hasVideo }, call);
}

/**
 * Removes a stream from a broadcast started with `streamMode: 'manual'`. Sends `{removeStream}`.
 *
 * Errors: as {@link addBroadcastStream}.
 */
export async function removeBroadcastStream(
  client: VideoClient,
  broadcastId: string,
  streamId: string,
  options: CallOptions = {},
): Promise<void> {
  const call = callOptions(options);
  await patchStreams(client, 'removeBroadcastStream', broadcastId, { removeStream: checkString(streamId, 'streamId') }, call);
}
