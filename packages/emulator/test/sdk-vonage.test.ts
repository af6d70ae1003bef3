// The official @vonage/video SDK, unchanged, pointed at the emulator with `videoHost`.
import { Video } from '@vonage/video';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { eventually, startTestEmulator } from './helpers.js';

let emu: Emulator;
let video: Video;

beforeAll(async () => {
  emu = await startTestEmulator();
  video = new Video(
    { applicationId: emu.credentials.vonage.applicationId, privateKey: emu.credentials.vonage.privateKey },
    { videoHost: emu.url },
  );
});
afterAll(() => emu.stop());

async function routedSessionWithPublisher() {
  const { sessionId } = await video.createSession({});
  const token = video.generateClientToken(sessionId, { role: 'moderator', data: 'name=Grace' });
  const { connectionId } = await emu.control.join(sessionId, token);
  const { streamId } = await emu.control.publish(sessionId, connectionId);
  return { sessionId, connectionId, streamId, token };
}

// The SDK's results are loosely typed; read them as plain records.
const plain = (value: unknown): any => value;

describe('@vonage/video against the emulator', () => {
  it('creates a routed session (its default, sending location=null) and its token joins', async () => {
    const session = await video.createSession({});
    expect(session.mediaMode).toBe('disabled');
    const state = await emu.control.state();
    expect(state.sessions.find((s) => s.sessionId === session.sessionId)).toMatchObject({ mediaMode: 'routed', location: null });
    const token = video.generateClientToken(session.sessionId, { role: 'subscriber', data: 'v', initialLayoutClassList: ['x'] });
    expect(await emu.control.join(session.sessionId, token)).toMatchObject({ role: 'subscriber', data: 'v' });
    const log = await emu.control.requests();
    const create = log.find((e) => e.path === '/session/create');
    expect(create?.rawBody).toBe('archiveMode=manual&location=null&p2p.preference=disabled');
    expect(create?.auth).toMatchObject({ scheme: 'bearer', alg: 'RS256' });
  });

  it('archives: start, get, search, layout, streams, stop, delete', async () => {
    const { sessionId, streamId } = await routedSessionWithPublisher();
    const archive = plain(await video.startArchive(sessionId, { name: 'Vonage archive', streamMode: 'manual' as never }));
    expect(archive).toMatchObject({ status: 'started', name: 'Vonage archive', applicationId: emu.credentials.vonage.applicationId });
    expect(plain(await video.getArchive(archive.id)).id).toBe(archive.id);
    const found = plain(await video.searchArchives({ sessionId }));
    expect(found.count).toBe(1);
    await video.updateArchiveLayout(archive.id, { type: 'custom' as never, stylesheet: 'stream { width: 100%; }' });
    await video.addArchiveStream(archive.id, streamId, true, false);
    expect(plain(await video.getArchive(archive.id)).streams).toEqual([{ streamId, hasAudio: true, hasVideo: false }]);
    await video.removeArchiveStream(archive.id, streamId);
    expect(plain(await video.stopArchive(archive.id)).status).toBe('stopped');
    await eventually(async () => (plain(await video.getArchive(archive.id)).status === 'available' ? true : undefined));
    await video.deleteArchive(archive.id);
    expect(plain(await video.searchArchives({ sessionId })).count).toBe(0);
  });

  it('rejects with the status when the emulator refuses (no client connected)', async () => {
    const { sessionId } = await video.createSession({});
    await expect(video.startArchive(sessionId)).rejects.toMatchObject({ message: 'Request failed with status code 404' });
  });

  it('signals, streams, class lists, moderation and force disconnect', async () => {
    const { sessionId, connectionId, streamId } = await routedSessionWithPublisher();
    await video.sendSignal({ type: 'chat', data: 'hello' }, sessionId);
    await video.sendSignal({ type: 'chat', data: 'you' }, sessionId, connectionId);
    expect((await emu.control.signals()).filter((s) => s.sessionId === sessionId).map((s) => s.data)).toEqual(['hello', 'you']);
    expect(plain(await video.getStreamInfo(sessionId, streamId))).toMatchObject({ id: streamId, videoType: 'camera' });
    expect(plain(await video.getStreamInfo(sessionId)).count).toBe(1);
    await video.setStreamClassLists(sessionId, [{ id: streamId, layoutClassList: ['big'] }]);
    expect(plain(await video.getStreamInfo(sessionId, streamId)).layoutClassList).toEqual(['big']);
    expect(plain(await video.muteStream(sessionId, streamId))).toMatchObject({ applicationId: emu.credentials.vonage.applicationId, status: 'ACTIVE' });
    await video.forceMuteAll(sessionId, [streamId]);
    await video.disableForceMute(sessionId);
    await video.disconnectClient(sessionId, connectionId);
    const session = (await emu.control.state()).sessions.find((s) => s.sessionId === sessionId);
    expect(session?.connections).toEqual([]);
    expect(session?.streams).toEqual([]);
  });

  it('broadcasts: start (trailing-slash URL), get, search, streams, stop', async () => {
    const { sessionId, streamId } = await routedSessionWithPublisher();
    const broadcast = plain(
      await video.startBroadcast(sessionId, { outputs: { hls: { dvr: true } }, streamMode: 'manual' } as never),
    );
    expect(broadcast).toMatchObject({ sessionId, status: 'started' });
    expect(plain(await video.getBroadcast(broadcast.id)).id).toBe(broadcast.id);
    expect(plain(await video.searchBroadcasts({ sessionId })).count).toBe(1);
    await video.addStreamToBroadcast(broadcast.id, streamId);
    expect(plain(await video.getBroadcast(broadcast.id)).streams).toEqual([{ streamId, hasAudio: true, hasVideo: true }]);
    await video.removeStreamFromBroadcast(broadcast.id, streamId);
    expect(plain(await video.stopBroadcast(broadcast.id)).status).toBe('stopped');
  });

  it('SIP, DTMF and the Audio Connector (stopped by disconnecting its connection)', async () => {
    const { sessionId, token } = await routedSessionWithPublisher();
    const sip = plain(await video.initiateSIPCall(sessionId, { token, sip: { uri: 'sip:a@example.com', secure: false, headers: { 'X-A': 'b' } } } as never));
    expect(sip).toMatchObject({ id: expect.any(String), connectionId: expect.any(String), streamId: expect.any(String) });
    await video.playDTMF(sessionId, '123');
    await video.playDTMF(sessionId, '4', sip.connectionId);
    expect((await emu.control.dtmf()).filter((d) => d.sessionId === sessionId).map((d) => d.digits)).toEqual(['123', '4']);
    const ws = plain(await video.connectToWebsocket(sessionId, token, { uri: 'wss://service.example.com/ws', audioRate: 24000 } as never));
    expect(ws).toMatchObject({ id: expect.any(String), connectionId: expect.any(String) });
    // disconnectWebsocket posts to `…/connect/{id}/stop`, which the API does not have: 404, as there.
    await expect(video.disconnectWebsocket(ws.id)).rejects.toMatchObject({ response: { status: 404 } });
    expect((await emu.control.state()).audioConnectors.some((c) => c.id === ws.id)).toBe(true);
    await video.disconnectClient(sessionId, ws.connectionId);
    const state = await emu.control.state();
    expect(state.sessions.find((s) => s.sessionId === sessionId)?.connections.some((c) => c.connectionId === ws.connectionId)).toBe(false);
    expect(state.audioConnectors.some((c) => c.id === ws.id)).toBe(false);
  });

  it('Experience Composer and captions (partialCaptions as a string)', async () => {
    const { sessionId, token } = await routedSessionWithPublisher();
    const render = plain(await video.startExperienceComposerRender(sessionId, token, { url: 'https://example.com/composer' } as never));
    expect(render.status).toBe('starting');
    expect(plain(await video.getExperienceComposerRender(render.id)).id).toBe(render.id);
    expect(plain(await video.listExperienceComposerRenders({ count: 5 } as never)).items.some((r: { id: string }) => r.id === render.id)).toBe(true);
    await video.stopExperienceComposerRender(render.id);

    const { captionsId } = plain(await video.enableCaptions(sessionId, token, { partialCaptions: 'true' } as never));
    const stored = async () => (await emu.control.state()).captions.find((c) => c.captionId === captionsId);
    expect(await stored()).toMatchObject({ status: 'started', partialCaptions: true });
    await video.disableCaptions(captionsId);
    expect(await stored()).toMatchObject({ status: 'stopped' });
    // getCaptionStatus calls GET …/captions/{id}, which the API never had (rest-api-2026 N3): 404.
    await expect(video.getCaptionStatus(captionsId)).rejects.toMatchObject({ response: { status: 404 } });
  });
});
