// The shared body of every `{offset, count}` list operation (archives, broadcasts, renders) and of
// its async-iterator form.
import type { VideoClient } from './client.js';
import { checkListOptions, type ListOptions } from './common.js';
import { paginate, type IterateOptions, type Page } from './paginate.js';
import { projectPath } from './paths.js';
import { callOptions, type CallOptions } from './pipeline.js';
import { readPage, type Raw } from './read.js';
import { checkString, optional } from './validate.js';

/** What a list operation is: its name, its resource path, how to read an item, its filters. */
export interface ListSpec<T> {
  operation: string;
  /** The path under `/v2/project/{key}/`, e.g. `'archive'`. */
  resource: string;
  item: (raw: Raw) => T;
  /** Whether the list can be filtered by `sessionId`. */
  bySession: boolean;
}

/** Options of a list call. `sessionId` only where the list supports it. */
export type ListPageOptions = ListOptions & CallOptions & { sessionId?: string };

/** Options of an iterator over a list. */
export type IteratePagesOptions = IterateOptions & CallOptions & { sessionId?: string };

function readSessionFilter<T>(spec: ListSpec<T>, options: { sessionId?: string }): string | undefined {
  return spec.bySession ? optional(options.sessionId, (v) => checkString(v, 'sessionId')) : undefined;
}

/** Fetches one page, newest first; `totalCount` counts every matching item. */
export async function listPage<T>(client: VideoClient, spec: ListSpec<T>, options: ListPageOptions = {}): Promise<Page<T>> {
  const call = callOptions(options, spec.bySession ? ['offset', 'count', 'sessionId'] : ['offset', 'count']);
  const { offset, count } = checkListOptions(options);
  const sessionId = readSessionFilter(spec, options);
  const res = await client.request({
    operation: spec.operation,
    method: 'GET',
    path: projectPath(client, spec.resource),
    query: { offset, count, sessionId },
    ...call,
  });
  return readPage(res.body, spec.item);
}

/**
 * Yields every item, page by page, until the end or `limit`. The options are checked on the first
 * `next()`, before any request.
 */
export async function* iteratePages<T extends { id: string }>(
  client: VideoClient,
  spec: ListSpec<T>,
  options: IteratePagesOptions = {},
): AsyncGenerator<T, void, undefined> {
  const call = callOptions(options, spec.bySession ? ['offset', 'pageSize', 'limit', 'sessionId'] : ['offset', 'pageSize', 'limit']);
  const sessionId = readSessionFilter(spec, options);
  const filter = sessionId === undefined ? {} : { sessionId };
  yield* paginate(
    (offset, count) => listPage(client, spec, { ...call, ...filter, offset, count }),
    { offset: options.offset, pageSize: options.pageSize, limit: options.limit },
    (item) => item.id,
  );
}
