import { VideoValidationError } from '@video/auth';

/** One page of a list operation. */
export interface Page<T> {
  items: T[];
  /** How many items match in total, across all pages. */
  totalCount: number;
}

/** Options of the async-iterator form of list operations. */
export interface IterateOptions {
  /** Where to start, 0 being the newest item. Default 0. */
  offset?: number;
  /** Items requested per page (1–1000). Default 100. */
  pageSize?: number;
  /** Stop after this many items. */
  limit?: number;
}

/**
 * Walks a `{offset, count}` list page by page, yielding items until the total is reached, a page
 * comes back empty or adds nothing new, or `limit` is hit. Items already seen (by `key`) are
 * skipped, so an item that shifts to the next page because a newer one was created is not yielded
 * twice; a page of nothing but seen items (a server that ignores `offset`) ends the walk.
 */
export async function* paginate<T>(
  fetchPage: (offset: number, count: number) => Promise<Page<T>>,
  options: IterateOptions = {},
  key?: (item: T) => string,
): AsyncGenerator<T, void, undefined> {
  const { offset = 0, pageSize = 100, limit = Number.POSITIVE_INFINITY } = options;
  if (!Number.isInteger(offset) || offset < 0) throw new VideoValidationError('offset', 'must be an integer ≥ 0');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new VideoValidationError('pageSize', 'must be an integer from 1 to 1000');
  }
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isInteger(limit) || limit < 0)) {
    throw new VideoValidationError('limit', 'must be an integer ≥ 0');
  }
  const seen = new Set<string>();
  let yielded = 0;
  for (let at = offset; yielded < limit; ) {
    const page = await fetchPage(at, Math.min(pageSize, limit - yielded));
    let fresh = 0;
    for (const item of page.items) {
      const id = key?.(item);
      if (id !== undefined) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      fresh++;
      yield item;
      if (++yielded >= limit) return;
    }
    at += page.items.length;
    if (fresh === 0 || at >= page.totalCount) return;
  }
}
