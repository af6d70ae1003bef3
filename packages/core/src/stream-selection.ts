// Manual stream selection (`PATCH …/{archive|broadcast}/{id}/streams`), identical for archives and
// broadcasts, so it lives here rather than twice in the two packages.
import { VideoValidationError } from '@video/auth';
import type { VideoClient } from './client.js';
import { pathSegment, projectPath } from './paths.js';
import { callOptions, type CallOptions } from './pipeline.js';
import { checkBoolean, checkString, optional } from './validate.js';

/** Options of adding a stream: which of its tracks to include. */
export interface StreamSelectionOptions extends CallOptions {
  /** Include the stream's audio. Default true. */
  hasAudio?: boolean;
  /** Include the stream's video. Default true. Not both `hasAudio` and `hasVideo` may be false. */
  hasVideo?: boolean;
}

type Resource = 'archive' | 'broadcast';

function patchStreams(client: VideoClient, operation: string, resource: Resource, id: string, json: object, call: CallOptions) {
  const path = projectPath(client, resource, pathSegment(id, `${resource}Id`), 'streams');
  return client.request({ operation, method: 'PATCH', path, json, expect: 'none', ...call });
}

/** Sends `{addStream, hasAudio, hasVideo}`; calling it again for a stream changes its flags. */
export async function addStream(
  client: VideoClient,
  operation: string,
  resource: Resource,
  id: string,
  streamId: string,
  options: StreamSelectionOptions = {},
): Promise<void> {
  const call = callOptions(options, ['hasAudio', 'hasVideo']);
  const addStream = checkString(streamId, 'streamId');
  const hasAudio = optional(options.hasAudio, (v) => checkBoolean(v, 'hasAudio')) ?? true;
  const hasVideo = optional(options.hasVideo, (v) => checkBoolean(v, 'hasVideo')) ?? true;
  if (!hasAudio && !hasVideo) throw new VideoValidationError('hasVideo', 'hasAudio and hasVideo cannot both be false');
  await patchStreams(client, operation, resource, id, { addStream, hasAudio, hasVideo }, call);
}

/** Sends `{removeStream}`. */
export async function removeStream(
  client: VideoClient,
  operation: string,
  resource: Resource,
  id: string,
  streamId: string,
  options: CallOptions = {},
): Promise<void> {
  const call = callOptions(options);
  await patchStreams(client, operation, resource, id, { removeStream: checkString(streamId, 'streamId') }, call);
}
