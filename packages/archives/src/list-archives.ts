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

/** Lists archives, newest first. `totalCount` is the number of matching archives on all pages. */
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
  sessionId?: string;
}

/** Every archive, newest first, fetched page by page: `for await (const a of iterateArchives(client))`. */
export function iterateArchives(client: VideoClient, options: IterateArchivesOptions = {}): AsyncGenerator<Archive, void, undefined> {
  const { offset, pageSize, limit, sessionId, ...call } = options;
  return paginate(
    (at, count) => listArchives(client, { ...call, sessionId, offset: at, count }),
    { offset, pageSize, limit },
    (archive) => archive.id,
  );
}
