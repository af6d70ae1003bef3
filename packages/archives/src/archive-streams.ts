import type { CallOptions, StreamSelectionOptions, VideoClient } from '@video/core';
import { addStream, removeStream } from '@video/core/toolkit';

/** Options of {@link addArchiveStream}: `hasAudio` and `hasVideo` (default true, not both false). */
export type AddArchiveStreamOptions = StreamSelectionOptions;

/**
 * Adds a stream to an archive started with `streamMode: 'manual'`; calling it again for the same
 * stream changes its audio/video flags. Sends `{addStream, hasAudio, hasVideo}`.
 *
 * Errors: `InvalidRequestError` with code `'method_not_allowed'` (405) or `'bad_request'` (400)
 * when the archive is in `auto` stream mode; `NotFoundError` (404) for an unknown archive or stream.
 */
export function addArchiveStream(client: VideoClient, archiveId: string, streamId: string, options?: AddArchiveStreamOptions): Promise<void> {
  return addStream(client, 'addArchiveStream', 'archive', archiveId, streamId, options);
}

/**
 * Removes a stream from an archive started with `streamMode: 'manual'`. Sends `{removeStream}`.
 *
 * Errors: as {@link addArchiveStream}.
 */
export function removeArchiveStream(client: VideoClient, archiveId: string, streamId: string, options?: CallOptions): Promise<void> {
  return removeStream(client, 'removeArchiveStream', 'archive', archiveId, streamId, options);
}
