import type { Page, SessionIterateOptions, SessionListOptions, VideoClient } from '@video/core';
import { iteratePages, listPage, type ListSpec } from '@video/core/toolkit';
import { toBroadcast, type Broadcast } from './broadcast.js';

const BROADCASTS: ListSpec<Broadcast> = {
  operation: 'listBroadcasts',
  resource: 'broadcast',
  item: (raw) => toBroadcast(raw, 'listBroadcasts'),
  bySession: true,
};

/** Options of {@link listBroadcasts}: `offset`, `count` (1–1000), `sessionId`, and the per-call options. */
export type ListBroadcastsOptions = SessionListOptions;

/**
 * Lists broadcasts, newest first. `totalCount` is the number of matching broadcasts on all pages,
 * not the length of this page.
 *
 * Errors: `VideoValidationError` for `offset` < 0 or `count` outside 1–1000 (before any request).
 */
export function listBroadcasts(client: VideoClient, options: ListBroadcastsOptions = {}): Promise<Page<Broadcast>> {
  return listPage(client, BROADCASTS, options);
}

/** Options of {@link iterateBroadcasts}: `offset`, `pageSize`, `limit`, `sessionId`, and the per-call options. */
export type IterateBroadcastsOptions = SessionIterateOptions;

/**
 * Every broadcast, newest first, fetched page by page (`pageSize` per request, default 100) until
 * the end or `limit`. The options are checked on the first `next()`, before any request.
 */
export function iterateBroadcasts(
  client: VideoClient,
  options: IterateBroadcastsOptions = {},
): AsyncGenerator<Broadcast, void, undefined> {
  return iteratePages(client, BROADCASTS, options);
}
