import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { clientToken, liveSession, rest, startTestEmulator, t1Token, type Rest } from './helpers.js';

let emu: Emulator;
let ot: Rest;
let vg: Rest;

beforeAll(async () => {
  emu = await startTestEmulator();
  ot = rest(emu, 'opentok');
  vg = rest(emu, 'vonage');
});
afterAll(() => emu.stop());

async function expectError(answer: Promise<{ status: number; json: { code: number; message: string } }>, status: number, message: RegExp, code = status) {
  const { status: got, json } = await answer;
  expect(got).toBe(status);
  expect(json.code).toBe(code);
  expect(json.message).toMatch(message);
}

describe('SIP dial', () => {
  it('adds a connection and a stream, with the token data; answers {id, connectionId, streamId}', async () => {
    const { sessionId } = await liveSession(emu, vg);
    const token = await clientToken(emu, 'vonage', sessionId, { data: 'phone=+1555' });
    const answer = await vg.call('POST', '/dial', {
      sessionId,
      token,
      sip: {
        uri: 'sip:user@sip.example.com;transport=tls',
        from: '15551234567@example.com',
        headers: { 'X-Room': '7' },
        auth: { username: 'u', password: 'secret-password' },
        secure: true,
        video: true,
        observeForceMute: true,
        streams: [],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ applicationId: vg.key, sessionId });
    const { id, connectionId, streamId } = answer.json;
    expect([id, connectionId, streamId].every((x: unknown) => typeof x === 'string')).toBe(true);
    const connections = (await vg.call('GET', `/session/${sessionId}/connection`)).json.items;
    expect(connections.map((c: { connectionId: string }) => c.connectionId)).toContain(connectionId);
    expect((await vg.call('GET', `/session/${sessionId}/stream/${streamId}`)).status).toBe(200);
    const state = await emu.control.state();
    const session = state.sessions.find((s) => s.sessionId === sessionId);
    expect(session?.connections.find((c) => c.connectionId === connectionId)).toMatchObject({ kind: 'sip', data: 'phone=+1555' });
    expect(session?.streams.find((s) => s.streamId === streamId)).toMatchObject({ hasVideo: true });
    const call = state.sipCalls.find((c) => c.id === id);
    expect(call).toMatchObject({ uri: 'sip:user@sip.example.com;transport=tls', auth: { username: 'u' }, secure: true });
    expect(JSON.stringify(state)).not.toContain('secret-password');
    expect(JSON.stringify(state)).not.toContain(token);
  });

  it('accepts the OpenTok path with a T1 token and needs no other client', async () => {
    const sessionId = await ot.session();
    const token = t1Token(emu.credentials.opentok.apiKey, emu.credentials.opentok.apiSecret, sessionId);
    const answer = await ot.call('POST', '/dial', { sessionId, token, sip: { uri: 'sip:a@b.c' } });
    expect(answer.status).toBe(200);
    expect(answer.json.projectId).toBe(ot.key);
  });

  it('keeps sessionMigration (top level of the body; default false)', async () => {
    const sessionId = await ot.session();
    const token = await clientToken(emu, 'opentok', sessionId);
    const on = (await ot.call('POST', '/dial', { sessionId, token, sessionMigration: true, sip: { uri: 'sip:a@b.c' } })).json;
    const off = (await ot.call('POST', '/dial', { sessionId, token, sip: { uri: 'sip:a@b.c' } })).json;
    expect(Object.keys(on).sort()).toEqual(['connectionId', 'createdAt', 'id', 'projectId', 'sessionId', 'streamId', 'updatedAt']);
    const calls = (await emu.control.state()).sipCalls;
    expect(calls.find((c) => c.id === on.id)).toMatchObject({ sessionMigration: true });
    expect(calls.find((c) => c.id === off.id)).toMatchObject({ sessionMigration: false });
    await expectError(ot.call('POST', '/dial', { sessionId, token, sessionMigration: 1, sip: { uri: 'sip:a@b.c' } }), 400, /"sessionMigration" must be a boolean/);
  });

  it('ends the call when its connection is force-disconnected', async () => {
    const sessionId = await ot.session();
    const token = await clientToken(emu, 'opentok', sessionId);
    const { id, connectionId, streamId } = (await ot.call('POST', '/dial', { sessionId, token, sip: { uri: 'sip:a@b.c' } })).json;
    expect((await ot.call('DELETE', `/session/${sessionId}/connection/${connectionId}`)).status).toBe(204);
    expect((await ot.call('GET', `/session/${sessionId}/stream/${streamId}`)).status).toBe(404);
    expect((await emu.control.state()).sipCalls.some((c) => c.id === id)).toBe(false);
  });

  it.each([
    [{ sip: { uri: 'sip:a@b.c' } }, /"sessionId" is required/, ['sessionId']],
    [{ sip: { uri: 'sip:a@b.c' } }, /"token" is required/, ['token']],
    [{}, /"sip" is required/, []],
    [{ sip: {} }, /"sip\.uri" is required/, []],
    [{ sip: { uri: 'http://a.b' } }, /SIP URI/, []],
    [{ sip: { uri: 'sip:a@b.c', headers: { Room: '1' } } }, /must start with "X-"/, []],
    [{ sip: { uri: 'sip:a@b.c', headers: { 'X-Room': 1 } } }, /must be a string/, []],
    [{ sip: { uri: 'sip:a@b.c', auth: { password: 'p' } } }, /username/, []],
    [{ sip: { uri: 'sip:a@b.c', secure: 'yes' } }, /"sip\.secure" must be a boolean/, []],
    [{ sip: { uri: 'sip:a@b.c', streams: 'all' } }, /"sip\.streams" must be an array of strings/, []],
  ])('400 for %o', async (body, message, omit) => {
    const sessionId = await ot.session();
    const payload: Record<string, unknown> = { sessionId, token: await clientToken(emu, 'opentok', sessionId), ...body };
    for (const field of omit) delete payload[field];
    await expectError(ot.call('POST', '/dial', payload), 400, message);
  });

  it('403 (code 10007) for a token of another session; 400 for one that is not a client token', async () => {
    const sessionId = await ot.session();
    const other = await ot.session();
    const wrong = await clientToken(emu, 'opentok', other);
    await expectError(ot.call('POST', '/dial', { sessionId, token: wrong, sip: { uri: 'sip:a@b.c' } }), 403, /^Token does not match the session ID: token is for session/, 10007);
    await expectError(ot.call('POST', '/dial', { sessionId, token: 'garbage', sip: { uri: 'sip:a@b.c' } }), 400, /Invalid token/);
  });

  it('409 for a relayed session; 404 for an unknown one', async () => {
    const relayed = await ot.session({ 'p2p.preference': 'enabled' });
    const token = await clientToken(emu, 'opentok', relayed);
    await expectError(ot.call('POST', '/dial', { sessionId: relayed, token, sip: { uri: 'sip:a@b.c' } }), 409, /routed/);
    const foreign = await vg.session();
    await expectError(ot.call('POST', '/dial', { sessionId: foreign, token, sip: { uri: 'sip:a@b.c' } }), 404, /Session not found/);
  });
});

describe('DTMF', () => {
  it('plays to the session and to one connection; 200; kept in the log', async () => {
    const { sessionId, connectionId } = await liveSession(emu, ot);
    const all = await ot.call('POST', `/session/${sessionId}/play-dtmf`, { digits: '1234#*p5' });
    expect(all.status).toBe(200);
    const one = await ot.call('POST', `/session/${sessionId}/connection/${connectionId}/play-dtmf`, { digits: '9' });
    expect(one.status).toBe(200);
    const log = (await emu.control.dtmf()).filter((d) => d.sessionId === sessionId);
    expect(log.map(({ connectionId: c, digits }) => ({ c, digits }))).toEqual([
      { c: null, digits: '1234#*p5' },
      { c: connectionId, digits: '9' },
    ]);
  });

  it.each(['', '12a', '1 2', 'P', null])('400 for digits %o', async (digits) => {
    const { sessionId } = await liveSession(emu, ot);
    await expectError(ot.call('POST', `/session/${sessionId}/play-dtmf`, { digits }), 400, /digits/);
  });

  it('404 for an unknown session or connection', async () => {
    const { sessionId } = await liveSession(emu, ot);
    await expectError(ot.call('POST', `/session/${sessionId}/connection/nope/play-dtmf`, { digits: '1' }), 404, /not connected/);
    await expectError(ot.call('POST', `/session/${await vg.session()}/play-dtmf`, { digits: '1' }), 404, /Session not found/);
  });
});

describe('Audio Connector', () => {
  it('connects as a connection; ends when that connection is force-disconnected', async () => {
    const sessionId = await vg.session();
    const token = await clientToken(emu, 'vonage', sessionId);
    const websocket = { uri: 'wss://service.example.com/socket', streams: [], headers: { a: 'b' }, audioRate: 16000, bidirectional: true };
    const first = await vg.call('POST', '/connect', { sessionId, token, websocket });
    expect(first.status).toBe(200);
    expect(Object.keys(first.json).sort()).toEqual(['connectionId', 'id']);
    const connections = async () =>
      (await vg.call('GET', `/session/${sessionId}/connection`)).json.items.map((c: { connectionId: string }) => c.connectionId);
    const connectors = async () => (await emu.control.state()).audioConnectors.filter((c) => c.sessionId === sessionId).map((c) => c.id);
    expect(await connections()).toEqual([first.json.connectionId]);
    expect(await connectors()).toEqual([first.json.id]);
    expect((await vg.call('DELETE', `/session/${sessionId}/connection/${first.json.connectionId}`)).status).toBe(204);
    expect(await connections()).toEqual([]);
    expect(await connectors()).toEqual([]);
    await expectError(vg.call('DELETE', `/session/${sessionId}/connection/${first.json.connectionId}`), 404, /not connected/);
  });

  it('has no stop route: POST …/connect/{id}/stop is an unknown path (404), and the connector runs on', async () => {
    const sessionId = await ot.session();
    const token = await clientToken(emu, 'opentok', sessionId);
    const { id, connectionId } = (await ot.call('POST', '/connect', { sessionId, token, websocket: { uri: 'wss://service.example.com/socket' } })).json;
    for (const target of [id, connectionId]) {
      const answer = await ot.call('POST', `/connect/${target}/stop`);
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ code: 404, message: `Not found: POST /v2/project/${ot.key}/connect/${target}/stop` });
      // The answer of any path the API lacks, e.g. a GET on the connector.
      expect((await ot.call('GET', `/connect/${target}`)).json).toEqual({ code: 404, message: `Not found: GET /v2/project/${ot.key}/connect/${target}` });
    }
    expect((await emu.control.state()).audioConnectors.filter((c) => c.sessionId === sessionId).map((c) => c.connectionId)).toEqual([connectionId]);
  });

  it('keeps sessionMigration (top level of the body; default false) and the 24 kHz audio rate', async () => {
    const sessionId = await ot.session();
    const token = await clientToken(emu, 'opentok', sessionId);
    const uri = 'wss://service.example.com/socket';
    const on = (await ot.call('POST', '/connect', { sessionId, token, sessionMigration: true, websocket: { uri, audioRate: 24000 } })).json;
    const off = (await ot.call('POST', '/connect', { sessionId, token, websocket: { uri } })).json;
    const stored = (await emu.control.state()).audioConnectors;
    expect(stored.find((c) => c.id === on.id)).toMatchObject({ sessionMigration: true, audioRate: 24000 });
    expect(stored.find((c) => c.id === off.id)).toMatchObject({ sessionMigration: false, audioRate: 16000 });
    await expectError(ot.call('POST', '/connect', { sessionId, token, sessionMigration: 'yes', websocket: { uri } }), 400, /"sessionMigration" must be a boolean/);
  });

  it.each([
    [{}, /"websocket" is required/],
    [{ websocket: { uri: 'https://example.com/socket' } }, /ws:\/\/ or wss:\/\//],
    [{ websocket: { uri: 'ws://a.b' } }, /at least 15/],
    [{ websocket: { uri: 'wss://service.example.com/s', audioRate: 44100 } }, /audioRate/],
    [{ websocket: { uri: 'wss://service.example.com/s', bidirectional: 'yes' } }, /bidirectional/],
    [{ websocket: { uri: 'wss://service.example.com/s', headers: { a: 'x'.repeat(600) } } }, /512 bytes/],
    [{ websocket: { uri: 'wss://service.example.com/s', audioTransport: { transport: 'xml' } } }, /transport/],
  ])('400 for %o', async (body, message) => {
    const sessionId = await ot.session();
    const token = await clientToken(emu, 'opentok', sessionId);
    await expectError(ot.call('POST', '/connect', { sessionId, token, ...body }), 400, message);
  });

  it('409 for a relayed session; 403 (code 10012) for an expired token', async () => {
    const relayed = await ot.session({ 'p2p.preference': 'enabled' });
    const websocket = { uri: 'wss://service.example.com/socket' };
    await expectError(ot.call('POST', '/connect', { sessionId: relayed, token: await clientToken(emu, 'opentok', relayed), websocket }), 409, /routed/);
    const sessionId = await ot.session();
    const expired = await clientToken(emu, 'opentok', sessionId, { expireTime: Math.floor(Date.now() / 1000) - 5 });
    await expectError(ot.call('POST', '/connect', { sessionId, token: expired, websocket }), 403, /^Expired token: token expired$/, 10012);
  });
});
