import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@video/emulator';
import { decodeClientToken, Video } from '@video/server-sdk';
import { createApp } from '../src/app.js';

const CALLBACK_SECRET = 'archive-callback-secret-0123456789';
let emu: Emulator;
let server: Server;
let base: string;
beforeAll(async () => {
  emu = await startEmulator();
  const video = new Video({ ...emu.credentials.vonage, baseUrl: emu.url });
  server = createApp(video, { archiveCallbackSecret: CALLBACK_SECRET }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await emu.stop();
});

const post = (path: string, body: unknown = {}) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A callback as Vonage's callback service sends it: an HS256 JWT over the body's SHA-256, made with node:crypto. */
function sendCallback(payload: object, secret = CALLBACK_SECRET, sign = true): Promise<Response> {
  const body = JSON.stringify(payload, null, 2);
  const b64url = (text: string) => Buffer.from(text).toString('base64url');
  const claims = { iat: Math.floor(Date.now() / 1000), jti: randomUUID(), iss: 'Vonage', payload_hash: createHash('sha256').update(body).digest('hex') };
  const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  const authorization = `Bearer ${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  return fetch(`${base}/callbacks/archive`, { method: 'POST', headers: { 'content-type': 'application/json', ...(sign ? { authorization } : {}) }, body });
}

describe('the token server, over HTTP against the emulator', () => {
  it('creates a session per room, reuses it, and hands out fresh tokens that the service accepts', async () => {
    const first = (await (await post('/rooms/math', { role: 'moderator', name: 'Ada' })).json()) as { sessionId: string; token: string };
    const second = (await (await post('/rooms/math')).json()) as { sessionId: string; token: string };
    const other = (await (await post('/rooms/art')).json()) as { sessionId: string };
    expect(second.sessionId).toBe(first.sessionId);
    expect(other.sessionId).not.toBe(first.sessionId);
    expect(second.token).not.toBe(first.token);
    expect(decodeClientToken(first.token)).toMatchObject({ role: 'moderator', data: 'name=Ada' });
    await expect(emu.control.join(first.sessionId, first.token)).resolves.toMatchObject({ role: 'moderator' });
    const sessions = (await emu.control.state()).sessions;
    expect(sessions).toHaveLength(2);
  });

  it('starts and stops a recording once someone is connected', async () => {
    const { sessionId, token } = (await (await post('/rooms/lecture')).json()) as { sessionId: string; token: string };
    expect((await post('/rooms/lecture/archive')).status).toBe(404); // nobody connected yet: the API's 404
    const { connectionId } = await emu.control.join(sessionId, token);
    await emu.control.publish(sessionId, connectionId);
    const started = await post('/rooms/lecture/archive');
    expect(started.status).toBe(201);
    const { archiveId } = (await started.json()) as { archiveId: string };
    expect((await post('/rooms/lecture/archive')).status).toBe(409); // already recording
    const stopped = await fetch(`${base}/rooms/lecture/archive`, { method: 'DELETE' });
    expect(await stopped.json()).toEqual({ archiveId, status: 'stopped' });
    expect((await fetch(`${base}/rooms/lecture/archive`, { method: 'DELETE' })).status).toBe(404);
  });

  it('rejects bad input with 400 and names the field', async () => {
    const badRole = await post('/rooms/x', { role: 'admin' });
    expect(badRole.status).toBe(400);
    expect(await badRole.json()).toMatchObject({ field: 'role' });
    const badRoom = await post(`/rooms/${'x'.repeat(65)}`);
    expect(badRoom.status).toBe(400);
    expect((await post('/rooms/nowhere/archive')).status).toBe(404);
  });
});

describe('the archive callback', () => {
  it('learns that a recording is ready to download, whatever the order the callbacks arrive in', async () => {
    const { sessionId, token } = (await (await post('/rooms/seminar')).json()) as { sessionId: string; token: string };
    const { connectionId } = await emu.control.join(sessionId, token);
    await emu.control.publish(sessionId, connectionId);
    const { archiveId } = (await (await post('/rooms/seminar/archive')).json()) as { archiveId: string };
    expect(await (await fetch(`${base}/rooms/seminar/archive`)).json()).toEqual({ archiveId, status: 'started', url: null });
    expect((await fetch(`${base}/rooms/seminar/archive`, { method: 'DELETE' })).status).toBe(200);

    const archive = { id: archiveId, event: 'archive', sessionId, createdAt: Date.now(), duration: 12, partnerId: 123456, size: 1000, resolution: '640x480', streamMode: 'auto' };
    const url = `https://storage.example.com/${archiveId}/archive.mp4`;
    expect((await sendCallback({ ...archive, status: 'available', url })).status).toBe(204);
    expect(await (await fetch(`${base}/rooms/seminar/archive`)).json()).toEqual({ archiveId, status: 'available', url });
    // A late `stopped` (callbacks can arrive out of order), and a retry of `available`: nothing moves back.
    expect((await sendCallback({ ...archive, status: 'stopped', url: null })).status).toBe(204);
    expect((await sendCallback({ ...archive, status: 'available', url })).status).toBe(204);
    expect(await (await fetch(`${base}/rooms/seminar/archive`)).json()).toEqual({ archiveId, status: 'available', url });
  });

  it('refuses callbacks that are forged, unsigned, or of another type', async () => {
    const archive = { id: 'a-1', event: 'archive', sessionId: 's', createdAt: Date.now(), status: 'available', url: 'https://evil.example.com/x.mp4' };
    const forged = await sendCallback(archive, 'a-guessed-secret');
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: 'callback_verification_failed', reason: 'bad_signature' });
    expect((await sendCallback(archive, CALLBACK_SECRET, false)).status).toBe(503);
    const connection = { event: 'connectionCreated', sessionId: 's', timestamp: Date.now(), connection: { id: 'c', createdAt: Date.now() } };
    expect(await (await sendCallback(connection)).json()).toEqual({ error: 'callback_verification_failed', reason: 'no_secret' });
  });
});
