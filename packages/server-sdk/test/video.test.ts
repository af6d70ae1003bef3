import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as archives from '@video/archives';
import * as broadcasts from '@video/broadcasts';
import * as captions from '@video/captions';
import * as moderation from '@video/moderation';
import * as renders from '@video/renders';
import * as sessions from '@video/sessions';
import * as sip from '@video/sip';
import { decodeClientToken, NotFoundError, Video, VideoValidationError, isVideoError, ConflictError } from '@video/server-sdk';
import { MODES, startHarness, type Harness } from '../../../test/support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ archiveProcessingMs: 20, broadcastStartMs: 10, renderStartMs: 10 });
});
afterAll(() => h.stop());

const videoFor = (mode: (typeof MODES)[number]) => new Video({ ...h.emu.credentials[mode], baseUrl: h.emu.url }, { retry: false });

describe('the Video class', () => {
  // The packages' functions that are not API calls: readers of API objects (also of callbacks).
  const READERS = ['toArchive', 'toBroadcast', 'toRender'];

  it('has a method for every operation of every package', () => {
    const functions = [archives, broadcasts, captions, moderation, renders, sessions, sip]
      .flatMap((mod) => Object.entries(mod))
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name);
    expect(READERS.filter((name) => !functions.includes(name))).toEqual([]);
    const operations = functions.filter((name) => !READERS.includes(name)).sort();
    const methods = Object.getOwnPropertyNames(Video.prototype).filter((n) => n !== 'constructor');
    expect(operations.filter((op) => !methods.includes(op))).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(35);
  });

  it('exports every package function from @video/server-sdk as the same object', async () => {
    const umbrella: Record<string, unknown> = await import('@video/server-sdk');
    for (const mod of [archives, broadcasts, captions, moderation, renders, sessions, sip]) {
      for (const [name, value] of Object.entries(mod)) expect(umbrella[name], name).toBe(value);
    }
  });

  it('validates credentials and options when constructed', () => {
    expect(() => new Video({ applicationId: 'nope', privateKey: 'x' })).toThrow(VideoValidationError);
    expect(() => new Video({ apiKey: '1', apiSecret: 's' }, { timeout: -1 })).toThrow(expect.objectContaining({ field: 'timeout' }));
    expect(() => new Video({ apiKey: '1', apiSecret: 's', baseUrl: 'http://example.com' })).toThrow(
      expect.objectContaining({ field: 'baseUrl' }),
    );
  });
});

describe.each(MODES)('end to end with %s credentials', (mode) => {
  it('session → tokens → clients → archive → broadcast → signal → mute → SIP → DTMF → disconnect', async () => {
    const video = videoFor(mode);
    const control = h.emu.control;

    const session = await video.createSession({ mediaMode: 'routed' });
    expect(JSON.parse(JSON.stringify(session))).not.toHaveProperty('generateToken');
    expect(Object.keys(session)).not.toContain('generateToken');

    const moderatorToken = await session.generateToken({ role: 'moderator', data: 'name=Alice' });
    const publisherToken = await video.generateToken(session.sessionId, { role: 'publisher', data: 'name=Bob' });
    expect(decodeClientToken(moderatorToken)).toMatchObject({ role: 'moderator', sessionId: session.sessionId, format: 'jwt' });

    const alice = await control.join(session.sessionId, moderatorToken);
    const bob = await control.join(session.sessionId, publisherToken);
    expect([alice.data, bob.data]).toEqual(['name=Alice', 'name=Bob']);
    const aliceStream = (await control.publish(session.sessionId, alice.connectionId, { name: 'Alice' })).streamId;
    const bobStream = (await control.publish(session.sessionId, bob.connectionId, { name: 'Bob', videoType: 'screen' })).streamId;
    expect((await video.getStream(session.sessionId, bobStream)).videoType).toBe('screen');
    expect((await video.listStreams(session.sessionId)).totalCount).toBe(2);

    const archive = await video.startArchive(session.sessionId, { name: `e2e ${mode}` });
    expect(archive.status).toBe('started');
    await expect(video.startArchive(session.sessionId)).rejects.toBeInstanceOf(ConflictError);
    expect(Object.keys(archive)).not.toContain('stop');
    const stopped = await archive.stop();
    expect(stopped.status).toMatch(/stopped|available/);
    let available = stopped;
    for (let i = 0; i < 100 && available.status !== 'available'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      available = await video.getArchive(archive.id);
    }
    expect(available.status).toBe('available');
    expect(available.url).toMatch(/^http/);
    const listed = await video.listArchives({ sessionId: session.sessionId });
    expect(listed.totalCount).toBe(1);
    expect(listed.items[0]!.id).toBe(archive.id);
    const iterated: string[] = [];
    for await (const a of video.iterateArchives({ sessionId: session.sessionId })) iterated.push(a.id);
    expect(iterated).toEqual([archive.id]);

    const broadcast = await video.startBroadcast(session.sessionId, {
      outputs: { hls: {}, rtmp: [{ serverUrl: 'rtmp://example.com/live', streamName: 'e2e' }] },
    });
    expect(broadcast.broadcastUrls.hls).toMatch(/m3u8/);
    await video.setBroadcastLayout(broadcast.id, { type: 'pip' });
    expect((await broadcast.stop()).status).toBe('stopped');

    const signalsBefore = (await control.signals()).length;
    await video.signal(session.sessionId, { type: 'greeting', data: 'hi all' });
    await video.signal(session.sessionId, { data: 'hi bob', connectionId: bob.connectionId });
    const signals = (await control.signals()).slice(signalsBefore);
    expect(signals.map((s) => [s.connectionId, s.data, s.recipients.length])).toEqual([
      [null, 'hi all', 2],
      [bob.connectionId, 'hi bob', 1],
    ]);

    await video.forceMuteAll(session.sessionId, { excludedStreamIds: [aliceStream] });
    const streams = (await control.state()).sessions.find((s) => s.sessionId === session.sessionId)!.streams;
    expect(Object.fromEntries(streams.map((s) => [s.streamId, s.audioMuted]))).toEqual({ [aliceStream]: false, [bobStream]: true });

    const call = await video.dial(session.sessionId, { token: publisherToken, uri: 'sip:phone@example.com' });
    expect(call.connectionId).not.toBe('');
    await video.playDTMF(session.sessionId, '12#p3');
    expect((await control.dtmf()).at(-1)).toMatchObject({ sessionId: session.sessionId, connectionId: null, digits: '12#p3' });

    await video.forceDisconnect(session.sessionId, bob.connectionId);
    const connections = await video.listConnections(session.sessionId);
    expect(connections.items.map((c) => c.connectionId)).not.toContain(bob.connectionId);
    await expect(video.getStream(session.sessionId, bobStream)).rejects.toBeInstanceOf(NotFoundError);

    const deletable = await video.getArchive(archive.id);
    await deletable.delete();
    const afterDelete = await video.listArchives({ sessionId: session.sessionId });
    expect(afterDelete.totalCount).toBe(0);
  });
});

describe('errors through the umbrella', () => {
  it('are typed and carry the API message', async () => {
    const video = videoFor('vonage');
    const error = await video.getArchive('3f1c3a4e-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(isVideoError(error, 'not_found')).toBe(true);
    expect((error as NotFoundError).status).toBe(404);
  });
});
