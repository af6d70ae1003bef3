// The official opentok-node SDK (callback API), unchanged, pointed at the emulator.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { eventually, startTestEmulator } from './helpers.js';

const require = createRequire(import.meta.url);
// opentok ships no types; tests reach into its plain JS objects.
const OpenTok = require('opentok') as any;

let emu: Emulator;
let ot: any;

beforeAll(async () => {
  emu = await startTestEmulator();
  ot = new OpenTok(emu.credentials.opentok.apiKey, emu.credentials.opentok.apiSecret, { apiUrl: emu.url });
});
afterAll(() => emu.stop());

/** Calls a Node-style callback method: resolves with every result argument. */
function call(target: any, method: string, ...args: unknown[]): Promise<any[]> {
  return new Promise((resolve, reject) => {
    target[method](...args, (error: unknown, ...results: unknown[]) => (error ? reject(error) : resolve(results)));
  });
}

async function routedSessionWithPublisher(client = ot) {
  const [session] = await call(client, 'createSession', { mediaMode: 'routed' });
  const token = session.generateToken({ role: 'moderator', data: 'name=Ada' });
  const joined = await emu.control.join(session.sessionId, token);
  const { streamId } = await emu.control.publish(session.sessionId, joined.connectionId);
  return { sessionId: session.sessionId as string, connectionId: joined.connectionId, streamId, token: token as string };
}

describe('opentok-node against the emulator', () => {
  it('creates sessions (routed and its relayed default) whose IDs carry the API key', async () => {
    const [relayed] = await call(ot, 'createSession');
    const [routed] = await call(ot, 'createSession', { mediaMode: 'routed', archiveMode: 'always', location: '10.0.0.1' });
    const state = await emu.control.state();
    expect(state.sessions.find((s) => s.sessionId === relayed.sessionId)?.mediaMode).toBe('relayed');
    expect(state.sessions.find((s) => s.sessionId === routed.sessionId)).toMatchObject({ mediaMode: 'routed', archiveMode: 'always', location: '10.0.0.1' });
    // generateToken refuses session IDs that do not decode to its API key: these do.
    expect(() => ot.generateToken(routed.sessionId)).not.toThrow();
  });

  it('its JWT and T1 tokens join through the control API', async () => {
    const [session] = await call(ot, 'createSession', { mediaMode: 'routed' });
    const jwt = ot.generateToken(session.sessionId, { role: 'subscriber', data: 'jwt', initialLayoutClassList: ['a', 'b'] });
    const t1 = ot.generateToken(session.sessionId, { role: 'publisher', data: 'name=Joe&x=1' }, true);
    expect(t1.startsWith('T1==')).toBe(true);
    expect(await emu.control.join(session.sessionId, jwt)).toMatchObject({ role: 'subscriber', data: 'jwt' });
    expect(await emu.control.join(session.sessionId, t1)).toMatchObject({ role: 'publisher', data: 'name=Joe&x=1' });
  });

  it('archives: start, get, list, layout, stop, available, delete', async () => {
    const { sessionId } = await routedSessionWithPublisher();
    const [archive] = await call(ot, 'startArchive', sessionId, { name: 'Node archive', resolution: '1280x720' });
    expect(archive).toMatchObject({ status: 'started', name: 'Node archive', sessionId, projectId: emu.credentials.opentok.apiKey });
    expect((await call(ot, 'getArchive', archive.id))[0].id).toBe(archive.id);
    const [archives, total] = await call(ot, 'listArchives', { sessionId });
    expect(total).toBe(1);
    expect(archives.map((a: { id: string }) => a.id)).toEqual([archive.id]);
    await call(ot, 'setArchiveLayout', archive.id, 'bestFit', null, 'pip');
    const [stopped] = await call(ot, 'stopArchive', archive.id);
    expect(stopped.status).toBe('stopped');
    await eventually(async () => ((await call(ot, 'getArchive', archive.id))[0].status === 'available' ? true : undefined));
    await call(ot, 'deleteArchive', archive.id);
    expect((await call(ot, 'listArchives', { sessionId }))[1]).toBe(0);
    await expect(call(ot, 'getArchive', '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ message: expect.stringMatching(/not found/i) });
  });

  it('archives: manual stream selection', async () => {
    const { sessionId, streamId } = await routedSessionWithPublisher();
    const [archive] = await call(ot, 'startArchive', sessionId, { streamMode: 'manual' });
    await call(ot, 'addArchiveStream', archive.id, streamId, { hasAudio: true, hasVideo: false });
    expect((await call(ot, 'getArchive', archive.id))[0].streams).toEqual([{ streamId, hasAudio: true, hasVideo: false }]);
    await call(ot, 'removeArchiveStream', archive.id, streamId);
    expect((await call(ot, 'getArchive', archive.id))[0].streams).toEqual([]);
  });

  it('signals, streams, class lists and moderation', async () => {
    const { sessionId, connectionId, streamId } = await routedSessionWithPublisher();
    await call(ot, 'signal', sessionId, null, { type: 'chat', data: 'all' });
    await call(ot, 'signal', sessionId, connectionId, { type: 'chat', data: 'one' });
    const signals = (await emu.control.signals()).filter((s) => s.sessionId === sessionId);
    expect(signals.map((s) => [s.connectionId, s.data])).toEqual([[null, 'all'], [connectionId, 'one']]);

    // getStream is not used: opentok-node 2.23.2 JSON.parses the already-parsed body
    // (`new Stream(json)` in lib/opentok.js), so it throws against any JSON answer.
    const [streams] = await call(ot, 'listStreams', sessionId);
    expect(streams.map((s: { id: string; videoType: string }) => [s.id, s.videoType])).toEqual([[streamId, 'camera']]);
    await call(ot, 'setStreamClassLists', sessionId, [{ id: streamId, layoutClassList: ['focus'] }]);
    expect((await call(ot, 'listStreams', sessionId))[0][0].layoutClassList).toEqual(['focus']);

    await call(ot, 'forceMuteStream', sessionId, streamId);
    await call(ot, 'forceMuteAll', sessionId, { excludedStreamIds: [] });
    await call(ot, 'disableForceMute', sessionId);
    const session = (await emu.control.state()).sessions.find((s) => s.sessionId === sessionId);
    expect(session?.streams[0]?.audioMuted).toBe(true);
    expect(session?.forceMute.active).toBe(false);

    await call(ot, 'forceDisconnect', sessionId, connectionId);
    expect((await emu.control.state()).sessions.find((s) => s.sessionId === sessionId)?.connections).toEqual([]);
    await expect(call(ot, 'forceDisconnect', sessionId, connectionId)).rejects.toMatchObject({ message: expect.stringMatching(/not found/i) });
  });

  it('broadcasts: start, get, list, layout, streams, stop', async () => {
    const { sessionId, streamId } = await routedSessionWithPublisher();
    const [broadcast] = await call(ot, 'startBroadcast', sessionId, {
      outputs: { hls: { lowLatency: true }, rtmp: [{ id: 'yt', serverUrl: 'rtmp://a.example.com/live', streamName: 'k' }] },
      streamMode: 'manual',
    });
    expect(broadcast).toMatchObject({ sessionId, status: 'started' });
    expect(broadcast.broadcastUrls.rtmp[0]).toMatchObject({ id: 'yt', status: 'connecting' });
    expect((await call(ot, 'getBroadcast', broadcast.id))[0].id).toBe(broadcast.id);
    const [broadcasts, total] = await call(ot, 'listBroadcasts', { sessionId });
    expect([broadcasts.length, total]).toEqual([1, 1]);
    await call(ot, 'setBroadcastLayout', broadcast.id, 'horizontalPresentation', null, null);
    await call(ot, 'addBroadcastStream', broadcast.id, streamId, {});
    expect((await call(ot, 'getBroadcast', broadcast.id))[0].streams).toEqual([{ streamId, hasAudio: true, hasVideo: true }]);
    await call(ot, 'removeBroadcastStream', broadcast.id, streamId);
    await call(ot, 'stopBroadcast', broadcast.id);
    expect((await call(ot, 'getBroadcast', broadcast.id))[0].status).toBe('stopped');
  });

  it('SIP dial, DTMF and the Audio Connector', async () => {
    const { sessionId, connectionId, token } = await routedSessionWithPublisher();
    const [sip] = await call(ot, 'dial', sessionId, token, 'sip:user@sip.example.com', {
      headers: { 'X-Foo': 'bar' },
      auth: { username: 'u', password: 'p' },
      secure: true,
      video: true,
      observeForceMute: true,
    });
    expect(sip).toMatchObject({ id: expect.any(String), connectionId: expect.any(String), streamId: expect.any(String) });
    await call(ot, 'playDTMF', sessionId, null, '1#');
    await call(ot, 'playDTMF', sessionId, connectionId, '2');
    expect((await emu.control.dtmf()).filter((d) => d.sessionId === sessionId).map((d) => d.digits)).toEqual(['1#', '2']);
    const [ws] = await call(ot, 'websocketConnect', sessionId, token, 'wss://service.example.com/audio', { streams: [], headers: { a: 'b' } });
    expect(ws).toMatchObject({ id: expect.any(String), connectionId: expect.any(String) });
  });

  it('Experience Composer renders and live captions', async () => {
    const { sessionId, token } = await routedSessionWithPublisher();
    const [render] = await call(ot, 'startRender', { sessionId, token, url: 'https://example.com/composer' });
    expect(render).toMatchObject({ sessionId, status: 'starting' });
    expect((await call(ot, 'getRender', render.id))[0].id).toBe(render.id);
    const [renders] = await call(ot, 'listRenders', { count: 10 });
    expect(renders.items.some((r: { id: string }) => r.id === render.id)).toBe(true);
    await call(ot, 'stopRender', render.id);

    const [captionsId] = await call(ot, 'startCaptions', sessionId, token, {});
    expect(typeof captionsId).toBe('string');
    await expect(call(ot, 'startCaptions', sessionId, token, {})).rejects.toBeTruthy();
    await call(ot, 'stopCaptions', captionsId);
  });

  it('legacy callbacks: register, list, unregister', async () => {
    const [callback] = await call(ot, 'registerCallback', { group: 'connection', event: 'created', url: 'https://example.com/cb' });
    expect(callback).toMatchObject({ group: 'connection', event: 'created' });
    expect((await call(ot, 'listCallbacks'))[0].map((c: { id: string }) => c.id)).toContain(callback.id);
    await call(ot, 'unregisterCallback', callback.id);
    expect((await call(ot, 'listCallbacks'))[0]).toEqual([]);
  });

  it('reports bad credentials as an auth error', async () => {
    const wrong = new OpenTok(emu.credentials.opentok.apiKey, 'f'.repeat(40), { apiUrl: emu.url });
    await expect(call(wrong, 'listArchives', {})).rejects.toMatchObject({ message: expect.stringMatching(/Invalid API key or secret/) });
  });

  it('works in Vonage mode (application ID + private key) too', async () => {
    const vonage = new OpenTok(emu.credentials.vonage.applicationId, emu.credentials.vonage.privateKey, { apiUrl: emu.url });
    const { sessionId } = await routedSessionWithPublisher(vonage);
    const [archive] = await call(vonage, 'startArchive', sessionId, {});
    expect(archive.applicationId).toBe(emu.credentials.vonage.applicationId);
    expect((await call(vonage, 'stopArchive', archive.id))[0].status).toBe('stopped');
  });
});
