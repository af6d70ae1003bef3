import { iteratePages, listPage, type CallOptions, type IterateOptions, type ListOptions, type ListSpec, type Page, type VideoClient } from '@video/core';
import { toRender, type Render } from './render.js';

const RENDERS: ListSpec<Render> = { operation: 'listRenders', resource: 'render', item: toRender, bySession: false };

/** Options of {@link listRenders}: `offset` ≥ 0 and `count` 1–1000 (the API's default is 50). */
export interface ListRendersOptions extends ListOptions, CallOptions {}

/** Lists renders, newest first. `totalCount` is the number of renders on all pages. */
export function listRenders(client: VideoClient, options: ListRendersOptions = {}): Promise<Page<Render>> {
  return listPage(client, RENDERS, options);
}

/** Options of {@link iterateRenders}. */
export interface IterateRendersOptions extends IterateOptions, CallOptions {}

/** Every render, newest first, fetched page by page: `for await (const r of iterateRenders(client))`. */
export function iterateRenders(client: VideoClient, options: IterateRendersOptions = {}): AsyncGenerator<Render, void, undefined> {
  return iteratePages(client, RENDERS, options);
}
