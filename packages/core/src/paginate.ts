/** One page of a list operation. */
export interface Page<T> {
  /** The items of this page, newest first. */
  items: T[];
  /** How many items match in total, across all pages. */
  totalCount: number;
}

/**
 * Walks a `{offset, count}` list page by page, yielding items until the total is reached, a page
 * comes back empty or adds nothing new, or `limit` is hit. Items already seen (by `key`) are
 * skipped, so an item that shifts to the next page because a newer one was created is not yielded
 * twice; a page of nothing but seen items (a server that ignores `offset`) ends the walk. The
 * options must already be checked (whole numbers, `pageSize` 1–1000).
 */
export async function* paginate<T>(
  fetchPage: (offset: number, count: number) => Promise<Page<T>>,
  options: { offset?: number; pageSize?: number; limit?: number } = {},
  key?: (item: T) => string,
): AsyncGenerator<T, void, undefined> {
  const { offset = 0, pageSize = 100, limit = Number.POSITIVE_INFINITY } = options;
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
