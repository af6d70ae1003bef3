import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VideoValidationError, type VideoClient } from '@video/core';
import { checkClient, hostPath, paginate, pathSegment, projectPath } from '@video/core/toolkit';

describe('pathSegment', () => {
  it('encodes ordinary IDs unchanged or percent-encoded', () => {
    expect(pathSegment('b40ef09b-3811-4726-b508-e41a0f96c68f', 'archiveId')).toBe('b40ef09b-3811-4726-b508-e41a0f96c68f');
    expect(pathSegment('1_MX4xMjM0NTZ-fg', 'sessionId')).toBe('1_MX4xMjM0NTZ-fg');
    expect(pathSegment('a b%2F', 'x')).toBe('a%20b%252F');
    expect(pathSegment('é', 'x')).toBe('%C3%A9');
  });

  it('rejects anything that could change the route, naming the field', () => {
    // '.' is a dot-segment: fetch would send `archive/./stop` as `archive/stop`.
    for (const bad of ['', '.', 'a/b', '..', 'a..b', '?x', '#x', 'a\\b', 'a\nb', 'x'.repeat(513), '\ud800', 42, null, undefined]) {
      expect(() => pathSegment(bad, 'streamId')).toThrow(expect.objectContaining({ field: 'streamId', code: 'validation_error' }));
    }
  });

  it('never yields a segment that contains a separator (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom('.', '..', '%2e', '.%2E'), fc.string({ unit: 'grapheme', maxLength: 60 })), (value) => {
        try {
          const encoded = pathSegment(value, 'id');
          expect(encoded).not.toMatch(/[/?#\\]/);
          expect(decodeURIComponent(encoded)).toBe(value);
          // …and a URL parser keeps it as one segment (no dot-segment is resolved away).
          expect(new URL(`https://h/a/${encoded}/b`).pathname).toBe(`/a/${encoded}/b`);
        } catch (error) {
          expect(error).toBeInstanceOf(VideoValidationError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('builds project paths from the client key', () => {
    const client = { projectKey: '123', request: async () => ({}) } as unknown as VideoClient;
    expect(projectPath(client, 'archive', 'a', 'stop')).toBe('/v2/project/123/archive/a/stop');
    expect(hostPath(client, 'session', 'create')).toBe('/session/create');
  });

  it('checks the client before building a path', () => {
    for (const bad of [undefined, null, {}, { projectKey: '123' }, 'client', { client: { request() {} } }]) {
      for (const build of [() => projectPath(bad as never, 'archive'), () => hostPath(bad as never, 'session'), () => checkClient(bad)]) {
        expect(build).toThrow(VideoValidationError);
        expect(build).toThrow(/^Invalid client: /);
      }
    }
  });
});

describe('paginate', () => {
  const all = Array.from({ length: 23 }, (_, i) => ({ id: `a${i}` }));
  const pageOf = (calls: [number, number][]) => async (offset: number, count: number) => {
    calls.push([offset, count]);
    return { items: all.slice(offset, offset + count), totalCount: all.length };
  };

  it('walks every page and stops at the total', async () => {
    const calls: [number, number][] = [];
    const seen: string[] = [];
    for await (const item of paginate(pageOf(calls), { pageSize: 10 })) seen.push(item.id);
    expect(seen).toEqual(all.map((a) => a.id));
    expect(calls).toEqual([[0, 10], [10, 10], [20, 10]]);
  });

  it('honours offset and limit', async () => {
    const calls: [number, number][] = [];
    const seen: string[] = [];
    for await (const item of paginate(pageOf(calls), { offset: 5, pageSize: 4, limit: 6 })) seen.push(item.id);
    expect(seen).toEqual(['a5', 'a6', 'a7', 'a8', 'a9', 'a10']);
    expect(calls).toEqual([[5, 4], [9, 2]]);
  });

  it('skips items that shifted onto the next page', async () => {
    let inserted = false;
    const list = [...all];
    const seen: string[] = [];
    const fetchPage = async (offset: number, count: number) => {
      const page = { items: list.slice(offset, offset + count), totalCount: list.length };
      if (!inserted) {
        list.unshift({ id: 'new' });
        inserted = true;
      }
      return page;
    };
    for await (const item of paginate(fetchPage, { pageSize: 10 }, (a) => a.id)) seen.push(item.id);
    expect(seen.filter((id) => id === 'a9')).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
