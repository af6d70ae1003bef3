import type { IterateOptions, ListOptions, Page, VideoClient } from '@video/core';
import { iteratePages, listPage, type ListSpec } from '@video/core/toolkit';
import { toRender, type Render } from './render.js';

const RENDERS: ListSpec<Render> = { operation: 'listRenders', resource: 'render', item: (raw) => toRender(raw, 'listRenders'), bySession: false };

/** Options of {@link listRenders}: `offset` ≥ 0 and `count` 1–1000 (the API's default is 50), and the per-call options. */
export type ListRendersOptions = ListOptions;

/** Lists renders, newest first. `totalCount` is the number of renders on all pages. */
export function listRenders(client: VideoClient, options: ListRendersOptions = {}): Promise<Page<Render>> {
  return listPage(client, RENDERS, options);
}

/** Options of {@link iterateRenders}: `offset`, `pageSize`, `limit`, and the per-call options. */
export type IterateRendersOptions = IterateOptions;

/** Every render, newest first, fetched page by page: `for await (const r of iterateRenders(client))`. */
export function iterateRenders(client: VideoClient, options: IterateRendersOptions = {}): AsyncGenerator<Render, void, undefined> {
  return iteratePages(client, RENDERS, options);
}
