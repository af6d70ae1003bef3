// Manual stream selection (`PATCH …/{resource}/{id}/streams`), the same call for every composition
// that takes `streamMode: 'manual'` (archives and broadcasts).
import * as z from 'zod/mini';
import { callOptions, operationSchema, parseCallOptions, type CallOptions, type OperationOptions } from './call-options.js';
import type { VideoClient } from './client.js';
import { lazy, parseOptions, parseValue } from './options.js';
import { pathSegment, projectPath } from './paths.js';
import { someTrack, trackSelectionShape } from './shapes.js';

const addStreamSchema = /* @__PURE__ */ lazy(() => operationSchema(trackSelectionShape()).check(someTrack()));
const streamIdSchema = /* @__PURE__ */ lazy(() => z.string().check(z.minLength(1)));

/** Options of adding a stream: which of its tracks to include. */
export type StreamSelectionOptions = OperationOptions<typeof trackSelectionShape>;

function patchStreams(client: VideoClient, operation: string, resource: string, id: string, json: object, call: CallOptions) {
  const path = projectPath(client, resource, pathSegment(id, `${resource}Id`), 'streams');
  return client.request({ operation, method: 'PATCH', path, json, expect: 'none', ...call });
}

/**
 * Sends `{addStream, hasAudio, hasVideo}` to `/{resource}/{id}/streams` (e.g. `'archive'`);
 * calling it again for a stream changes its flags.
 */
export async function addStream(
  client: VideoClient,
  operation: string,
  resource: string,
  id: string,
  streamId: string,
  options: StreamSelectionOptions = {},
): Promise<void> {
  const o = parseOptions(addStreamSchema(), options);
  const json = { addStream: parseValue(streamIdSchema(), streamId, 'streamId'), hasAudio: o.hasAudio ?? true, hasVideo: o.hasVideo ?? true };
  await patchStreams(client, operation, resource, id, json, callOptions(o));
}

/** Sends `{removeStream}` to `/{resource}/{id}/streams`. */
export async function removeStream(
  client: VideoClient,
  operation: string,
  resource: string,
  id: string,
  streamId: string,
  options: CallOptions = {},
): Promise<void> {
  const call = parseCallOptions(options);
  await patchStreams(client, operation, resource, id, { removeStream: parseValue(streamIdSchema(), streamId, 'streamId') }, call);
}
