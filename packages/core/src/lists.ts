// The shared body of every `{offset, count}` list operation (archives, broadcasts, renders) and of
// its async-iterator form.
import * as z from 'zod/mini';
import { callOptions, operationSchema, type OperationOptions } from './call-options.js';
import type { VideoClient } from './client.js';
import { lazy, parseOptions, type OptionsOf } from './options.js';
import { paginate, type Page } from './paginate.js';
import { checkClient, projectPath } from './paths.js';
import { readPage, type Raw } from './read.js';
import { iterateOptionsShape, listOptionsShape } from './shapes.js';

/** What a list operation is: its name, its resource path, how to read an item, its filters. */
export interface ListSpec<T> {
  /** The operation's name for errors, logs and hooks, e.g. `'listArchives'`. */
  operation: string;
  /** The path under `/v2/project/{key}/`, e.g. `'archive'`. */
  resource: string;
  /** Reads one item of the response. */
  item: (raw: Raw) => T;
  /** Whether the list can be filtered by `sessionId`. */
  bySession: boolean;
}

const sessionFilter = () => ({
  /** Only the items of this session. */
  sessionId: z.optional(z.string().check(z.minLength(1))),
});
const sessionFilterShape = /* @__PURE__ */ lazy(sessionFilter);
const schemas = /* @__PURE__ */ lazy(() => ({
  list: operationSchema(listOptionsShape()),
  sessionList: operationSchema({ ...listOptionsShape(), ...sessionFilter() }),
  iterate: operationSchema(iterateOptionsShape()),
  sessionIterate: operationSchema({ ...iterateOptionsShape(), ...sessionFilter() }),
}));

/** Options of a list call: paging (`offset`, `count`) and the per-call options. */
export type ListOptions = OperationOptions<typeof listOptionsShape>;
/** Options of a list call that can be filtered by session. */
export type SessionListOptions = ListOptions & OptionsOf<typeof sessionFilterShape>;
/** Options of an iterator over a list: `offset`, `pageSize`, `limit` and the per-call options. */
export type IterateOptions = OperationOptions<typeof iterateOptionsShape>;
/** Options of an iterator over a list that can be filtered by session. */
export type SessionIterateOptions = IterateOptions & OptionsOf<typeof sessionFilterShape>;

/** Fetches one page, newest first; `totalCount` counts every matching item. */
export async function listPage<T>(client: VideoClient, spec: ListSpec<T>, options: SessionListOptions = {}): Promise<Page<T>> {
  const path = projectPath(client, spec.resource);
  const o: SessionListOptions = parseOptions(spec.bySession ? schemas().sessionList : schemas().list, options);
  const res = await client.request({
    operation: spec.operation,
    method: 'GET',
    path,
    query: { offset: o.offset, count: o.count, sessionId: o.sessionId },
    ...callOptions(o),
  });
  return readPage(res.body, spec.item);
}

/**
 * Yields every item, page by page, until the end or `limit`. The options are checked on the first
 * `next()`, before any request.
 */
export async function* iteratePages<T extends {
  /** The item's ID: an item seen on an earlier page is not yielded again. */
  id: string;
}>(
  client: VideoClient,
  spec: ListSpec<T>,
  options: SessionIterateOptions = {},
): AsyncGenerator<T, void, undefined> {
  checkClient(client);
  const o: SessionIterateOptions = parseOptions(spec.bySession ? schemas().sessionIterate : schemas().iterate, options);
  const filter = o.sessionId === undefined ? {} : { sessionId: o.sessionId };
  yield* paginate(
    (offset, count) => listPage(client, spec, { ...callOptions(o), ...filter, offset, count }),
    { offset: o.offset, pageSize: o.pageSize, limit: o.limit },
    (item) => item.id,
  );
}
