import {
  callOptions,
  checkListOptions,
  paginate,
  projectPath,
  readPage,
  type CallOptions,
  type IterateOptions,
  type ListOptions,
  type Page,
  type VideoClient,
} from '@video/core';
import { toRender, type Render } from './render.js';

/** Options of {@link listRenders}: `offset` ≥ 0 and `count` 1–1000 (the API's default is 50). */
export interface ListRendersOptions extends ListOptions, CallOptions {}

/** Lists renders, newest first. `totalCount` is the number of renders on all pages. */
export async function listRenders(client: VideoClient, options: ListRendersOptions = {}): Promise<Page<Render>> {
  const call = callOptions(options, ['offset', 'count']);
  const { offset, count } = checkListOptions(options);
  const res = await client.request({
    operation: 'listRenders',
    method: 'GET',
    path: projectPath(client, 'render'),
    query: { offset, count },
    ...call,
  });
  return readPage(res.body, toRender);
}

/** Options of {@link iterateRenders}. */
export interface IterateRendersOptions extends IterateOptions, CallOptions {}

/** Every render, newest first, fetched page by page: `for await (const r of iterateRenders(client))`. */
export async function* iterateRenders(
  client: VideoClient,
  options: IterateRendersOptions = {},
): AsyncGenerator<Render, void, undefined> {
  const call = callOptions(options, ['offset', 'pageSize', 'limit']);
  const { offset, pageSize, limit } = options;
  yield* paginate((at, count) => listRenders(client, { ...call, offset: at, count }), { offset, pageSize, limit }, (r) => r.id);
}
