import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@video/emulator';
import { decodeClientToken, Video } from '@video/server-sdk';
import { createApp } from '../src/app.js';

const CALLBACK_SECRET = 'archive-callback-secret-0123456789';
const ADMIN_SECRET = 'admin-secret-for-tests-9876543210';
/** What the app logged. */
const logged: string[] = [];
let emu: Emulator;
let server: Server;
let base: string;
beforeAll(async () => {
  emu = await startEmulator();
  const video = new Video({ ...emu.credentials.vonage, baseUrl: emu.url });
  server = createApp(video, { archiveCallbackSecret: CALLBACK_SECRET, adminSecret: ADMIN_SECRET, log: (line) => logged.push(line) }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await emu.stop();
});

const post = (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
/** A POST with the body exactly as given. */
const raw = (path: string, body: string, contentType = 'application/json') =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': contentType }, body });

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
    const first = (await (await post('/rooms/math', { role: 'moderator', name: 'Ada' }, { 'X-Admin-Secret': ADMIN_SECRET })).json()) as { sessionId: string; token: string };
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

describe('bad requests, answered in JSON and logged', () => {
  /** Sends a request, checks its status and JSON error, and that the app logged it. */
  async function refused(response: Promise<Response>, status: number, message: RegExp): Promise<Response> {
    const before = logged.length;
    const answer = await response;
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await answer.json()) as { error: string }).error).toMatch(message);
    expect(logged.slice(before).some((line) => line.startsWith(`${status} `))).toBe(true);
    return answer;
  }

  it('refuses a body that is not JSON, not an object, too large, or of another type', async () => {
    await refused(raw('/rooms/demo', '{not json'), 400, /not valid JSON/);
    await refused(raw('/rooms/demo', 'null'), 400, /must be a JSON object/);
    await refused(raw('/rooms/demo', '[]'), 400, /must be a JSON object/);
    await refused(raw('/rooms/demo', '"subscriber"'), 400, /must be a JSON object/);
    await refused(raw('/rooms/demo', JSON.stringify({ role: 'subscriber', name: 'x'.repeat(200_000) })), 413, /larger than 10kb/);
    await refused(raw('/rooms/demo', '{"role":"subscriber"}', 'text/plain'), 415, /as JSON/);
    await refused(post('/rooms/demo', { role: 'subscriber', name: 42 }), 400, /name/);
    await refused(post('/rooms/demo', { role: ['moderator'] }), 400, /role/);
  });

  it('does not log the body it refused', async () => {
    const before = logged.length;
    await raw('/rooms/demo', '{"password":"hunter2-very-secret"');
    expect(logged.slice(before).join('\n')).not.toContain('hunter2');
  });

  it('answers a known route with another method with 405 and Allow', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const answer = await refused(fetch(`${base}/rooms/demo`, { method }), 405, new RegExp(`${method} is not allowed`));
      expect(answer.headers.get('allow')).toBe('POST');
    }
    const archive = await refused(fetch(`${base}/rooms/demo/archive`, { method: 'PUT' }), 405, /use GET or POST or DELETE/);
    expect(archive.headers.get('allow')).toBe('GET, POST, DELETE, HEAD');
    const callback = await refused(fetch(`${base}/callbacks/archive`), 405, /GET is not allowed/);
    expect(callback.headers.get('allow')).toBe('POST');
  });

  it('answers an unknown route with 404 JSON', async () => {
    await refused(post('/rooms/', {}), 404, /no route for POST \/rooms\//);
    await refused(fetch(`${base}/`), 404, /no route/);
    await refused(fetch(`${base}/rooms/demo/archive/extra`), 404, /no route/);
  });

  it('hands out a moderator token only with the admin secret', async () => {
    await refused(post('/rooms/mods', { role: 'moderator' }), 403, /X-Admin-Secret/);
    await refused(post('/rooms/mods', { role: 'moderator' }, { 'X-Admin-Secret': 'wrong' }), 403, /X-Admin-Secret/);
    await refused(post('/rooms/mods', { role: 'moderator' }, { 'X-Admin-Secret': `${ADMIN_SECRET}x` }), 403, /X-Admin-Secret/);
    await refused(post('/rooms/mods', { role: 'admin' }), 400, /must be one of subscriber, publisher, moderator/);
    const granted = await post('/rooms/mods', { role: 'moderator' }, { 'X-Admin-Secret': ADMIN_SECRET });
    expect(granted.status).toBe(200);
    const { token } = (await granted.json()) as { token: string };
    expect(decodeClientToken(token).role).toBe('moderator');
    for (const role of ['subscriber', 'publisher'] as const) {
      const open = (await (await post('/rooms/mods', { role })).json()) as { token: string };
      expect(decodeClientToken(open.token).role).toBe(role);
    }
  });

  it('never hands out a moderator token when no admin secret is configured', async () => {
    const server = createApp(new Video({ ...emu.credentials.vonage, baseUrl: emu.url }), { log: () => {} }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rooms/x`;
      const headers = { 'content-type': 'application/json', 'X-Admin-Secret': '' };
      const answer = await fetch(url, { method: 'POST', headers, body: '{"role":"moderator"}' });
      expect(answer.status).toBe(403);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('logs an unexpected failure with its error and answers 500 without details', async () => {
    const failing = { createSession: () => Promise.reject(new TypeError('database on fire')) } as unknown as Video;
    const server = createApp(failing, { log: (line) => logged.push(line) }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const before = logged.length;
      const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/rooms/x`, { method: 'POST' });
      expect(answer.status).toBe(500);
      expect(await answer.json()).toEqual({ error: 'internal error' });
      expect(logged.slice(before).join('\n')).toMatch(/^500 POST \/rooms\/x: TypeError: database on fire/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
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
