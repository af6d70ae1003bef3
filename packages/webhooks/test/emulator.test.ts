// @video/webhooks against what @video/emulator really sends, over real sockets: the emulator signs
// with its own code (jose), this package verifies with its own, and neither shares a line with
// the other. Both directions: the receiver's verdicts (204, 401) are what the emulator records.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@video/emulator';
import { Video } from '@video/server-sdk';
import type { CallbackType, VerifiedCallbackEvent } from '@video/webhooks';
import { callbackMiddleware } from '@video/webhooks/node';

const running: { emu?: Emulator; server?: Server }[] = [];
afterEach(async () => {
  for (const { emu, server } of running.splice(0)) {
    await emu?.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
});

async function receiver(secret: string | Partial<Record<CallbackType, string>>, options: { applicationId?: string } = {}) {
  const events: VerifiedCallbackEvent[] = [];
  const errors: unknown[] = [];
  const server = createServer(callbackMiddleware({ secret, ...options, onEvent: (event) => void events.push(event), onError: (e) => void errors.push(e) }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, events, errors, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks` };
}

async function until<T>(read: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('callbackMiddleware receiving the emulator', () => {
  it('verifies and types every event of a session with an archive, with one secret per callback type', async () => {
    const secrets = { archive_status: 'archive-secret', session_created: 'session-secret', connection_created: 'conn-secret', stream_created: 'stream-secret' };
    const recv = await receiver(secrets);
    const emu = await startEmulator({
      archiveProcessingMs: 10,
      callbacks: { types: Object.fromEntries(Object.entries(secrets).map(([type, secret]) => [type, { url: recv.url, secret }])) },
    });
    running.push({ emu, server: recv.server });
    const { applicationId } = emu.credentials.vonage;
    const video = new Video({ ...emu.credentials.vonage, baseUrl: emu.url });
    const session = await video.createSession({ mediaMode: 'routed' });
    const { connectionId } = await emu.control.join(session.sessionId, await session.generateToken({ role: 'moderator', data: 'who=me' }));
    await emu.control.publish(session.sessionId, connectionId, { name: 'cam' });
    const archive = await video.startArchive(session.sessionId, { name: 'verified' });
    await archive.stop();
    const available = await until(() => recv.events.find((e) => e.type === 'archive' && e.status === 'available'));
    expect(recv.errors).toEqual([]);
    expect(recv.events.map((e) => e.type)).toEqual(['sessionCreated', 'connectionCreated', 'streamCreated', 'archive', 'archive', 'archive']);
    expect(recv.events.every((e) => e.claims.applicationId === applicationId && e.claims.jti)).toBe(true);
    expect(recv.events[1]).toMatchObject({ type: 'connectionCreated', sessionId: session.sessionId, connection: { id: connectionId, data: 'who=me' } });
    expect(available).toMatchObject({ id: archive.id, sessionId: session.sessionId, name: 'verified', url: expect.stringMatching(/^http:/) });
    // The emulator saw the receiver's answers.
    await emu.control.waitForCallback({ type: 'archive_status', payload: { status: 'available' } });
    const deliveries = await emu.control.deliveries();
    expect(deliveries.map((d) => d.attempts.map((a) => a.status))).toEqual(deliveries.map(() => [204]));
  });

  it('refuses a callback signed with another secret, and the emulator records the 401s and gives up', async () => {
    const recv = await receiver('the-right-secret');
    const emu = await startEmulator({ callbacks: { types: { session_created: { url: recv.url, secret: 'a-wrong-secret' } }, retry: { attempts: 2, initialDelayMs: 1 } } });
    running.push({ emu, server: recv.server });
    const video = new Video({ ...emu.credentials.vonage, baseUrl: emu.url });
    const session = await video.createSession({ mediaMode: 'routed' });
    await emu.control.join(session.sessionId, await session.generateToken());
    const delivery = await emu.control.waitForCallback({ type: 'session_created' });
    expect(delivery).toMatchObject({ status: 'failed', signed: true });
    expect(delivery.attempts.map((a) => a.status)).toEqual([401, 401]);
    expect(recv.events).toEqual([]);
    expect(recv.errors).toHaveLength(2);
    expect(recv.errors[0]).toMatchObject({ reason: 'bad_signature' });
  });

  it('an unsigned callback is answered 503, so the emulator retries it', async () => {
    const recv = await receiver('some-secret');
    const emu = await startEmulator({ callbacks: { types: { session_created: { url: recv.url } }, retry: { attempts: 2, initialDelayMs: 1 } } });
    running.push({ emu, server: recv.server });
    const video = new Video({ ...emu.credentials.opentok, baseUrl: emu.url });
    const session = await video.createSession({ mediaMode: 'routed' });
    await emu.control.join(session.sessionId, await session.generateToken());
    const delivery = await emu.control.waitForCallback({ type: 'session_created' });
    expect(delivery.attempts.map((a) => a.status)).toEqual([503, 503]);
    expect(recv.errors[0]).toMatchObject({ reason: 'missing_header' });
  });
});
