import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { clientToken, eventually, liveSession, rest, send, startTestEmulator, type Rest } from './helpers.js';

let emu: Emulator;
let ot: Rest;
let vg: Rest;

beforeAll(async () => {
  emu = await startTestEmulator({ idleTimeoutMs: 50 });
  ot = rest(emu, 'opentok');
  vg = rest(emu, 'vonage');
});
afterAll(() => emu.stop());

const rtmp = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `out${i}`, serverUrl: `rtmps://live.example.com/app${i}`, streamName: `key${i}` }));

async function expectError(answer: Promise<{ status: number; json: { code: number; message: string } }>, status: number, message: RegExp) {
  const { status: got, json } = await answer;
  expect(got).toBe(status);
  expect(json.code).toBe(status);
  expect(json.message).toMatch(message);
}

describe('start', () => {
  it('starts HLS + RTMP with defaults; outputs go live after the start delay', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const answer = await ot.call('POST', '/broadcast', { sessionId, outputs: { hls: {}, rtmp: rtmp(2) } });
    expect(answer.status).toBe(200);
    const b = answer.json;
    expect(b).toMatchObject({
      sessionId,
      projectId: ot.key,
      status: 'started',
      maxDuration: 14_400,
      resolution: '640x480',
      streamMode: 'auto',
      hasAudio: true,
      hasVideo: true,
      settings: { hls: { lowLatency: false, dvr: false } },
      broadcastUrls: {
        hlsStatus: 'connecting',
        rtmp: [
          { id: 'out0', serverUrl: 'rtmps://live.example.com/app0', streamName: 'key0', status: 'connecting' },
          { id: 'out1', serverUrl: 'rtmps://live.example.com/app1', streamName: 'key1', status: 'connecting' },
        ],
      },
      streams: [],
    });
    expect(b.broadcastUrls.hls).toMatch(/\.m3u8$/);
    const live = await eventually(async () => {
      const got = (await ot.call('GET', `/broadcast/${b.id}`)).json;
      return got.broadcastUrls.hlsStatus === 'live' ? got : undefined;
    });
    expect(live.broadcastUrls.rtmp.map((r: { status: string }) => r.status)).toEqual(['live', 'live']);
    const playlist = await send(live.broadcastUrls.hls);
    expect(playlist.status).toBe(200);
    expect(playlist.text).toMatch(/^#EXTM3U/);
  });

  it('keeps options; DVR URLs end in ?DVR; the application-ID path names the application', async () => {
    const { sessionId } = await liveSession(emu, vg);
    const answer = await vg.call('POST', '/broadcast/', {
      sessionId,
      outputs: { hls: { dvr: true } },
      maxDuration: 60,
      maxBitrate: 100_000,
      resolution: '1080x1920',
      layout: { type: 'verticalPresentation' },
      streamMode: 'manual',
      multiBroadcastTag: 'b1',
      hasVideo: false,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      applicationId: vg.key,
      maxDuration: 60,
      maxBitrate: 100_000,
      resolution: '1080x1920',
      streamMode: 'manual',
      multiBroadcastTag: 'b1',
      hasVideo: false,
      settings: { hls: { dvr: true, lowLatency: false } },
      broadcastUrls: { rtmp: [] },
    });
    expect(answer.json.broadcastUrls.hls).toMatch(/\?DVR$/);
  });

  it.each([
    [{}, /"outputs" is required/],
    [{ outputs: {} }, /hls or at least one rtmp/],
    [{ outputs: { rtmp: [] } }, /hls or at least one rtmp/],
    [{ outputs: { hls: { dvr: true, lowLatency: true } } }, /both dvr and lowLatency/],
    [{ outputs: { rtmp: rtmp(6) } }, /"outputs\.rtmp" must have at most 5 targets/],
    [{ outputs: { rtmp: { id: 'x' } } }, /must be an array/],
    [{ outputs: { rtmp: [{ serverUrl: 'rtmp://x' }] } }, /"outputs\.rtmp\[0\]\.streamName" is required/],
    [{ outputs: { rtmp: [{ id: ' ', serverUrl: 'rtmp://x', streamName: 'k' }] } }, /must not be blank/],
    [{ outputs: { hls: {} }, maxDuration: 59 }, /maxDuration/],
    [{ outputs: { hls: {} }, maxDuration: 36_001 }, /maxDuration/],
    [{ outputs: { hls: {} }, maxBitrate: 6_000_001 }, /maxBitrate/],
    [{ outputs: { hls: {} }, resolution: '1x1' }, /resolution/],
    [{ outputs: { hls: {} }, layout: { type: 'custom' } }, /stylesheet/],
  ])('400 for %o', async (extra, message) => {
    const { sessionId } = await liveSession(emu, ot);
    await expectError(ot.call('POST', '/broadcast', { sessionId, ...extra }), 400, message);
  });

  it('accepts exactly 5 RTMP targets', async () => {
    const { sessionId } = await liveSession(emu, ot);
    expect((await ot.call('POST', '/broadcast', { sessionId, outputs: { rtmp: rtmp(5) } })).status).toBe(200);
  });

  it('400 without a connected client, 409 for a relayed session, 404 for an unknown one', async () => {
    const empty = await ot.session();
    await expectError(ot.call('POST', '/broadcast', { sessionId: empty, outputs: { hls: {} } }), 400, /no connected clients/);
    const relayed = await ot.session({ 'p2p.preference': 'enabled' });
    await emu.control.join(relayed, await clientToken(emu, 'opentok', relayed));
    await expectError(ot.call('POST', '/broadcast', { sessionId: relayed, outputs: { hls: {} } }), 409, /routed/);
    await expectError(ot.call('POST', '/broadcast', { sessionId: await vg.session(), outputs: { hls: {} } }), 404, /Session not found/);
  });

  it('409 when one already runs without a tag, or the tag is taken', async () => {
    const { sessionId } = await liveSession(emu, ot);
    expect((await ot.call('POST', '/broadcast', { sessionId, outputs: { hls: {} } })).status).toBe(200);
    await expectError(ot.call('POST', '/broadcast', { sessionId, outputs: { hls: {} } }), 409, /already started/);
    expect((await ot.call('POST', '/broadcast', { sessionId, outputs: { hls: {} }, multiBroadcastTag: 'x' })).status).toBe(200);
    await expectError(ot.call('POST', '/broadcast', { sessionId, outputs: { hls: {} }, multiBroadcastTag: 'x' }), 409, /multiBroadcastTag/);
  });
});

describe('stop, get, list, layout, streams', () => {
  it('stops: hls ended, rtmp offline; a second stop is 404', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const { id } = (await ot.call('POST', '/broadcast', { sessionId, outputs: { hls: {}, rtmp: rtmp(1) } })).json;
    const stopped = await ot.call('POST', `/broadcast/${id}/stop`, {});
    expect(stopped.status).toBe(200);
    expect(stopped.json).toMatchObject({ id, status: 'stopped', broadcastUrls: { hlsStatus: 'ended', rtmp: [{ status: 'offline' }] } });
    await expectError(ot.call('POST', `/broadcast/${id}/stop`), 404, /already stopped/);
    await expectError(ot.call('GET', '/broadcast/nope'), 404, /Broadcast not found/);
    // The stopped broadcast can start again without a tag.
    expect((await ot.call('POST', '/broadcast', { sessionId, outputs: { hls: {} } })).status).toBe(200);
  });

  it('lists newest first with paging and a session filter', async () => {
    const { sessionId } = await liveSession(emu, vg);
    const ids: string[] = [];
    for (const tag of ['a', 'b', 'c']) {
      ids.push((await vg.call('POST', '/broadcast', { sessionId, outputs: { hls: {} }, multiBroadcastTag: tag })).json.id);
    }
    const list = (await vg.call('GET', `/broadcast/?sessionId=${sessionId}`)).json;
    expect(list.count).toBe(3);
    expect(list.items.map((b: { id: string }) => b.id)).toEqual([...ids].reverse());
    const page = (await vg.call('GET', `/broadcast?offset=2&count=1&sessionId=${sessionId}`)).json;
    expect(page).toMatchObject({ count: 3, items: [{ id: ids[0] }] });
    await expectError(vg.call('GET', '/broadcast?count=5000'), 400, /count/);
  });

  it('changes the layout while running; 409 once stopped; 400 for a bad layout', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const { id } = (await ot.call('POST', '/broadcast', { sessionId, outputs: { hls: {} } })).json;
    const answer = await ot.call('PUT', `/broadcast/${id}/layout`, { type: 'bestFit', screenshareType: 'horizontalPresentation' });
    expect(answer.status).toBe(200);
    const state = await emu.control.state();
    expect(state.broadcasts.find((b) => b.id === id)?.layout).toEqual({ type: 'bestFit', screenshareType: 'horizontalPresentation' });
    await expectError(ot.call('PUT', `/broadcast/${id}/layout`, { type: 'pip', screenshareType: 'pip' }), 400, /screenshareType/);
    await ot.call('POST', `/broadcast/${id}/stop`);
    await expectError(ot.call('PUT', `/broadcast/${id}/layout`, { type: 'pip' }), 409, /running/);
    await expectError(ot.call('PUT', '/broadcast/nope/layout', { type: 'pip' }), 404, /not found/);
  });

  it('selects streams in manual mode (405 in auto mode)', async () => {
    const { sessionId, streamId } = await liveSession(emu, vg);
    const manual = (await vg.call('POST', '/broadcast', { sessionId, outputs: { hls: {} }, streamMode: 'manual', multiBroadcastTag: 'm' })).json;
    // @vonage/video puts broadcastId in the body too.
    expect((await vg.call('PATCH', `/broadcast/${manual.id}/streams`, { broadcastId: manual.id, addStream: streamId })).status).toBe(204);
    expect((await vg.call('GET', `/broadcast/${manual.id}`)).json.streams).toEqual([{ streamId, hasAudio: true, hasVideo: true }]);
    expect((await vg.call('PATCH', `/broadcast/${manual.id}/streams`, { removeStream: streamId })).status).toBe(204);
    expect((await vg.call('GET', `/broadcast/${manual.id}`)).json.streams).toEqual([]);
    await expectError(vg.call('PATCH', `/broadcast/${manual.id}/streams`, { addStream: 'ghost' }), 404, /Stream not found/);
    const auto = (await vg.call('POST', '/broadcast', { sessionId, outputs: { hls: {} }, multiBroadcastTag: 'a' })).json;
    await expectError(vg.call('PATCH', `/broadcast/${auto.id}/streams`, { addStream: streamId }), 405, /auto/);
  });

  it('stops when the last client has been gone for the idle timeout', async () => {
    const { sessionId, connectionId } = await liveSession(emu, ot);
    const { id } = (await ot.call('POST', '/broadcast', { sessionId, outputs: { hls: {} } })).json;
    await emu.control.disconnect(sessionId, connectionId);
    const stopped = await eventually(async () => {
      const b = (await ot.call('GET', `/broadcast/${id}`)).json;
      return b.status === 'stopped' ? b : undefined;
    });
    expect(stopped.broadcastUrls.hlsStatus).toBe('ended');
  });
});
