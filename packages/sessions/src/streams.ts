import {
  asObject,
  callOptions,
  checkKeys,
  checkObject,
  checkStringArray,
  checkString,
  pathSegment,
  projectPath,
  readPage,
  readString,
  readStrings,
  VideoValidationError,
  type CallOptions,
  type Page,
  type Raw,
  type VideoClient,
} from '@video/core';

export type VideoType = 'camera' | 'screen' | 'custom';

/** A stream being published in a session. */
export interface Stream {
  /** The stream ID. */
  id: string;
  videoType: VideoType | undefined;
  /** The name the publisher gave the stream, if any. */
  name: string | undefined;
  /** Layout classes used by composed archives and broadcasts. */
  layoutClassList: string[];
}

/** One entry of {@link setStreamClassLists}. */
export interface StreamClassList {
  /** The stream ID. */
  id: string;
  /** The new classes; an empty array clears them. */
  layoutClassList: string[];
}

function toStream(raw: Raw): Stream {
  return {
    id: readString(raw, 'id') ?? '',
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
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'stream', pathSegment(streamId, 'streamId'));
  const res = await client.request({ operation: 'getStream', method: 'GET', path, ...callOptions(options) });
  return toStream(asObject(res.body));
}

/** Lists the streams currently published in a session (all of them: the API does not page). */
export async function listStreams(client: VideoClient, sessionId: string, options: CallOptions = {}): Promise<Page<Stream>> {
  const path = projectPath(client, 'session', pathSegment(sessionId, 'sessionId'), 'stream');
  const res = await client.request({ operation: 'listStreams', method: 'GET', path, ...callOptions(options) });
  return readPage(res.body, toStream);
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
  const call = callOptions(options);
  // An empty list would change nothing: it is almost certainly a mistake in the caller's code.
  if (!Array.isArray(items) || items.length === 0) {
    throw new VideoValidationError('items', 'must be a non-empty array of { id, layoutClassList }');
  }
  const body = items.map((item, i) => {
    const raw = checkObject(item, `items[${i}]`);
    checkKeys(raw, `items[${i}]`, ['id', 'layoutClassList']);
    return {
      id: checkString(raw.id, `items[${i}].id`),
      layoutClassList: checkStringArray(raw.layoutClassList, `items[${i}].layoutClassList`, { min: 0 }),
    };
  });
  await client.request({
    operation: 'setStreamClassLists',
    method: 'PUT',
    path,
    json: { items: body },
    expect: 'none',
    ...call,
  });
}
