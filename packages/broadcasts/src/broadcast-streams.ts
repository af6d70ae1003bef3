import type { CallOptions, StreamSelectionOptions, VideoClient } from '@video/core';
import { addStream, removeStream } from '@video/core/toolkit';

/** Options of {@link addBroadcastStream}: `hasAudio` and `hasVideo` (default true, not both false). */
export type AddBroadcastStreamOptions = StreamSelectionOptions;

/**
 * Adds a stream to a broadcast started with `streamMode: 'manual'`; calling it again for the same
 * stream changes its audio/video flags. Sends `{addStream, hasAudio, hasVideo}` (either flag may be
 * false, unlike in opentok-node).
 *
 * Errors: `InvalidRequestError` with code `'method_not_allowed'` (405) or `'bad_request'` (400)
 * when the broadcast is in `auto` stream mode; `NotFoundError` (404) for an unknown broadcast or stream.
 */
export function addBroadcastStream(
  client: VideoClient,
  broadcastId: string,
  streamId: string,
  options?: AddBroadcastStreamOptions,
): Promise<void> {
  return addStream(client, 'addBroadcastStream', 'broadcast', broadcastId, streamId, options);
}

/**
 * Removes a stream from a broadcast started with `streamMode: 'manual'`. Sends `{removeStream}`.
 *
 * Errors: as {@link addBroadcastStream}.
 */
export function removeBroadcastStream(client: VideoClient, broadcastId: string, streamId: string, options?: CallOptions): Promise<void> {
  return removeStream(client, 'removeBroadcastStream', 'broadcast', broadcastId, streamId, options);
}
