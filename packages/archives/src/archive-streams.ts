// Manual stream selection. @video/broadcasts has the same two calls for broadcasts; the bodies are
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

/** Options of {@link addArchiveStream}. */
export interface AddArchiveStreamOptions extends CallOptions {
  /** Include the stream's audio. Default true. */
  hasAudio?: boolean;
  /** Include the stream's video. Default true. Not both `hasAudio` and `hasVideo` may be false. */
  hasVideo?: boolean;
}

async function patchStreams(client: VideoClient, operation: string, archiveId: string, json: object, call: CallOptions) {
  const path = projectPath(client, 'archive', pathSegment(archiveId, 'archiveId'), 'streams');
  await client.request({ operation, method: 'PATCH', path, json, expect: 'none', ...call });
}

/**
 * Adds a stream to an archive started with `streamMode: 'manual'`; calling it again for the same
 * stream changes its audio/video flags. Sends `{addStream, hasAudio, hasVideo}`.
 *
 * Errors: `InvalidRequestError` with code `'method_not_allowed'` (405) or `'bad_request'` (400)
 * when the archive is in `auto` stream mode; `NotFoundError` (404) for an unknown archive or stream.
 */
export async function addArchiveStream(
  client: VideoClient,
  archiveId: string,
  streamId: string,
  options: AddArchiveStreamOptions = {},
): Promise<void> {
  const call = callOptions(options, ['hasAudio', 'hasVideo']);
  const addStream = checkString(streamId, 'streamId');
  const hasAudio = optional(options.hasAudio, (v) => checkBoolean(v, 'hasAudio')) ?? true;
  const hasVideo = optional(options.hasVideo, (v) => checkBoolean(v, 'hasVideo')) ?? true;
  if (!hasAudio && !hasVideo) throw new VideoValidationError('hasVideo', 'hasAudio and hasVideo cannot both be false');
  await patchStreams(client, 'addArchiveStream', archiveId, { addStream, hasAudio, hasVideo }, call);
}

/**
 * Removes a stream from an archive started with `streamMode: 'manual'`. Sends `{removeStream}`.
 *
 * Errors: as {@link addArchiveStream}.
 */
export async function removeArchiveStream(
  client: VideoClient,
  archiveId: string,
  streamId: string,
  options: CallOptions = {},
): Promise<void> {
  const call = callOptions(options);
  await patchStreams(client, 'removeArchiveStream', archiveId, { removeStream: checkString(streamId, 'streamId') }, call);
}
