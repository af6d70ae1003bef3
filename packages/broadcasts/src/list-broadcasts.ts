import {
  callOptions,
  checkListOptions,
  checkString,
  optional,
  paginate,
  projectPath,
  readPage,
  type CallOptions,
  type IterateOptions,
  type ListOptions,
  type Page,
  type VideoClient,
} from '@video/core';
import { toBroadcast, type Broadcast } from './broadcast.js';

/** Options of {@link listBroadcasts}. */
export interface ListBroadcastsOptions extends ListOptions, CallOptions {
  /** Only broadcasts of this session. */
  sessionId?: string;
}

/**
 * Lists broadcasts, newest first. `totalCount` is the number of matching broadcasts on all pages,
 * not the length of this page.
 *
 * Errors: `VideoValidationError` for `offset` < 0 or `count` outside 1–1000 (before any request).
 */
export async function listBroadcasts(client: VideoClient, options: ListBroadcastsOptions = {}): Promise<Page<Broadcast>> {
  const call = callOptions(options, ['offset', 'count', 'sessionId']);
  const { offset, count } = checkListOptions(options);
  const sessionId = optional(options.sessionId, (v) => checkString(v, 'sessionId'));
  const res = await client.request({
    operation: 'listBroadcasts',
    method: 'GET',
    path: projectPath(client, 'broadcast'),
    query: { offset, count, sessionId },
    ...call,
  });
  return readPage(res.body, toBroadcast);
}

/** Options of {@link iterateBroadcasts}. */
export interface IterateBroadcastsOptions extends IterateOptions, CallOptions {
  /** Only broadcasts of this session. */
  sessionId?: string;
}

/**
 * Every broadcast, newest first, fetched page by page (`pageSize` per request, default 100) until
 * the end or `limit`: `for await (const broadcast of iterateBroadcasts(client, { sessionId }))`.
 * The options are checked on the first `next()`, before any request.
 */
export async function* iterateBroadcasts(
  client: VideoClient,
  options: IterateBroadcastsOptions = {},
): AsyncGenerator<Broadcast, void, undefined> {
  const call = callOptions(options, ['offset', 'pageSize', 'limit', 'sessionId']);
  const { offset, pageSize, limit } = options;
  const sessionId = optional(options.sessionId, (v) => checkString(v, 'sessionId'));
  yield* paginate(
    (at, count) => listBroadcasts(client, { ...call, sessionId, offset: at, count }),
    { offset, pageSize, limit },
    (broadcast) => broadcast.id,
  );
}
