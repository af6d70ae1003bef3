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
import { toArchive, type Archive } from './archive.js';

/** Options of {@link listArchives}. */
export interface ListArchivesOptions extends ListOptions, CallOptions {
  /** Only archives of this session. */
  sessionId?: string;
}

/**
 * Lists archives, newest first (deleted ones excluded). `totalCount` is the number of matching
 * archives on all pages, not the length of this page.
 *
 * Errors: `VideoValidationError` for `offset` < 0 or `count` outside 1–1000 (before any request).
 */
export async function listArchives(client: VideoClient, options: ListArchivesOptions = {}): Promise<Page<Archive>> {
  const call = callOptions(options, ['offset', 'count', 'sessionId']);
  const { offset, count } = checkListOptions(options);
  const sessionId = optional(options.sessionId, (v) => checkString(v, 'sessionId'));
  const res = await client.request({
    operation: 'listArchives',
    method: 'GET',
    path: projectPath(client, 'archive'),
    query: { offset, count, sessionId },
    ...call,
  });
  return readPage(res.body, toArchive);
}

/** Options of {@link iterateArchives}. */
export interface IterateArchivesOptions extends IterateOptions, CallOptions {
  /** Only archives of this session. */
  sessionId?: string;
}

/**
 * Every archive, newest first, fetched page by page (`pageSize` per request, default 100) until
 * the end or `limit`: `for await (const archive of iterateArchives(client, { sessionId }))`.
 * The options are checked on the first `next()`, before any request.
 */
export async function* iterateArchives(
  client: VideoClient,
  options: IterateArchivesOptions = {},
): AsyncGenerator<Archive, void, undefined> {
  const call = callOptions(options, ['offset', 'pageSize', 'limit', 'sessionId']);
  const { offset, pageSize, limit } = options;
  const sessionId = optional(options.sessionId, (v) => checkString(v, 'sessionId'));
  yield* paginate(
    (at, count) => listArchives(client, { ...call, sessionId, offset: at, count }),
    { offset, pageSize, limit },
    (archive) => archive.id,
  );
}
