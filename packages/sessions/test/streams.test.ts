import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, InvalidRequestError, NotFoundError, ServerError, type VideoClient } from '@video/core';
import { createSession, getStream, listStreams, setStreamClassLists, type Stream, type StreamClassList } from '@video/sessions';
import { expectAuthHeaders, MODES, projectPrefix, sessionWithClients, startHarness, type Harness, type Mode } from '../../../test/support/harness.js';
import { BAD_IDS, expectApiError, expectRejectedLocally, failNext, unknownSessionId, wrongKeyClient } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe.each(MODES)('streams (%s credentials)', (mode: Mode) => {
  let client: VideoClient;
  let sessionId: string;
  let connectionId: string;
  let camera: string;
  let screen: string;
  beforeAll(async () => {
    client = h.client(mode);
    const setup = await sessionWithClients(client, h.emu, { clients: 1 });
    sessionId = setup.sessionId;
    connectionId = setup.participants[0]!.connectionId;
    camera = setup.participants[0]!.streamId!;
    ({ streamId: screen } = await h.emu.control.publish(sessionId, connectionId, {
      videoType: 'screen',
      name: '',
      layoutClassList: ['focus'],
    }));
  });

  const streamsOf = async (id: string) => (await h.emu.control.state()).sessions.find((s) => s.sessionId === id)!.streams;

  describe('getStream', () => {
    it('gets one stream as plain data, with a GET to the stream path', async () => {
      await h.mark();
      const stream = await getStream(client, sessionId, camera);
      expect(stream).toEqual<Stream>({ id: camera, videoType: 'camera', name: 'stream 0', layoutClassList: [] });
      const request = await h.lastRequest();
      expect({ method: request.method, path: request.path, query: request.query, body: request.body, rawBody: request.rawBody }).toEqual({
        method: 'GET',
        path: `${projectPrefix(client)}/session/${sessionId}/stream/${camera}`,
        query: {},
        body: null,
        rawBody: '',
      });
      expectAuthHeaders(request, mode, false);
      expect(await getStream(client, sessionId, screen)).toEqual<Stream>({
        id: screen,
        videoType: 'screen',
        name: undefined,
        layoutClassList: ['focus'],
      });
    });

    it('percent-encodes path segments', async () => {
      await h.mark();
      await expectApiError(() => getStream(client, sessionId, 'a b+é%'), NotFoundError, {
        status: 404,
        code: 'not_found',
        message: 'Stream not found',
      });
      expect((await h.lastRequest()).path).toBe(`${projectPrefix(client)}/session/${sessionId}/stream/a%20b%2B%C3%A9%25`);
    });

    it('maps errors: unknown stream or session → 404, malformed session → 400, wrong credentials → 403, 408', async () => {
      await expectApiError(() => getStream(client, unknownSessionId(client), camera), NotFoundError, {
        status: 404,
        code: 'not_found',
        message: 'Session not found',
      });
      await expectApiError(() => getStream(client, 'not-a-session', camera), InvalidRequestError, {
        status: 400,
        code: 'bad_request',
        message: 'Invalid session ID: "not-a-session"',
      });
      await expectApiError(() => getStream(wrongKeyClient(h, mode), sessionId, camera), AuthenticationError, {
        status: 403,
        code: 'authentication_failed',
        message: 'Invalid token signature',
      });
      await failNext(h, 'GET', '**/stream/*', 408, 'Invalid stream ID');
      await expectApiError(() => getStream(client, sessionId, camera), InvalidRequestError, {
        status: 408,
        code: 'http_408',
        message: 'Invalid stream ID',
      });
    });

    it('finds no stream once it is unpublished', async () => {
      const { streamId } = await h.emu.control.publish(sessionId, connectionId);
      await h.emu.control.unpublish(sessionId, streamId);
      await expectApiError(() => getStream(client, sessionId, streamId), NotFoundError, {
        status: 404,
        code: 'not_found',
        message: 'Stream not found',
      });
    });

    it.each(BAD_IDS)('rejects a session ID that is %s', async (_, bad) => {
      await expectRejectedLocally(h, () => getStream(client, bad as string, camera), 'sessionId');
    });
    it.each(BAD_IDS)('rejects a stream ID that is %s', async (_, bad) => {
      await expectRejectedLocally(h, () => getStream(client, sessionId, bad as string), 'streamId');
    });
    it('rejects unknown options', async () => {
      await expectRejectedLocally(h, () => getStream(client, sessionId, camera, { verbose: true } as never), 'verbose');
      await expectRejectedLocally(h, () => getStream(client, sessionId, camera, 'x' as never), 'options');
    });
  });

  describe('listStreams', () => {
    it('lists every stream of the session with a GET', async () => {
      await h.mark();
      const page = await listStreams(client, sessionId);
      expect(page).toEqual({
        items: [
          { id: camera, videoType: 'camera', name: 'stream 0', layoutClassList: [] },
          { id: screen, videoType: 'screen', name: undefined, layoutClassList: ['focus'] },
        ],
        totalCount: 2,
      });
      const request = await h.lastRequest();
      expect({ method: request.method, path: request.path, query: request.query, rawBody: request.rawBody }).toEqual({
        method: 'GET',
        path: `${projectPrefix(client)}/session/${sessionId}/stream`,
        query: {},
        rawBody: '',
      });
      expectAuthHeaders(request, mode, false);
    });

    it('gives an empty page for a session without streams', async () => {
      const { sessionId: empty } = await createSession(client, { mediaMode: 'routed' });
      expect(await listStreams(client, empty)).toEqual({ items: [], totalCount: 0 });
    });

    it('maps errors: 404, 400, 403, 408 and 500', async () => {
      await expectApiError(() => listStreams(client, unknownSessionId(client)), NotFoundError, {
        status: 404,
        code: 'not_found',
        message: 'Session not found',
      });
      await expectApiError(() => listStreams(client, 'not-a-session'), InvalidRequestError, {
        status: 400,
        code: 'bad_request',
        message: 'Invalid session ID: "not-a-session"',
      });
      await expectApiError(() => listStreams(wrongKeyClient(h, mode), sessionId), AuthenticationError, {
        status: 403,
        code: 'authentication_failed',
        message: 'Invalid token signature',
      });
      await failNext(h, 'GET', '**/stream', 408, 'Request timed out');
      await expectApiError(() => listStreams(client, sessionId), InvalidRequestError, {
        status: 408,
        code: 'http_408',
        message: 'Request timed out',
      });
      await failNext(h, 'GET', '**/stream', 500, 'Internal error');
      await expectApiError(() => listStreams(client, sessionId), ServerError, { status: 500, code: 'server_error', message: 'Internal error' });
    });

    it.each(BAD_IDS)('rejects a session ID that is %s', async (_, bad) => {
      await expectRejectedLocally(h, () => listStreams(client, bad as string), 'sessionId');
    });
    it('rejects unknown options', async () => {
      await expectRejectedLocally(h, () => listStreams(client, sessionId, { count: 5 } as never), 'count');
    });
  });

  describe('setStreamClassLists', () => {
    it('replaces and clears class lists with one PUT of {items}', async () => {
      const items: StreamClassList[] = [
        { id: camera, layoutClassList: ['full', 'focus'] },
        { id: screen, layoutClassList: [] },
      ];
      await h.mark();
      expect(await setStreamClassLists(client, sessionId, items)).toBeUndefined();
      const request = await h.lastRequest();
      expect({ method: request.method, path: request.path, query: request.query, status: request.status }).toEqual({
        method: 'PUT',
        path: `${projectPrefix(client)}/session/${sessionId}/stream`,
        query: {},
        status: 200,
      });
      expect(request.rawBody).toBe(`{"items":[{"id":"${camera}","layoutClassList":["full","focus"]},{"id":"${screen}","layoutClassList":[]}]}`);
      expectAuthHeaders(request, mode, true);
      const streams = await streamsOf(sessionId);
      expect(streams.find((s) => s.streamId === camera)!.layoutClassList).toEqual(['full', 'focus']);
      expect(streams.find((s) => s.streamId === screen)!.layoutClassList).toEqual([]);
      expect((await getStream(client, sessionId, camera)).layoutClassList).toEqual(['full', 'focus']);
    });

    it('accepts any 2xx, with or without a body', async () => {
      await h.emu.control.injectFault({ method: 'PUT', path: '**/stream', action: { type: 'status', status: 204, body: '' } });
      expect(await setStreamClassLists(client, sessionId, [{ id: camera, layoutClassList: ['x'] }])).toBeUndefined();
    });

    it('maps errors: 400, 403, 404', async () => {
      await failNext(h, 'PUT', '**/stream', 400, 'Invalid layout options');
      await expectApiError(() => setStreamClassLists(client, sessionId, [{ id: camera, layoutClassList: ['a'] }]), InvalidRequestError, {
        status: 400,
        code: 'bad_request',
        message: 'Invalid layout options',
      });
      await expectApiError(
        () => setStreamClassLists(wrongKeyClient(h, mode), sessionId, [{ id: camera, layoutClassList: [] }]),
        AuthenticationError,
        { status: 403, code: 'authentication_failed', message: 'Invalid token signature' },
      );
      await expectApiError(() => setStreamClassLists(client, sessionId, [{ id: 'no-such-stream', layoutClassList: [] }]), NotFoundError, {
        status: 404,
        code: 'not_found',
        message: 'Stream not found',
      });
      await expectApiError(() => setStreamClassLists(client, unknownSessionId(client), [{ id: camera, layoutClassList: [] }]), NotFoundError, {
        status: 404,
        code: 'not_found',
        message: 'Session not found',
      });
    });

    const ok = () => [{ id: camera, layoutClassList: [] }];
    const cases: [string, () => unknown, string][] = [
      ['items that are not an array', () => ({ id: camera, layoutClassList: [] }), 'items'],
      ['an empty list', () => [], 'items'],
      ['an item that is null', () => [null], 'items[0]'],
      ['an item that is an array', () => [[camera, []]], 'items[0]'],
      ['an item without id', () => [{ layoutClassList: [] }], 'items[0].id'],
      ['an empty id', () => [{ id: '', layoutClassList: [] }], 'items[0].id'],
      ['a numeric id', () => [{ id: 7, layoutClassList: [] }], 'items[0].id'],
      ['an item without layoutClassList', () => [{ id: camera }], 'items[0].layoutClassList'],
      ['a layoutClassList string', () => [{ id: camera, layoutClassList: 'a b' }], 'items[0].layoutClassList'],
      ['a non-string class', () => [{ id: camera, layoutClassList: ['a', 3] }], 'items[0].layoutClassList[1]'],
      ['an unknown item key', () => [{ id: camera, layoutClassList: [], name: 'x' }], 'items[0].name'],
      ['a bad second item', () => [...ok(), { streamId: screen, layoutClassList: [] }], 'items[1].streamId'],
    ];
    it.each(cases)('rejects %s', async (_, items, field) => {
      await expectRejectedLocally(h, () => setStreamClassLists(client, sessionId, items() as StreamClassList[]), field);
    });
    it.each(BAD_IDS)('rejects a session ID that is %s', async (_, bad) => {
      await expectRejectedLocally(h, () => setStreamClassLists(client, bad as string, ok()), 'sessionId');
    });
    it('rejects unknown options', async () => {
      await expectRejectedLocally(h, () => setStreamClassLists(client, sessionId, ok(), { merge: true } as never), 'merge');
    });
  });
});
