import type { CallOptions, Page, VideoClient } from '@video/core';
import {
  asObject,
  lazy,
  parseCallOptions,
  parseValue,
  pathSegment,
  projectPath,
  readId,
  readPage,
  readString,
  readStrings,
  type OptionsOf,
  type Raw,
} from '@video/core/toolkit';
import * as z from 'zod/mini';

/** What a stream's video shows: a camera, a screen, or a custom source. */
export type VideoType = 'camera' | 'screen' | 'custom';

/** A stream being published in a session. */
export interface Stream {
  /** The stream ID. */
  id: string;
  /** What the stream's video shows, if the API said so. */
  videoType: VideoType | undefined;
  /** The name the publisher gave the stream, if any. */
  name: string | undefined;
  /** Layout classes used by composed archives and broadcasts. */
  layoutClassList: string[];
}

const classListShape = /* @__PURE__ */ lazy(() => ({
  /** The stream ID. */
  id: z.string().check(z.minLength(1)),
  /** The new classes; an empty array clears them. */
  layoutClassList: z.array(z.string()),
}));
// An empty list would change nothing: it is almost certainly a mistake in the caller's code.
const NOT_EMPTY = 'must be a non-empty array of { id, layoutClassList }';
const classListsSchema = /* @__PURE__ */ lazy(() =>
  z.array(z.strictObject(classListShape()), { error: NOT_EMPTY }).check(z.minLength(1, { error: NOT_EMPTY })),
);

/** One entry of {@link setStreamClassLists}. */
export type StreamClassList = OptionsOf<typeof classListShape>;

function toStream(raw: Raw, operation: string): Stream {
  return {
    id: readId(raw, 'id', operation),
    videoType: readString(raw, 'videoType') as VideoType | undefined,
    name: readString(raw, 'name') || undefined,
    layoutClassList: readStrings(raw, 'layoutClassList'),
  };
}

/** Gets one stream of a session. The stream must be currently published. */
export async function getStream(
  client: VideoClient,
  sessionId: string,
  streamId: string,
  options: CallOptions = {},
): Promise<Stream> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'stream', pathSegment(streamId, 'streamId'));
  const res = await client.request({ operation: 'getStream', method: 'GET', path, ...call });
  return toStream(asObject(res.body), 'getStream');
}

/** Lists the streams currently published in a session (all of them: the API does not page). */
export async function listStreams(client: VideoClient, sessionId: string, options: CallOptions = {}): Promise<Page<Stream>> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'stream');
  const res = await client.request({ operation: 'listStreams', method: 'GET', path, ...call });
  return readPage(res.body, (raw) => toStream(raw, 'listStreams'));
}

/**
 * Replaces the layout classes of one or more streams at once (`PUT …/stream`); composed archives
 * and broadcasts with a custom layout arrange streams by these classes. Each item's list replaces
 * that stream's classes; an empty list clears them.
 */
export async function setStreamClassLists(
  client: VideoClient,
  sessionId: string,
  items: readonly StreamClassList[],
  options: CallOptions = {},
): Promise<void> {
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'stream');
  const call = parseCallOptions(options);
  const body = parseValue(classListsSchema(), items, 'items');
  await client.request({
    operation: 'setStreamClassLists',
    method: 'PUT',
    path,
    json: { items: body },
    expect: 'none',
    ...call,
  });
}
