import { createHmac, generateKeyPairSync } from 'node:crypto';
import { generateToken } from '@video/auth';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorControl, EmulatorControlError, type Emulator } from '../src/index.js';
import {
  now,
  opentokClientToken,
  rest,
  send,
  startTestEmulator,
  t1Token,
  vonageClientToken,
  type Rest,
} from './helpers.js';

let emu: Emulator;
let ot: Rest;
let vg: Rest;
let otSession: string;
let vgSession: string;

beforeAll(async () => {
  emu = await startTestEmulator();
  ot = rest(emu, 'opentok');
  vg = rest(emu, 'vonage');
  otSession = await ot.session();
  vgSession = await vg.session();
});
afterAll(() => emu.stop());

const ok = () => emu.credentials.opentok;
const vk = () => emu.credentials.vonage;

/** Joins through the raw control API and returns status and body. */
function joinRaw(sessionId: string, token: unknown) {
  return send(`${emu.url}/_emulator/sessions/${encodeURIComponent(sessionId)}/connections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
}

async function expectRefused(sessionId: string, token: unknown, message: RegExp) {
  const answer = await joinRaw(sessionId, token);
  expect(answer.status).toBe(403);
  expect(answer.json.code).toBe(403);
  expect(answer.json.message).toMatch(message);
}

describe('join', () => {
  it('accepts a T1 token', async () => {
    const joined = await emu.control.join(otSession, t1Token(ok().apiKey, ok().apiSecret, otSession, { role: 'moderator', data: 'name=Joe&x=1' }));
    expect(joined).toMatchObject({ role: 'moderator', data: 'name=Joe&x=1' });
    expect(joined.connectionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts a T1 token in url-safe base64 (as Java sends it)', async () => {
    const token = t1Token(ok().apiKey, ok().apiSecret, otSession, { data: '???>>>' });
    const urlSafe = 'T1==' + token.slice(4).replace(/\+/g, '-').replace(/\//g, '_');
    expect((await emu.control.join(otSession, urlSafe)).data).toBe('???>>>');
  });

  it('accepts an OpenTok JWT and a Vonage JWT', async () => {
    const a = await emu.control.join(otSession, await opentokClientToken(ok().apiKey, ok().apiSecret, otSession, { role: 'subscriber' }));
    expect(a.role).toBe('subscriber');
    const b = await emu.control.join(vgSession, await vonageClientToken(vk().applicationId, vk().privateKey, vgSession, { data: 'v' }));
    expect(b).toMatchObject({ role: 'publisher', data: 'v' });
  });

  it('accepts the tokens our SDK generates, in all three formats', async () => {
    const t1 = await generateToken(ok(), otSession, { format: 't1', role: 'publisheronly', data: 'a b', initialLayoutClassList: ['x', 'y'] });
    expect(await emu.control.join(otSession, t1)).toMatchObject({ role: 'publisheronly', data: 'a b' });
    const hs = await generateToken(ok(), otSession, { role: 'moderator' });
    expect((await emu.control.join(otSession, hs)).role).toBe('moderator');
    const rs = await generateToken(vk(), vgSession, { data: 'vonage' });
    expect(await emu.control.join(vgSession, rs)).toMatchObject({ role: 'publisher', data: 'vonage' });
    const state = await emu.control.state();
    const session = state.sessions.find((s) => s.sessionId === otSession);
    const c = session?.connections.find((x) => x.data === 'a b');
    expect(c).toMatchObject({ kind: 'client', tokenFormat: 't1', role: 'publisheronly' });
  });

  it('uses the join data only when the token carries none', async () => {
    const plain = await opentokClientToken(ok().apiKey, ok().apiSecret, otSession);
    expect((await emu.control.join(otSession, plain, { data: 'from-join' })).data).toBe('from-join');
    const withData = await opentokClientToken(ok().apiKey, ok().apiSecret, otSession, { data: 'from-token' });
    expect((await emu.control.join(otSession, withData, { data: 'from-join' })).data).toBe('from-token');
  });

  it('refuses bad signatures in all formats', async () => {
    await expectRefused(otSession, t1Token(ok().apiKey, 'e'.repeat(40), otSession), /T1 token signature/);
    await expectRefused(otSession, await opentokClientToken(ok().apiKey, 'e'.repeat(40), otSession), /signature/);
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expectRefused(vgSession, await vonageClientToken(vk().applicationId, otherKey, vgSession), /signature/);
  });

  it('refuses a tampered T1 payload', async () => {
    const token = t1Token(ok().apiKey, ok().apiSecret, otSession, { role: 'publisher' });
    const decoded = Buffer.from(token.slice(4), 'base64').toString().replace('role=publisher', 'role=moderator');
    await expectRefused(otSession, 'T1==' + Buffer.from(decoded).toString('base64'), /T1 token signature/);
  });

  it('refuses expired tokens in all formats', async () => {
    const past = now() - 10;
    await expectRefused(otSession, t1Token(ok().apiKey, ok().apiSecret, otSession, { expireTime: past }), /expired/);
    await expectRefused(otSession, await opentokClientToken(ok().apiKey, ok().apiSecret, otSession, { expireTime: past }), /expired/);
    await expectRefused(vgSession, await vonageClientToken(vk().applicationId, vk().privateKey, vgSession, { expireTime: past }), /expired/);
  });

  it('refuses a token for another session, in all formats', async () => {
    const other = await ot.session();
    await expectRefused(otSession, t1Token(ok().apiKey, ok().apiSecret, other), /token is for session/);
    await expectRefused(otSession, await opentokClientToken(ok().apiKey, ok().apiSecret, other), /token is for session/);
    const otherVg = await vg.session();
    await expectRefused(vgSession, await vonageClientToken(vk().applicationId, vk().privateKey, otherVg), /token is for session/);
  });

  it('refuses a token of another project', async () => {
    // A valid Vonage token naming the OpenTok project's session.
    await expectRefused(otSession, await vonageClientToken(vk().applicationId, vk().privateKey, otSession), /belongs to project/);
    await expectRefused(vgSession, t1Token(ok().apiKey, ok().apiSecret, vgSession), /belongs to project/);
    await expectRefused(otSession, t1Token('12345', ok().apiSecret, otSession), /unknown partner_id/);
  });

  it('refuses an unknown role, a wrong scope and an unsupported algorithm', async () => {
    await expectRefused(otSession, await opentokClientToken(ok().apiKey, ok().apiSecret, otSession, { role: 'admin' }), /invalid role/);
    await expectRefused(otSession, t1Token(ok().apiKey, ok().apiSecret, otSession, { role: 'owner' }), /invalid role/);
    await expectRefused(otSession, await opentokClientToken(ok().apiKey, ok().apiSecret, otSession, { scope: 'session.admin' }), /scope/);
    const hs384 = await new SignJWT({ iss: ok().apiKey, session_id: otSession, scope: 'session.connect' })
      .setProtectedHeader({ alg: 'HS384' })
      .sign(new TextEncoder().encode(ok().apiSecret));
    await expectRefused(otSession, hs384, /unsupported token algorithm/);
  });

  it('refuses iat in the future, garbage and a missing token', async () => {
    await expectRefused(otSession, await opentokClientToken(ok().apiKey, ok().apiSecret, otSession, { iat: now() + 600 }), /issued time/);
    await expectRefused(otSession, 'garbage', /invalid token format/);
    await expectRefused(otSession, 'T1==!!!!', /invalid T1 token/);
    await expectRefused(otSession, undefined, /token is required/);
    const sig = createHmac('sha1', ok().apiSecret).update('x').digest('hex');
    // Signed correctly, but says nothing about a session.
    await expectRefused(otSession, 'T1==' + Buffer.from(`partner_id=${ok().apiKey}&sig=${sig}:x`).toString('base64'), /missing session_id/);
  });

  it('404s an unknown session', async () => {
    const answer = await joinRaw('1_nope', 'x');
    expect(answer.status).toBe(404);
    expect(answer.json.message).toMatch(/Session not found/);
  });
});

describe('publish, unpublish, disconnect', () => {
  it('publishes with defaults from the token and with explicit options', async () => {
    const token = await opentokClientToken(ok().apiKey, ok().apiSecret, otSession, { layout: 'focus  big' });
    const { connectionId } = await emu.control.join(otSession, token);
    const a = await emu.control.publish(otSession, connectionId);
    const b = await emu.control.publish(otSession, connectionId, {
      videoType: 'screen',
      name: 'slides',
      hasAudio: false,
      layoutClassList: ['full'],
    });
    const listed = await ot.call('GET', `/session/${otSession}/stream`);
    const byId = Object.fromEntries(listed.json.items.map((s: { id: string }) => [s.id, s]));
    expect(byId[a.streamId]).toEqual({ id: a.streamId, videoType: 'camera', name: '', layoutClassList: ['focus', 'big'] });
    expect(byId[b.streamId]).toEqual({ id: b.streamId, videoType: 'screen', name: 'slides', layoutClassList: ['full'] });
    const state = await emu.control.state();
    const stream = state.sessions.find((s) => s.sessionId === otSession)?.streams.find((s) => s.streamId === b.streamId);
    expect(stream).toMatchObject({ hasAudio: false, hasVideo: true, audioMuted: false, connectionId });
  });

  it('does not let a subscriber publish', async () => {
    const { connectionId } = await emu.control.join(otSession, await opentokClientToken(ok().apiKey, ok().apiSecret, otSession, { role: 'subscriber' }));
    const error = await emu.control.publish(otSession, connectionId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorControlError);
    expect((error as EmulatorControlError).status).toBe(403);
    expect((error as Error).message).toMatch(/403.*subscriber role cannot publish/);
  });

  it('rejects invalid publish options and unknown connections', async () => {
    const { connectionId } = await emu.control.join(otSession, await opentokClientToken(ok().apiKey, ok().apiSecret, otSession));
    await expect(emu.control.publish(otSession, connectionId, { videoType: 'hologram' as 'camera' })).rejects.toThrow(/400.*videoType/);
    await expect(emu.control.publish(otSession, 'nope')).rejects.toThrow(/404/);
  });

  it('unpublishes and disconnects (which removes the streams)', async () => {
    const { connectionId } = await emu.control.join(vgSession, await vonageClientToken(vk().applicationId, vk().privateKey, vgSession));
    const { streamId } = await emu.control.publish(vgSession, connectionId);
    const second = await emu.control.publish(vgSession, connectionId);
    await emu.control.unpublish(vgSession, streamId);
    expect((await vg.call('GET', `/session/${vgSession}/stream/${streamId}`)).status).toBe(404);
    expect((await vg.call('GET', `/session/${vgSession}/stream/${second.streamId}`)).status).toBe(200);
    await emu.control.disconnect(vgSession, connectionId);
    expect((await vg.call('GET', `/session/${vgSession}/stream/${second.streamId}`)).status).toBe(404);
    const connections = await vg.call('GET', `/session/${vgSession}/connection`);
    expect(connections.json.items.map((c: { connectionId: string }) => c.connectionId)).not.toContain(connectionId);
    await expect(emu.control.unpublish(vgSession, streamId)).rejects.toThrow(/404/);
    await expect(emu.control.disconnect(vgSession, connectionId)).rejects.toThrow(/404/);
  });
});

describe('control API plumbing', () => {
  it('404s unknown control routes and 405s wrong methods', async () => {
    expect((await send(`${emu.url}/_emulator/nope`)).status).toBe(404);
    const wrong = await send(`${emu.url}/_emulator/state`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect((await send(`${emu.url}/_emulator/health`)).json).toEqual({ ok: true });
  });

  it('answers 400 for malformed JSON', async () => {
    const answer = await send(`${emu.url}/_emulator/sessions/${otSession}/connections`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"token":',
    });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(/Invalid JSON/);
  });

  it('a client built from the URL alone works, with or without a trailing slash', async () => {
    const control = new EmulatorControl(`${emu.url}/`);
    expect(control.url).toBe(emu.url);
    expect(Array.isArray(await control.signals())).toBe(true);
  });

  it('reset clears state but keeps the credentials', async () => {
    const own = await startTestEmulator({ vonage: emu.credentials.vonage });
    try {
      const api = rest(own, 'vonage');
      const sessionId = await api.session();
      await own.control.join(sessionId, await vonageClientToken(vk().applicationId, vk().privateKey, sessionId));
      await own.control.injectFault({ path: '/v2/project/nothing', action: { type: 'drop' } });
      await own.control.reset();
      const state = await own.control.state();
      expect(state.sessions).toEqual([]);
      expect(await own.control.requests()).toEqual([]);
      expect(await own.control.faults()).toEqual([]);
      expect(state.projects).toEqual([
        { kind: 'opentok', key: own.credentials.opentok.apiKey },
        { kind: 'vonage', key: vk().applicationId },
      ]);
      expect((await api.call('GET', '/archive')).status).toBe(200);
    } finally {
      await own.stop();
    }
  });
});
