import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@video/emulator';
import { decodeClientToken, Video } from '@video/server-sdk';
import { createApp } from '../src/app.js';

let emu: Emulator;
let server: Server;
let base: string;
beforeAll(async () => {
  emu = await startEmulator();
  const video = new Video({ ...emu.credentials.vonage, baseUrl: emu.url });
  server = createApp(video).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await emu.stop();
});

const post = (path: string, body: unknown = {}) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

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
