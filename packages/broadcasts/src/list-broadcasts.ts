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

/** Lists broadcasts, newest first. `totalCount` is the number of matching broadcasts on all pages. */
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
  sessionId?: string;
}

/** Every broadcast, newest first, fetched page by page. */
export function iterateBroadcasts(
  client: VideoClient,
  options: IterateBroadcastsOptions = {},
): AsyncGenerator<Broadcast, void, undefined> {
  const { offset, pageSize, limit, sessionId, ...call } = options;
  return paginate(
    (at, count) => listBroadcasts(client, { ...call, sessionId, offset: at, count }),
    { offset, pageSize, limit },
    (broadcast) => broadcast.id,
  );
}
