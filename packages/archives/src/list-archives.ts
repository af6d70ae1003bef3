import type { Page, SessionIterateOptions, SessionListOptions, VideoClient } from '@video/core';
import { iteratePages, listPage, type ListSpec } from '@video/core/toolkit';
import { toArchive, type Archive } from './archive.js';

const ARCHIVES: ListSpec<Archive> = { operation: 'listArchives', resource: 'archive', item: (raw) => toArchive(raw, 'listArchives'), bySession: true };

/** Options of {@link listArchives}: `offset`, `count` (1–1000), `sessionId`, and the per-call options. */
export type ListArchivesOptions = SessionListOptions;

/**
 * Lists archives, newest first (deleted ones excluded). `totalCount` is the number of matching
 * archives on all pages, not the length of this page.
 *
 * Errors: `VideoValidationError` for `offset` < 0 or `count` outside 1–1000 (before any request).
 */
export function listArchives(client: VideoClient, options: ListArchivesOptions = {}): Promise<Page<Archive>> {
  return listPage(client, ARCHIVES, options);
}

/** Options of {@link iterateArchives}: `offset`, `pageSize`, `limit`, `sessionId`, and the per-call options. */
export type IterateArchivesOptions = SessionIterateOptions;

/**
 * Every archive, newest first, fetched page by page (`pageSize` per request, default 100) until
 * the end or `limit`: `for await (const archive of iterateArchives(client, { sessionId }))`.
 * The options are checked on the first `next()`, before any request.
 */
export function iterateArchives(client: VideoClient, options: IterateArchivesOptions = {}): AsyncGenerator<Archive, void, undefined> {
  return iteratePages(client, ARCHIVES, options);
}
