// Runs the README's examples against the emulator, so the documentation cannot drift from the API.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '@video/emulator';
import { Video } from '@video/server-sdk';
import * as archives from '../src/archives.js';
import * as audioConnector from '../src/audio-connector.js';
import * as broadcasts from '../src/broadcasts.js';
import * as captions from '../src/captions.js';
import * as experienceComposer from '../src/experience-composer.js';
import * as moderation from '../src/moderation.js';
import * as sessions from '../src/sessions.js';
import * as signals from '../src/signals.js';
import * as sip from '../src/sip.js';
import * as streams from '../src/streams.js';
import * as tokens from '../src/tokens.js';
import * as errors from '../src/errors.js';
import * as timeouts from '../src/timeouts.js';
import * as transport from '../src/transport.js';
import * as emulator from '../src/emulator.js';
import * as migration from '../src/migration.js';
import * as verifyToken from '../src/verify-token.js';
import * as registerCallbacks from '../src/register-callbacks.js';

let emu: Emulator;
let video: Video;
beforeAll(async () => {
  emu = await startEmulator({ archiveProcessingMs: 0, broadcastStartMs: 0, renderStartMs: 0 });
  video = new Video({ ...emu.credentials.vonage, baseUrl: emu.url });
  vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterAll(async () => {
  vi.restoreAllMocks();
  await emu.stop();
});

/** A routed session with two connected, publishing clients (the first a moderator). */
async function liveSession() {
  const session = await video.createSession({ mediaMode: 'routed' });
  const clients = [];
  for (const role of ['moderator', 'publisher'] as const) {
    const token = await session.generateToken({ role });
    const { connectionId } = await emu.control.join(session.sessionId, token);
    const { streamId } = await emu.control.publish(session.sessionId, connectionId);
    clients.push({ token, connectionId, streamId });
  }
  return { session, sessionId: session.sessionId, moderator: clients[0]!, publisher: clients[1]! };
}

describe('README examples', () => {
  it('sessions', async () => {
    const { session, recorded } = await sessions.example(video);
    expect(session.mediaMode).toBe('routed');
    expect(recorded.archiveMode).toBe('always');
  });

  it('session migration', async () => {
    const { sessionId, publisher } = await liveSession();
    const call = await migration.example(video, sessionId, publisher.token);
    const state = (await emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!;
    expect(state.migration.startedAt).not.toBeNull();
    expect((await emu.control.state()).sipCalls.find((c) => c.id === call.id)).toMatchObject({ sessionMigration: true });
  });

  it('verifying a client token', async () => {
    const opentok = new Video({ ...emu.credentials.opentok, baseUrl: emu.url });
    const { sessionId } = await opentok.createSession();
    const token = await opentok.generateToken(sessionId, { role: 'moderator', data: 'name=Ada' });
    await expect(verifyToken.example(emu.credentials.opentok, token, sessionId)).resolves.toMatchObject({ role: 'moderator', data: 'name=Ada' });
    const other = (await opentok.createSession()).sessionId;
    await expect(verifyToken.example(emu.credentials.opentok, token, other)).rejects.toMatchObject({ field: 'token', message: expect.stringMatching(/session/) });
  });

  it('registering legacy callbacks', async () => {
    const opentok = new Video({ ...emu.credentials.opentok, baseUrl: emu.url });
    const callback = await registerCallbacks.example(opentok);
    expect(callback).toMatchObject({ group: 'connection', event: 'created', url: 'https://example.com/video/callbacks' });
    expect(await opentok.listCallbacks()).toEqual([]);
    await expect(registerCallbacks.example(video)).rejects.toMatchObject({ field: 'credentials' });
  });

  it('tokens', async () => {
    const { session } = await liveSession();
    const { token, viewer } = await tokens.example(video, session);
    await expect(emu.control.join(session.sessionId, token)).resolves.toMatchObject({ role: 'moderator', data: 'name=Johnny' });
    await expect(emu.control.join(session.sessionId, viewer)).resolves.toMatchObject({ role: 'subscriber' });
  });

  it('archives', async () => {
    const { sessionId } = await liveSession();
    const { items, totalCount } = await archives.example(video, sessionId);
    expect(totalCount).toBe(1);
    expect(items[0]!.name).toBe('Lesson 1');
  });

  it('broadcasts', async () => {
    const { sessionId } = await liveSession();
    const broadcast = await broadcasts.example(video, sessionId);
    expect((await video.getBroadcast(broadcast.id)).status).toBe('stopped');
  });

  it('signals', async () => {
    const { sessionId, publisher } = await liveSession();
    await signals.example(video, sessionId, publisher.connectionId);
    expect((await emu.control.signals()).slice(-2).map((s) => s.recipients.length)).toEqual([2, 1]);
  });

  it('disconnecting and muting', async () => {
    const { sessionId, moderator, publisher } = await liveSession();
    await moderation.example(video, sessionId, publisher.connectionId, moderator.streamId, publisher.streamId);
    const state = (await emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!;
    expect(state.connections.map((c) => c.connectionId)).toEqual([moderator.connectionId]);
    expect(state.forceMute.active).toBe(false);
  });

  it('SIP', async () => {
    const { sessionId, publisher } = await liveSession();
    const call = await sip.example(video, sessionId, publisher.token);
    expect((await emu.control.dtmf()).at(-1)).toMatchObject({ connectionId: call.connectionId, digits: '1234#' });
  });

  it('streams', async () => {
    const { sessionId } = await liveSession();
    const items = await streams.example(video, sessionId, (await video.listStreams(sessionId)).items[0]!.id);
    expect(items).toHaveLength(2);
    expect((await video.listStreams(sessionId)).items.every((s) => s.layoutClassList.join() === 'small')).toBe(true);
  });

  it('Audio Connector', async () => {
    const { sessionId, publisher } = await liveSession();
    const connector = await audioConnector.example(video, sessionId, publisher.token);
    expect(connector.connectionId).not.toBe('');
  });

  it('Experience Composer', async () => {
    const { sessionId, publisher } = await liveSession();
    const render = await experienceComposer.example(video, sessionId, publisher.token);
    expect(render.url).toBe('https://example.com/whiteboard');
  });

  it('live captions', async () => {
    const { sessionId, moderator } = await liveSession();
    const captionsId = await captions.example(video, sessionId, moderator.token);
    expect(captionsId).not.toBe('');
  });
});

describe('README examples: errors, timeouts, transports, emulator', () => {
  it('errors', async () => {
    const { sessionId } = await liveSession();
    const logged = vi.mocked(console.log);
    logged.mockClear();
    await video.startArchive(sessionId);
    await errors.example(video, sessionId);
    expect(logged.mock.calls[0]?.[0]).toBe('already recording:');
  });

  it('timeouts and cancellation', async () => {
    const { sessionId } = await liveSession();
    const archive = await video.startArchive(sessionId);
    await expect(timeouts.example(video, archive.id)).resolves.toMatchObject({ id: archive.id });
  });

  it('the undici transport', async () => {
    const made = await transport.example({ ...emu.credentials.opentok, baseUrl: emu.url });
    expect(made.client.baseUrl).toBe(emu.url);
  });

  it('the emulator in your own tests', async () => {
    const logged = vi.mocked(console.log);
    logged.mockClear();
    await emulator.example();
    expect(logged.mock.calls[0]?.[0]).toMatchObject({ sessionId: expect.any(String) });
  });
});
