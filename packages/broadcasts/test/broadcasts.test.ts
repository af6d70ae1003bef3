// @video/broadcasts against the emulator over real sockets, in both credential modes: the exact
// requests that reach it, the state it holds afterwards, local validation, and error mapping.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addBroadcastStream,
  getBroadcast,
  iterateBroadcasts,
  listBroadcasts,
  removeBroadcastStream,
  setBroadcastLayout,
  startBroadcast,
  stopBroadcast,
  toBroadcast,
  type Broadcast,
  type StartBroadcastOptions,
} from '@video/broadcasts';
import {
  AuthenticationError,
  ConflictError,
  InvalidRequestError,
  NetworkError,
  NotFoundError,
  ServerError,
  TimeoutError,
  VideoError,
  type Layout,
  type VideoClient,
} from '@video/core';
import { createSession } from '@video/sessions';
import {
  expectAuthHeaders,
  MODES,
  projectPrefix,
  sessionWithClients,
  startHarness,
  type Harness,
} from '../../../test/support/harness.js';
import { expectRejectedLocally, ownerOf, rejection, until, wrongKeyClient } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ broadcastStartMs: 20 });
});
afterAll(() => h.stop());
afterEach(() => h.emu.control.clearFaults());

type ErrorClass = abstract new (...args: never[]) => VideoError;

async function broadcastState(id: string): Promise<Record<string, unknown>> {
  const found = (await h.emu.control.state()).broadcasts.find((b) => b.id === id);
  if (!found) throw new Error(`broadcast ${id} is not in the emulator state`);
  return found;
}

async function broadcastsOfSession(sessionId: string): Promise<Record<string, unknown>[]> {
  return (await h.emu.control.state()).broadcasts.filter((b) => b.sessionId === sessionId);
}

const HLS = { outputs: { hls: {} } } satisfies StartBroadcastOptions;
const rtmp = (n: number) => ({ id: `t${n}`, serverUrl: `rtmps://live${n}.example.com/app`, streamName: `key-${n}` });
const BAD_IDS = ['', 'a/b', '..', '?x'];

describe('toBroadcast', () => {
  it('normalises a sparse API object; no settings.hls means no HLS settings', () => {
    expect(toBroadcast({ id: 'b', sessionId: 's', createdAt: 7, status: 'stopped', settings: {}, applicationId: 'app' })).toStrictEqual({
      id: 'b',
      sessionId: 's',
      applicationId: 'app',
      status: 'stopped',
      createdAt: new Date(7),
      updatedAt: undefined,
      multiBroadcastTag: undefined,
      maxDuration: undefined,
      maxBitrate: undefined,
      resolution: undefined,
      streamMode: 'auto',
      hasAudio: true,
      hasVideo: true,
      hls: undefined,
      broadcastUrls: { hls: undefined, hlsStatus: undefined, rtmp: [] },
      streams: [],
    });
    expect(toBroadcast({ settings: null }).hls).toBeUndefined();
    expect(toBroadcast({ settings: { hls: { dvr: true } } }).hls).toEqual({ dvr: true, lowLatency: false });
  });
});

describe.each(MODES)('with %s credentials', (mode) => {
  let client: VideoClient;
  let prefix: string;
  beforeAll(() => {
    client = h.client(mode);
    prefix = projectPrefix(client);
  });

  describe('startBroadcast', () => {
    it('sends HLS outputs only and returns the started broadcast', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      await h.mark();
      const broadcast = await startBroadcast(client, sessionId, HLS);
      const request = await h.lastRequest();
      expect(request.method).toBe('POST');
      expect(request.path).toBe(`${prefix}/broadcast`);
      expect(request.query).toEqual({});
      expectAuthHeaders(request, mode, true);
      expect(request.body).toStrictEqual({ sessionId, outputs: { hls: {} } });
      expect(request.rawBody).toBe(JSON.stringify({ sessionId, outputs: { hls: {} } }));
      expect(request.status).toBe(200);

      const state = await broadcastState(broadcast.id);
      expect(state).toMatchObject({ status: 'started', layout: { type: 'bestFit' }, streamMode: 'auto' });
      expect(broadcast).toStrictEqual<Broadcast>({
        id: state.id as string,
        sessionId,
        ...ownerOf(client),
        status: 'started',
        createdAt: new Date(state.createdAt as number),
        updatedAt: new Date(state.createdAt as number),
        multiBroadcastTag: undefined,
        maxDuration: 14_400,
        maxBitrate: 2_000_000,
        resolution: '640x480',
        streamMode: 'auto',
        hasAudio: true,
        hasVideo: true,
        hls: { lowLatency: false, dvr: false },
        broadcastUrls: {
          hls: `${h.emu.url}/_emulator/media/broadcasts/${broadcast.id}/index.m3u8`,
          hlsStatus: 'connecting',
          rtmp: [],
        },
        streams: [],
      });
    });

    it('sends every option in its wire form', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const layout: Layout = { type: 'custom', stylesheet: 'stream { width: 50%; }' };
      const options: StartBroadcastOptions = {
        outputs: { hls: { dvr: true, lowLatency: false }, rtmp: [rtmp(1), { serverUrl: 'rtmp://plain.example.com/live', streamName: 'plain' }] },
        maxDuration: 60,
        maxBitrate: 100_000,
        resolution: '1920x1080',
        layout,
        streamMode: 'manual',
        multiBroadcastTag: 'tag-full',
        hasAudio: false,
        hasVideo: true,
      };
      await h.mark();
      const broadcast = await startBroadcast(client, sessionId, options);
      const request = await h.lastRequest();
      expectAuthHeaders(request, mode, true);
      expect(request.body).toStrictEqual({
        sessionId,
        outputs: {
          hls: { dvr: true, lowLatency: false },
          rtmp: [
            { id: 't1', serverUrl: 'rtmps://live1.example.com/app', streamName: 'key-1' },
            { serverUrl: 'rtmp://plain.example.com/live', streamName: 'plain' },
          ],
        },
        maxDuration: 60,
        maxBitrate: 100_000,
        resolution: '1920x1080',
        layout,
        streamMode: 'manual',
        multiBroadcastTag: 'tag-full',
        hasAudio: false,
        hasVideo: true,
      });
      expect(await broadcastState(broadcast.id)).toMatchObject({
        layout,
        maxDuration: 60,
        maxBitrate: 100_000,
        resolution: '1920x1080',
        streamMode: 'manual',
        multiBroadcastTag: 'tag-full',
        hasAudio: false,
        settings: { hls: { dvr: true, lowLatency: false } },
      });
      expect(broadcast).toMatchObject({
        maxDuration: 60,
        maxBitrate: 100_000,
        resolution: '1920x1080',
        streamMode: 'manual',
        multiBroadcastTag: 'tag-full',
        hasAudio: false,
        hasVideo: true,
        hls: { dvr: true, lowLatency: false },
      });
      expect(broadcast.broadcastUrls).toStrictEqual({
        hls: `${h.emu.url}/_emulator/media/broadcasts/${broadcast.id}/index.m3u8?DVR`,
        hlsStatus: 'connecting',
        rtmp: [
          { id: 't1', serverUrl: 'rtmps://live1.example.com/app', streamName: 'key-1', status: 'connecting' },
          { id: undefined, serverUrl: 'rtmp://plain.example.com/live', streamName: 'plain', status: 'connecting' },
        ],
      });
    });

    it('sends five RTMP targets without HLS, and low-latency HLS', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const targets = [1, 2, 3, 4, 5].map(rtmp);
      await h.mark();
      const rtmpOnly = await startBroadcast(client, sessionId, { outputs: { rtmp: targets } });
      expect((await h.lastRequest()).body).toStrictEqual({ sessionId, outputs: { rtmp: targets } });
      expect(rtmpOnly.hls).toBeUndefined();
      expect(rtmpOnly.broadcastUrls.hls).toBeUndefined();
      expect(rtmpOnly.broadcastUrls.rtmp.map((r) => r.id)).toEqual(['t1', 't2', 't3', 't4', 't5']);

      await h.mark();
      const low = await startBroadcast(client, sessionId, { outputs: { hls: { lowLatency: true } }, multiBroadcastTag: 'low' });
      expect((await h.lastRequest()).body).toStrictEqual({ sessionId, outputs: { hls: { lowLatency: true } }, multiBroadcastTag: 'low' });
      expect(low.hls).toEqual({ lowLatency: true, dvr: false });
    });

    it('accepts every value the API allows', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const accepted: Omit<StartBroadcastOptions, 'outputs'>[] = [
        { maxDuration: 60 },
        { maxDuration: 36_000 },
        { maxBitrate: 100_000 },
        { maxBitrate: 6_000_000 },
        ...(['640x480', '480x640', '1280x720', '720x1280', '1920x1080', '1080x1920'] as const).map((resolution) => ({ resolution })),
        ...(['bestFit', 'horizontalPresentation', 'pip', 'verticalPresentation'] as const).map((type) => ({ layout: { type } })),
        { layout: { type: 'bestFit', screenshareType: 'horizontalPresentation' } },
        { streamMode: 'auto' },
        { hasVideo: false },
      ];
      for (const [i, options] of accepted.entries()) {
        await h.mark();
        const broadcast = await startBroadcast(client, sessionId, { ...HLS, ...options, multiBroadcastTag: `ok-${i}` });
        expect((await h.lastRequest()).body).toStrictEqual({ sessionId, outputs: { hls: {} }, ...options, multiBroadcastTag: `ok-${i}` });
        expect(broadcast.status).toBe('started');
      }
      expect(await broadcastsOfSession(sessionId)).toHaveLength(accepted.length);
    });

    const invalid: [string, unknown, string][] = [
      ['no options', undefined, 'outputs'],
      ['no outputs', {}, 'outputs'],
      ['empty outputs', { outputs: {} }, 'outputs'],
      ['only an empty RTMP list', { outputs: { rtmp: [] } }, 'outputs'],
      ['outputs that are no object', { outputs: 'hls' }, 'outputs'],
      ['an unknown output', { outputs: { dash: {} } }, 'outputs.dash'],
      ['both dvr and lowLatency', { outputs: { hls: { dvr: true, lowLatency: true } } }, 'outputs.hls'],
      ['a non-boolean dvr', { outputs: { hls: { dvr: 'yes' } } }, 'outputs.hls.dvr'],
      ['an unknown HLS option', { outputs: { hls: { latency: 'low' } } }, 'outputs.hls.latency'],
      ['RTMP that is no array', { outputs: { rtmp: rtmp(1) } }, 'outputs.rtmp'],
      ['six RTMP targets', { outputs: { rtmp: [1, 2, 3, 4, 5, 6].map(rtmp) } }, 'outputs.rtmp'],
      ['an RTMP target that is no object', { outputs: { rtmp: ['rtmp://x/y'] } }, 'outputs.rtmp[0]'],
      ['an RTMP target without serverUrl', { outputs: { rtmp: [{ streamName: 'k' }] } }, 'outputs.rtmp[0].serverUrl'],
      ['an RTMP target without streamName', { outputs: { rtmp: [{ serverUrl: 'rtmp://x/y' }] } }, 'outputs.rtmp[0].streamName'],
      ['a blank streamName', { outputs: { rtmp: [{ serverUrl: 'rtmp://x/y', streamName: '  ' }] } }, 'outputs.rtmp[0].streamName'],
      ['a blank serverUrl', { outputs: { rtmp: [{ serverUrl: ' ', streamName: 'k' }] } }, 'outputs.rtmp[0].serverUrl'],
      ['a blank id', { outputs: { rtmp: [rtmp(1), { ...rtmp(2), id: ' ' }] } }, 'outputs.rtmp[1].id'],
      ['an empty id', { outputs: { rtmp: [{ ...rtmp(1), id: '' }] } }, 'outputs.rtmp[0].id'],
      ['an unknown RTMP key', { outputs: { rtmp: [{ ...rtmp(1), url: 'x' }] } }, 'outputs.rtmp[0].url'],
      ['maxDuration 59', { ...HLS, maxDuration: 59 }, 'maxDuration'],
      ['maxDuration 36 001', { ...HLS, maxDuration: 36_001 }, 'maxDuration'],
      ['a fractional maxDuration', { ...HLS, maxDuration: 90.5 }, 'maxDuration'],
      ['maxBitrate 99 999', { ...HLS, maxBitrate: 99_999 }, 'maxBitrate'],
      ['maxBitrate 6 000 001', { ...HLS, maxBitrate: 6_000_001 }, 'maxBitrate'],
      ['an unknown resolution', { ...HLS, resolution: '4k' }, 'resolution'],
      ['a custom layout without stylesheet', { ...HLS, layout: { type: 'custom' } }, 'layout.stylesheet'],
      ['a stylesheet without custom', { ...HLS, layout: { type: 'pip', stylesheet: 'x {}' } }, 'layout.stylesheet'],
      ['a screenshareType without bestFit', { ...HLS, layout: { type: 'pip', screenshareType: 'pip' } }, 'layout.screenshareType'],
      ['a screenshareType with custom', { ...HLS, layout: { type: 'custom', stylesheet: 'x {}', screenshareType: 'pip' } }, 'layout.screenshareType'],
      ['a custom screenshareType', { ...HLS, layout: { type: 'bestFit', screenshareType: 'custom' } }, 'layout.screenshareType'],
      ['an unknown layout type', { ...HLS, layout: { type: 'focus' } }, 'layout.type'],
      ['an unknown stream mode', { ...HLS, streamMode: 'MANUAL' }, 'streamMode'],
      ['an empty multiBroadcastTag', { ...HLS, multiBroadcastTag: '' }, 'multiBroadcastTag'],
      ['a non-boolean hasAudio', { ...HLS, hasAudio: 1 }, 'hasAudio'],
      ['an unknown option', { ...HLS, maxBitRate: 200_000 }, 'maxBitRate'],
      ['options that are no object', 'hls', 'options'],
    ];
    it.each(invalid)('rejects %s locally', async (_name, options, field) => {
      await expectRejectedLocally(h, () => startBroadcast(client, 'SESSION', options as StartBroadcastOptions), field);
    });

    it.each([[''], [null]])('rejects the session ID %j locally', async (sessionId) => {
      await expectRejectedLocally(h, () => startBroadcast(client, sessionId as string, HLS), 'sessionId');
    });

    it('409 for a relayed session; 400 when no client is connected', async () => {
      const relayed = await sessionWithClients(client, h.emu, { session: { mediaMode: 'relayed' } });
      const conflict = await rejection(startBroadcast(client, relayed.sessionId, HLS));
      expect(conflict).toBeInstanceOf(ConflictError);
      expect(conflict).toMatchObject({ status: 409, code: 'conflict', method: 'POST' });
      expect(conflict.message).toMatch(/routed/);
      expect(conflict.message).toBe((conflict.body as { message: string }).message);

      const { sessionId } = await createSession(client, { mediaMode: 'routed' });
      const empty = await rejection(startBroadcast(client, sessionId, HLS));
      expect(empty).toBeInstanceOf(InvalidRequestError);
      expect(empty).toMatchObject({ status: 400, code: 'bad_request' });
      expect(empty.message).toMatch(/no connected clients/);
      expect(await broadcastsOfSession(sessionId)).toEqual([]);
    });

    it("404 for another project's session; 400 for a malformed session ID; 403 for rejected credentials", async () => {
      const other = h.client(mode === 'vonage' ? 'opentok' : 'vonage');
      const foreign = await sessionWithClients(other, h.emu);
      const notFound = await rejection(startBroadcast(client, foreign.sessionId, HLS));
      expect(notFound).toBeInstanceOf(NotFoundError);
      expect(notFound).toMatchObject({ status: 404, code: 'not_found', message: 'Session not found' });

      const invalid = await rejection(startBroadcast(client, 'nope', HLS));
      expect(invalid).toBeInstanceOf(InvalidRequestError);
      expect(invalid).toMatchObject({ status: 400, code: 'bad_request' });

      const { sessionId } = await sessionWithClients(client, h.emu);
      const denied = await rejection(startBroadcast(wrongKeyClient(h, mode), sessionId, HLS));
      expect(denied).toBeInstanceOf(AuthenticationError);
      expect(denied).toMatchObject({ status: 403, code: 'authentication_failed' });
      expect(await broadcastsOfSession(sessionId)).toEqual([]);
    });

    it('multiBroadcastTag allows a second broadcast; a running one or a duplicate tag is a 409', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const first = await startBroadcast(client, sessionId, HLS);
      const second = await startBroadcast(client, sessionId, { ...HLS, multiBroadcastTag: 'two' });
      const again = await rejection(startBroadcast(client, sessionId, HLS));
      expect(again).toBeInstanceOf(ConflictError);
      expect(again).toMatchObject({ status: 409, code: 'conflict' });
      expect(again.message).toMatch(/already started/);
      const duplicate = await rejection(startBroadcast(client, sessionId, { ...HLS, multiBroadcastTag: 'two' }));
      expect(duplicate).toBeInstanceOf(ConflictError);
      expect(duplicate.message).toMatch(/multiBroadcastTag/);
      expect((await broadcastsOfSession(sessionId)).map((b) => [b.id, b.status])).toEqual([
        [first.id, 'started'],
        [second.id, 'started'],
      ]);
    });
  });

  describe('lifecycle', () => {
    it('goes live, changes layout, stops; a second stop is a 404', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const started = await startBroadcast(client, sessionId, { outputs: { hls: {}, rtmp: [rtmp(1), rtmp(2)] } });

      await h.mark();
      const live = await until(
        () => getBroadcast(client, started.id),
        (b) => b.broadcastUrls.hlsStatus === 'live' && b.broadcastUrls.rtmp.every((r) => r.status === 'live'),
      );
      const get = (await h.requests()).at(-1)!;
      expect(get).toMatchObject({ method: 'GET', path: `${prefix}/broadcast/${started.id}`, query: {} });
      expectAuthHeaders(get, mode, false);
      expect(live.broadcastUrls.rtmp.map((r) => [r.id, r.status])).toEqual([
        ['t1', 'live'],
        ['t2', 'live'],
      ]);
      expect(live.broadcastUrls.hls).toBe(started.broadcastUrls.hls);
      const playlist = await fetch(live.broadcastUrls.hls!);
      expect(playlist.status).toBe(200);

      await h.mark();
      await expect(setBroadcastLayout(client, started.id, { type: 'bestFit', screenshareType: 'pip' })).resolves.toBeUndefined();
      const put = await h.lastRequest();
      expect(put).toMatchObject({ method: 'PUT', path: `${prefix}/broadcast/${started.id}/layout`, status: 200 });
      expectAuthHeaders(put, mode, true);
      expect(put.body).toStrictEqual({ type: 'bestFit', screenshareType: 'pip' });
      expect((await broadcastState(started.id)).layout).toStrictEqual({ type: 'bestFit', screenshareType: 'pip' });

      await h.mark();
      const stopped = await stopBroadcast(client, started.id);
      const stop = await h.lastRequest();
      expect(stop).toMatchObject({ method: 'POST', path: `${prefix}/broadcast/${started.id}/stop`, rawBody: '' });
      expectAuthHeaders(stop, mode, false);
      expect(stopped.status).toBe('stopped');
      expect(stopped.broadcastUrls.hlsStatus).toBe('ended');
      expect(stopped.broadcastUrls.rtmp.map((r) => r.status)).toEqual(['offline', 'offline']);
      expect(await broadcastState(started.id)).toMatchObject({ status: 'stopped' });

      const again = await rejection(stopBroadcast(client, started.id));
      expect(again).toBeInstanceOf(NotFoundError);
      expect(again).toMatchObject({ status: 404, code: 'not_found' });
      expect(again.message).toMatch(/already stopped/);

      // A stopped broadcast frees the session for a new one without a tag.
      expect((await startBroadcast(client, sessionId, HLS)).status).toBe('started');
    });

    it('unknown IDs are 404', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const run of [
        () => getBroadcast(client, unknown),
        () => stopBroadcast(client, unknown),
        () => setBroadcastLayout(client, unknown, { type: 'pip' }),
        () => addBroadcastStream(client, unknown, 'stream'),
      ]) {
        const error = await rejection(run());
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error).toMatchObject({ status: 404, code: 'not_found', message: 'Broadcast not found' });
      }
    });
  });

  describe('setBroadcastLayout', () => {
    it('sends each layout form and the emulator applies it', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const broadcast = await startBroadcast(client, sessionId, HLS);
      const layouts: Layout[] = [
        { type: 'custom', stylesheet: 'stream.focus { width: 100%; }' },
        { type: 'verticalPresentation' },
        { type: 'bestFit' },
      ];
      for (const layout of layouts) {
        await h.mark();
        await setBroadcastLayout(client, broadcast.id, layout);
        const request = await h.lastRequest();
        expect(request.body).toStrictEqual(layout);
        expectAuthHeaders(request, mode, true);
        expect((await broadcastState(broadcast.id)).layout).toStrictEqual(layout);
      }
    });

    const invalid: [string, unknown, string][] = [
      ['custom without stylesheet', { type: 'custom' }, 'layout.stylesheet'],
      ['a stylesheet without custom', { type: 'bestFit', stylesheet: 'x {}' }, 'layout.stylesheet'],
      ['screenshareType without bestFit', { type: 'horizontalPresentation', screenshareType: 'pip' }, 'layout.screenshareType'],
      ['screenshareType with custom', { type: 'custom', stylesheet: 'x {}', screenshareType: 'pip' }, 'layout.screenshareType'],
      ['screenshareType custom', { type: 'bestFit', screenshareType: 'custom' }, 'layout.screenshareType'],
      ['an unknown type', { type: 'mosaic' }, 'layout.type'],
      ['an unknown key', { type: 'pip', stylesheets: [] }, 'layout.stylesheets'],
      ['no object', null, 'layout'],
    ];
    it.each(invalid)('rejects %s locally', async (_name, layout, field) => {
      await expectRejectedLocally(h, () => setBroadcastLayout(client, 'broadcast-id', layout as Layout), field);
    });

    it('rejects unknown option keys locally', async () => {
      await expectRejectedLocally(h, () => setBroadcastLayout(client, 'b', { type: 'pip' }, { layout: {} } as never), 'layout');
    });
  });

  describe('addBroadcastStream / removeBroadcastStream', () => {
    it('selects streams in manual mode; hasAudio and hasVideo false are sent', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu, { clients: 2 });
      const [one, two] = participants.map((p) => p.streamId!);
      const broadcast = await startBroadcast(client, sessionId, { ...HLS, streamMode: 'manual' });
      const steps: [() => Promise<void>, unknown, unknown][] = [
        [() => addBroadcastStream(client, broadcast.id, one!, { hasAudio: false }), { addStream: one, hasAudio: false, hasVideo: true }, [{ streamId: one, hasAudio: false, hasVideo: true }]],
        [
          () => addBroadcastStream(client, broadcast.id, two!, { hasVideo: false, hasAudio: true }),
          { addStream: two, hasAudio: true, hasVideo: false },
          [
            { streamId: one, hasAudio: false, hasVideo: true },
            { streamId: two, hasAudio: true, hasVideo: false },
          ],
        ],
        [
          () => addBroadcastStream(client, broadcast.id, one!),
          { addStream: one, hasAudio: true, hasVideo: true },
          [
            { streamId: one, hasAudio: true, hasVideo: true },
            { streamId: two, hasAudio: true, hasVideo: false },
          ],
        ],
        [() => removeBroadcastStream(client, broadcast.id, two!), { removeStream: two }, [{ streamId: one, hasAudio: true, hasVideo: true }]],
      ];
      for (const [run, body, streams] of steps) {
        await h.mark();
        await expect(run()).resolves.toBeUndefined();
        const request = await h.lastRequest();
        expect(request.method).toBe('PATCH');
        expect(request.path).toBe(`${prefix}/broadcast/${broadcast.id}/streams`);
        expectAuthHeaders(request, mode, true);
        expect(request.body).toStrictEqual(body);
        expect(request.status).toBe(204);
        expect((await broadcastState(broadcast.id)).streams).toEqual(streams);
        expect((await getBroadcast(client, broadcast.id)).streams).toEqual(streams);
      }
    });

    it('405 in auto stream mode; 404 for an unknown stream', async () => {
      const { sessionId, participants } = await sessionWithClients(client, h.emu);
      const auto = await startBroadcast(client, sessionId, HLS);
      for (const run of [
        () => addBroadcastStream(client, auto.id, participants[0]!.streamId!),
        () => removeBroadcastStream(client, auto.id, participants[0]!.streamId!),
      ]) {
        const error = await rejection(run());
        expect(error).toBeInstanceOf(InvalidRequestError);
        expect(error).toMatchObject({ status: 405, code: 'method_not_allowed', method: 'PATCH' });
        expect(error.message).toMatch(/Stream mode not supported/);
      }
      const manual = await startBroadcast(client, sessionId, { ...HLS, streamMode: 'manual', multiBroadcastTag: 'manual' });
      const missing = await rejection(removeBroadcastStream(client, manual.id, 'no-such-stream'));
      expect(missing).toBeInstanceOf(NotFoundError);
      expect(missing).toMatchObject({ status: 404, message: 'Stream not found' });
    });

    const invalid: [string, () => Promise<void>, string][] = [
      ['neither audio nor video', () => addBroadcastStream(client, 'b', 's', { hasAudio: false, hasVideo: false }), 'hasVideo'],
      ['a non-boolean hasAudio', () => addBroadcastStream(client, 'b', 's', { hasAudio: 'false' as never }), 'hasAudio'],
      ['an unknown add option', () => addBroadcastStream(client, 'b', 's', { video: false } as never), 'video'],
      ['an unknown remove option', () => removeBroadcastStream(client, 'b', 's', { hasVideo: true } as never), 'hasVideo'],
      ['an empty stream ID to add', () => addBroadcastStream(client, 'b', ''), 'streamId'],
      ['an empty stream ID to remove', () => removeBroadcastStream(client, 'b', ''), 'streamId'],
    ];
    it.each(invalid)('rejects %s locally', async (_name, run, field) => {
      await expectRejectedLocally(h, run, field);
    });
  });

  describe('listBroadcasts / iterateBroadcasts', () => {
    let sessionId: string;
    let ids: string[];
    beforeAll(async () => {
      ({ sessionId } = await sessionWithClients(client, h.emu));
      ids = [];
      for (let i = 0; i < 7; i++) ids.push((await startBroadcast(client, sessionId, { ...HLS, multiBroadcastTag: `list-${i}` })).id);
      await stopBroadcast(client, ids[0]!);
    });
    const newestFirst = () => [...ids].reverse();

    it('lists a session newest first (stopped ones too) with the total count', async () => {
      await h.mark();
      const page = await listBroadcasts(client, { sessionId });
      const request = await h.lastRequest();
      expect(request).toMatchObject({ method: 'GET', path: `${prefix}/broadcast`, query: { sessionId } });
      expectAuthHeaders(request, mode, false);
      expect(page.totalCount).toBe(7);
      expect(page.items.map((b) => b.id)).toEqual(newestFirst());
      expect(page.items.map((b) => b.status)).toEqual(['started', 'started', 'started', 'started', 'started', 'started', 'stopped']);
    });

    it('sends offset and count; totalCount stays the total', async () => {
      await h.mark();
      const page = await listBroadcasts(client, { sessionId, offset: 4, count: 2 });
      expect((await h.lastRequest()).query).toEqual({ offset: '4', count: '2', sessionId });
      expect(page.totalCount).toBe(7);
      expect(page.items.map((b) => b.id)).toEqual(newestFirst().slice(4, 6));

      await h.mark();
      const beyond = await listBroadcasts(client, { sessionId, offset: 7, count: 1000 });
      expect((await h.lastRequest()).query).toEqual({ offset: '7', count: '1000', sessionId });
      expect(beyond).toEqual({ items: [], totalCount: 7 });
    });

    it('lists the whole project without a query', async () => {
      await h.mark();
      const page = await listBroadcasts(client);
      expect((await h.lastRequest()).query).toEqual({});
      const state = (await h.emu.control.state()).broadcasts.filter((b) => (b.applicationId ?? b.projectId) === client.projectKey);
      expect(page.totalCount).toBe(state.length);
      expect(page.items.map((b) => b.id)).toEqual(state.map((b) => b.id).reverse().slice(0, 50));
    });

    it('iterates every page', async () => {
      await h.mark();
      const seen: string[] = [];
      for await (const broadcast of iterateBroadcasts(client, { sessionId, pageSize: 2 })) seen.push(broadcast.id);
      expect(seen).toEqual(newestFirst());
      const requests = await h.requests();
      expect(requests.map((r) => r.query)).toEqual([0, 2, 4, 6].map((offset) => ({ offset: String(offset), count: '2', sessionId })));
      for (const request of requests) expectAuthHeaders(request, mode, false);
    });

    it('iterates with offset and limit', async () => {
      await h.mark();
      const seen: string[] = [];
      for await (const broadcast of iterateBroadcasts(client, { sessionId, offset: 3, limit: 2 })) seen.push(broadcast.id);
      expect(seen).toEqual(newestFirst().slice(3, 5));
      expect((await h.requests()).map((r) => r.query)).toEqual([{ offset: '3', count: '2', sessionId }]);
    });

    const invalidList: [string, unknown, string][] = [
      ['a negative offset', { offset: -1 }, 'offset'],
      ['count 0', { count: 0 }, 'count'],
      ['count 1001', { count: 1001 }, 'count'],
      ['a fractional count', { count: 2.5 }, 'count'],
      ['an empty sessionId', { sessionId: '' }, 'sessionId'],
      ['an unknown option', { limit: 3 }, 'limit'],
    ];
    it.each(invalidList)('listBroadcasts rejects %s locally', async (_name, options, field) => {
      await expectRejectedLocally(h, () => listBroadcasts(client, options as never), field);
    });

    const invalidIterate: [string, unknown, string][] = [
      ['a fractional offset', { offset: 0.5 }, 'offset'],
      ['pageSize 0', { pageSize: 0 }, 'pageSize'],
      ['pageSize 1001', { pageSize: 1001 }, 'pageSize'],
      ['a fractional limit', { limit: 1.5 }, 'limit'],
      ['a count (list only)', { count: 5 }, 'count'],
      ['an empty sessionId', { sessionId: '' }, 'sessionId'],
    ];
    it.each(invalidIterate)('iterateBroadcasts rejects %s locally', async (_name, options, field) => {
      await expectRejectedLocally(h, () => iterateBroadcasts(client, options as never).next(), field);
    });
  });

  describe('path segments', () => {
    const byId: [string, (id: string) => Promise<unknown>][] = [
      ['stopBroadcast', (id) => stopBroadcast(client, id)],
      ['getBroadcast', (id) => getBroadcast(client, id)],
      ['setBroadcastLayout', (id) => setBroadcastLayout(client, id, { type: 'pip' })],
      ['addBroadcastStream', (id) => addBroadcastStream(client, id, 'stream')],
      ['removeBroadcastStream', (id) => removeBroadcastStream(client, id, 'stream')],
    ];
    for (const [name, run] of byId) {
      it.each(BAD_IDS)(`${name} rejects the broadcast ID %j locally`, async (id) => {
        await expectRejectedLocally(h, () => run(id), 'broadcastId');
      });
    }
  });

  describe('documented error statuses (injected)', () => {
    const ID = 'b0ffee00-0000-4000-8000-000000000001';
    const ops: [string, string, string, () => Promise<unknown>, number[]][] = [
      ['startBroadcast', 'POST', '**/broadcast', () => startBroadcast(client, 'SESSION', HLS), [400, 403, 409, 500]],
      ['stopBroadcast', 'POST', `**/broadcast/${ID}/stop`, () => stopBroadcast(client, ID), [400, 403, 404, 500]],
      ['getBroadcast', 'GET', `**/broadcast/${ID}`, () => getBroadcast(client, ID), [403, 404, 500]],
      ['listBroadcasts', 'GET', '**/broadcast', () => listBroadcasts(client), [400, 403, 500]],
      ['setBroadcastLayout', 'PUT', `**/broadcast/${ID}/layout`, () => setBroadcastLayout(client, ID, { type: 'pip' }), [400, 403, 404, 500]],
      ['addBroadcastStream', 'PATCH', `**/broadcast/${ID}/streams`, () => addBroadcastStream(client, ID, 's'), [400, 403, 404, 405]],
      ['removeBroadcastStream', 'PATCH', `**/broadcast/${ID}/streams`, () => removeBroadcastStream(client, ID, 's'), [400, 403, 404, 405]],
    ];
    const expected: Record<number, [ErrorClass, string]> = {
      400: [InvalidRequestError, 'bad_request'],
      403: [AuthenticationError, 'authentication_failed'],
      404: [NotFoundError, 'not_found'],
      405: [InvalidRequestError, 'method_not_allowed'],
      409: [ConflictError, 'conflict'],
      500: [ServerError, 'server_error'],
    };
    const cases = ops.flatMap(([name, method, path, run, statuses]) => statuses.map((status) => [name, status, method, path, run] as const));
    it.each(cases)('%s: HTTP %i', async (name, status, method, path, run) => {
      const body = { code: status, message: `The API says ${status} to ${name}` };
      await h.emu.control.injectFault({ method, path, action: { type: 'status', status, body } });
      await h.mark();
      const error = await rejection(run());
      const [ErrorClass, code] = expected[status]!;
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ status, code, message: body.message, body, method });
      expect(await h.requests()).toHaveLength(1);
    });

    it('accepts any 2xx', async () => {
      const raw = {
        id: ID,
        sessionId: 'S',
        status: 'started',
        createdAt: 1,
        settings: { hls: { lowLatency: true, dvr: false } },
        broadcastUrls: { hls: 'https://cdn/x.m3u8', hlsStatus: 'ready', rtmp: [{ id: 'a', serverUrl: 'rtmp://s/a', streamName: 'n', status: 'error' }] },
      };
      await h.emu.control.injectFault({ method: 'POST', path: '**/broadcast', action: { type: 'status', status: 202, body: raw } });
      expect(await startBroadcast(client, 'S', HLS)).toStrictEqual(toBroadcast(raw));
      expect(toBroadcast(raw)).toMatchObject({
        hls: { lowLatency: true, dvr: false },
        broadcastUrls: { hls: 'https://cdn/x.m3u8', hlsStatus: 'ready', rtmp: [{ id: 'a', serverUrl: 'rtmp://s/a', streamName: 'n', status: 'error' }] },
      });
      for (const [method, path, run] of [
        ['PUT', `**/broadcast/${ID}/layout`, () => setBroadcastLayout(client, ID, { type: 'pip' })],
        ['PATCH', `**/broadcast/${ID}/streams`, () => removeBroadcastStream(client, ID, 's')],
      ] as const) {
        await h.emu.control.injectFault({ method, path, action: { type: 'status', status: 204, body: '' } });
        await expect(run()).resolves.toBeUndefined();
        await h.emu.control.injectFault({ method, path, action: { type: 'status', status: 200, body: { id: ID } } });
        await expect(run()).resolves.toBeUndefined();
      }
    });
  });

  describe('retries', () => {
    const retrying = () => h.client(mode, { retry: { maxAttempts: 3, baseDelay: 1, maxDelay: 5 } });

    it('never repeats a startBroadcast whose connection dropped after the broadcast was created', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      await h.emu.control.injectFault({ method: 'POST', path: '**/broadcast', afterHandling: true, action: { type: 'drop' } });
      await h.mark();
      const error = await rejection(startBroadcast(retrying(), sessionId, HLS));
      expect(error).toBeInstanceOf(NetworkError);
      expect(error.code).toBe('network_error');
      expect((await h.requests()).map((r) => [r.method, r.path])).toEqual([['POST', `${prefix}/broadcast`]]);
      const broadcasts = await broadcastsOfSession(sessionId);
      expect(broadcasts).toHaveLength(1);
      expect(broadcasts[0]!.status).toBe('started');
    });

    it('never repeats a startBroadcast that timed out', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      await h.emu.control.injectFault({ method: 'POST', path: '**/broadcast', afterHandling: true, action: { type: 'delay', ms: 2000 } });
      await h.mark();
      const error = await rejection(startBroadcast(retrying(), sessionId, { ...HLS, timeout: 150 }));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(await h.requests()).toHaveLength(1);
      expect(await broadcastsOfSession(sessionId)).toHaveLength(1);
    });

    it('does not repeat a startBroadcast after a 500, but does after a 503', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      await h.emu.control.injectFault({ method: 'POST', path: '**/broadcast', action: { type: 'status', status: 500 } });
      await h.mark();
      expect(await rejection(startBroadcast(retrying(), sessionId, HLS))).toBeInstanceOf(ServerError);
      expect(await h.requests()).toHaveLength(1);
      expect(await broadcastsOfSession(sessionId)).toEqual([]);

      await h.emu.control.injectFault({ method: 'POST', path: '**/broadcast', action: { type: 'status', status: 503 } });
      await h.mark();
      const broadcast = await startBroadcast(retrying(), sessionId, HLS);
      expect((await h.requests()).map((r) => [r.status, r.body])).toEqual([
        [503, { sessionId, outputs: { hls: {} } }],
        [200, { sessionId, outputs: { hls: {} } }],
      ]);
      expect((await broadcastsOfSession(sessionId)).map((b) => b.id)).toEqual([broadcast.id]);
    });

    it('retries a stopBroadcast after a 500 (repeating a stop creates nothing)', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const broadcast = await startBroadcast(client, sessionId, HLS);
      await h.emu.control.injectFault({ method: 'POST', path: '**/stop', action: { type: 'status', status: 500 } });
      await h.mark();
      expect((await stopBroadcast(retrying(), broadcast.id)).status).toBe('stopped');
      expect((await h.requests()).map((r) => r.status)).toEqual([500, 200]);
    });
  });
});
