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
  /** Include the stream's video. Default true. */
  hasVideo?: boolean;
}

/**
 * Adds a stream to an archive started with `streamMode: 'manual'` (calling it again for the same
 * stream changes its audio/video flags).
 */
export async function addArchiveStream(
  client: VideoClient,
  archiveId: string,
  streamId: string,
  options: AddArchiveStreamOptions = {},
): Promise<void> {
  const path = projectPath(client, 'archive', pathSegment(archiveId, 'archiveId'), 'streams');
  const call = callOptions(options, ['hasAudio', 'hasVideo']);
  const hasAudio = optional(options.hasAudio, (v) => checkBoolean(v, 'hasAudio')) ?? true;
  const hasVideo = optional(options.hasVideo, (v) => checkBoolean(v, 'hasVideo')) ?? true;
  if (!hasAudio && !hasVideo) throw new VideoValidationError('hasVideo', 'hasAudio and hasVideo cannot both be false');
  const json = { addStream: checkString(streamId, 'streamId'), hasAudio, hasVideo };
  await client.request({ operation: 'addArchiveStream', method: 'PATCH', path, json, expect: 'none', ...call });
}

/** Removes a stream from an archive started with `streamMode: 'manual'`. */
export async function removeArchiveStream(
  client: VideoClient,
  archiveId: string,
  streamId: string,
  options: CallOptions = {},
): Promise<void> {
  const path = projectPath(client, 'archive', pathSegment(archiveId, 'archiveId'), 'streams');
  const json = { removeStream: checkString(streamId, 'streamId') };
  await client.request({ operation: 'removeArchiveStream', method: 'PATCH', path, json, expect: 'none', ...callOptions(options) });
}
