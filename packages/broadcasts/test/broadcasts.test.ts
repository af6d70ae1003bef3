// @video/broadcasts against the emulator over real sockets, in both credential modes: the exact
// requests that reach it, the state it holds afterwards, local validation, and error mapping.
// What broadcasts share with archives and renders (lifecycle requests, layout, stream selection,
// lists, IDs, error statuses, retries) is registered by the contract kit at the end.
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
import { InvalidRequestError, InvalidResponseError, NotFoundError, type Layout, type VideoClient } from '@video/core';
import { expectAuthHeaders, MODES, sessionWithClients, startHarness, type Harness } from '../../../test/support/harness.js';
import { expectRejectedLocally, ownerOf, rejection, until } from '../../../test/support/assertions.js';
import { describeResourceContract } from '../../../test/support/resource-contract.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ broadcastStartMs: 20 });
});
afterAll(() => h.stop());
afterEach(() => h.emu.control.clearFaults());

async function broadcastState(id: string): Promise<Record<string, unknown>> {
  const found = (await h.emu.control.state()).broadcasts.find((b) => b.id === id);
  if (!found) throw new Error(`broadcast ${id} is not in the emulator state`);
  return found;
}

const HLS = { outputs: { hls: {} } } satisfies StartBroadcastOptions;
const rtmp = (n: number) => ({ id: `t${n}`, serverUrl: `rtmps://live${n}.example.com/app`, streamName: `key-${n}` });

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
    expect(toBroadcast({ id: 'b', settings: null }).hls).toBeUndefined();
    expect(toBroadcast({ id: 'b', settings: { hls: { dvr: true } } }).hls).toEqual({ dvr: true, lowLatency: false });
  });

  it('throws an InvalidResponseError naming the operation when the broadcast has no id', () => {
    expect(() => toBroadcast({ sessionId: 's' }, 'getBroadcast')).toThrow(InvalidResponseError);
    expect(() => toBroadcast({ id: '' })).toThrow('toBroadcast: the response has no id');
  });
});

describe.each(MODES)('with %s credentials', (mode) => {
  let client: VideoClient;
  beforeAll(() => {
    client = h.client(mode);
  });

  describe('startBroadcast', () => {
    it('returns the started broadcast with its defaults', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const broadcast = await startBroadcast(client, sessionId, HLS);
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
    ];
    it.each(invalid)('rejects %s locally', async (_name, options, field) => {
      await expectRejectedLocally(h, () => startBroadcast(client, 'SESSION', options as StartBroadcastOptions), field);
    });
  });

  describe('lifecycle', () => {
    it('goes live, stops; a second stop is a 404', async () => {
      const { sessionId } = await sessionWithClients(client, h.emu);
      const started = await startBroadcast(client, sessionId, { outputs: { hls: {}, rtmp: [rtmp(1), rtmp(2)] } });

      const live = await until(
        () => getBroadcast(client, started.id),
        (b) => b.broadcastUrls.hlsStatus === 'live' && b.broadcastUrls.rtmp.every((r) => r.status === 'live'),
      );
      expect(live.broadcastUrls.rtmp.map((r) => [r.id, r.status])).toEqual([
        ['t1', 'live'],
        ['t2', 'live'],
      ]);
      expect(live.broadcastUrls.hls).toBe(started.broadcastUrls.hls);
      const playlist = await fetch(live.broadcastUrls.hls!);
      expect(playlist.status).toBe(200);

      const stopped = await stopBroadcast(client, started.id);
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
  });
});

describeResourceContract<Broadcast, StartBroadcastOptions>({
  harness: () => h,
  resource: 'broadcast',
  idField: 'broadcastId',
  rows: (state) => state.broadcasts,
  notFound: 'Broadcast not found',
  statuses: { afterStart: ['started'], running: 'started', stopped: 'stopped' },
  toItem: (raw) => toBroadcast(raw),
  sample: {
    raw: {
      id: 'b0ffee00-0000-4000-8000-000000000001',
      sessionId: 'S',
      status: 'started',
      createdAt: 1,
      settings: { hls: { lowLatency: true, dvr: false } },
      broadcastUrls: { hls: 'https://cdn/x.m3u8', hlsStatus: 'ready', rtmp: [{ id: 'a', serverUrl: 'rtmp://s/a', streamName: 'n', status: 'error' }] },
    },
    expected: {
      hls: { lowLatency: true, dvr: false },
      broadcastUrls: { hls: 'https://cdn/x.m3u8', hlsStatus: 'ready', rtmp: [{ id: 'a', serverUrl: 'rtmp://s/a', streamName: 'n', status: 'error' }] },
    },
  },
  start: {
    run: startBroadcast,
    errors: [400, 403, 409, 500],
    status: 200,
    options: HLS,
    fields: { streamMode: 'auto', resolution: '640x480', maxDuration: 14_400, hls: { lowLatency: false, dvr: false } },
    tag: { field: 'multiBroadcastTag', running: /already started/, duplicate: /multiBroadcastTag/ },
    withoutClients: { error: InvalidRequestError, status: 400, code: 'bad_request', message: /no connected clients/ },
  },
  stop: { run: stopBroadcast, errors: [400, 403, 404, 500], method: 'POST', status: 200 },
  get: { run: getBroadcast, errors: [403, 404, 500] },
  list: { run: listBroadcasts, iterate: iterateBroadcasts, bySession: true, errors: [400, 403, 500] },
  layout: { run: setBroadcastLayout, errors: [400, 403, 404, 500] },
  streams: {
    add: { run: addBroadcastStream, errors: [400, 403, 404, 405] },
    remove: { run: removeBroadcastStream, errors: [400, 403, 404, 405] },
  },
  composed: { accepted: [{ maxDuration: 60 }, { maxDuration: 36_000 }] },
});
