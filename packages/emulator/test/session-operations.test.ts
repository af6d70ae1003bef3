import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { clientToken, liveSession, rest, startTestEmulator, type Rest } from './helpers.js';

let emu: Emulator;
let ot: Rest;
let vg: Rest;

beforeAll(async () => {
  emu = await startTestEmulator();
  ot = rest(emu, 'opentok');
  vg = rest(emu, 'vonage');
});
afterAll(() => emu.stop());

async function expectError(answer: Promise<{ status: number; json: { code: number; message: string } }>, status: number, message: RegExp) {
  const { status: got, json } = await answer;
  expect(got).toBe(status);
  expect(json.code).toBe(status);
  expect(json.message).toMatch(message);
}

async function streamsState(sessionId: string) {
  const state = await emu.control.state();
  return state.sessions.find((s) => s.sessionId === sessionId)?.streams ?? [];
}

describe('streams', () => {
  it('gets and lists streams', async () => {
    const { sessionId, streamId } = await liveSession(emu, ot);
    expect((await ot.call('GET', `/session/${sessionId}/stream/${streamId}`)).json).toEqual({
      id: streamId,
      videoType: 'camera',
      name: '',
      layoutClassList: [],
    });
    const list = await ot.call('GET', `/session/${sessionId}/stream`);
    expect(list.json).toEqual({ count: 1, items: [{ id: streamId, videoType: 'camera', name: '', layoutClassList: [] }] });
    await expectError(ot.call('GET', `/session/${sessionId}/stream/nope`), 404, /Stream not found/);
    await expectError(ot.call('GET', '/session/not-a-session/stream'), 400, /Invalid session ID/);
    await expectError(ot.call('GET', `/session/${await vg.session()}/stream`), 404, /Session not found/);
  });

  it('sets class lists (an empty list clears)', async () => {
    const { sessionId, connectionId, streamId } = await liveSession(emu, vg);
    const second = (await emu.control.publish(sessionId, connectionId, { layoutClassList: ['old'] })).streamId;
    const answer = await vg.call('PUT', `/session/${sessionId}/stream`, {
      items: [
        { id: streamId, layoutClassList: ['full', 'focus'] },
        { id: second, layoutClassList: [] },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.json.count).toBe(2);
    expect((await vg.call('GET', `/session/${sessionId}/stream/${streamId}`)).json.layoutClassList).toEqual(['full', 'focus']);
    expect((await vg.call('GET', `/session/${sessionId}/stream/${second}`)).json.layoutClassList).toEqual([]);
  });

  it.each([
    [{}, /"items" must be a non-empty array/],
    [{ items: [] }, /"items" must be a non-empty array/],
    [{ items: [{ layoutClassList: [] }] }, /items\[0\].id/],
    [{ items: [{ id: 'x', layoutClassList: 'big' }] }, /"items\[0\]\.layoutClassList" must be an array of strings/],
    [{ items: [{ id: 'x', layoutClassList: [1] }] }, /"items\[0\]\.layoutClassList\[0\]" must be a string/],
  ])('400 for class lists %o', async (body, message) => {
    const { sessionId } = await liveSession(emu, ot);
    await expectError(ot.call('PUT', `/session/${sessionId}/stream`, body), 400, message);
  });

  it('changes nothing when one item names an unknown stream', async () => {
    const { sessionId, streamId } = await liveSession(emu, ot);
    const body = { items: [{ id: streamId, layoutClassList: ['x'] }, { id: 'ghost', layoutClassList: [] }] };
    await expectError(ot.call('PUT', `/session/${sessionId}/stream`, body), 404, /Stream not found/);
    expect((await ot.call('GET', `/session/${sessionId}/stream/${streamId}`)).json.layoutClassList).toEqual([]);
  });
});

describe('connections', () => {
  it('lists connections (§5.8, N11) with the project field of the path', async () => {
    const { sessionId, connectionId } = await liveSession(emu, ot);
    const answer = await ot.call('GET', `/session/${sessionId}/connection`);
    expect(answer.status).toBe(200);
    const created = (await emu.control.state()).sessions.find((s) => s.sessionId === sessionId)!.connections[0]!.createdAt;
    expect(answer.text).toBe(
      JSON.stringify({ count: 1, projectId: ot.key, sessionId, items: [{ connectionId, connectionState: 'Connected', createdAt: created }] }),
    );
    const { sessionId: vs } = await liveSession(emu, vg);
    expect(Object.keys((await vg.call('GET', `/session/${vs}/connection`)).json)).toEqual(['count', 'applicationId', 'sessionId', 'items']);
  });

  it('lists every kind of connection, oldest first', async () => {
    const { sessionId, connectionId } = await liveSession(emu, vg);
    const token = await clientToken(emu, 'vonage', sessionId);
    const sip = (await vg.call('POST', '/dial', { sessionId, token, sip: { uri: 'sip:a@b.c' } })).json;
    const ws = (await vg.call('POST', '/connect', { sessionId, token, websocket: { uri: 'wss://service.example.com/socket' } })).json;
    const late = await emu.control.join(sessionId, token);
    const list = (await vg.call('GET', `/session/${sessionId}/connection`)).json;
    expect(list.count).toBe(4);
    expect(list.items.map((c: { connectionId: string }) => c.connectionId)).toEqual([connectionId, sip.connectionId, ws.connectionId, late.connectionId]);
    const times = list.items.map((c: { createdAt: number }) => c.createdAt);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('force disconnect removes the connection and its streams', async () => {
    const { sessionId, connectionId, streamId } = await liveSession(emu, ot);
    const other = await emu.control.join(sessionId, await clientToken(emu, 'opentok', sessionId));
    const answer = await ot.call('DELETE', `/session/${sessionId}/connection/${connectionId}`);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    await expectError(ot.call('GET', `/session/${sessionId}/stream/${streamId}`), 404, /Stream not found/);
    const list = (await ot.call('GET', `/session/${sessionId}/connection`)).json;
    expect(list.items.map((c: { connectionId: string }) => c.connectionId)).toEqual([other.connectionId]);
    await expectError(ot.call('DELETE', `/session/${sessionId}/connection/${connectionId}`), 404, /not connected/);
    await expectError(ot.call('DELETE', `/session/1_bad/connection/${connectionId}`), 400, /Invalid session ID/);
  });
});

describe('signals', () => {
  it('signals a session and one connection; 204; kept in the log', async () => {
    const { sessionId, connectionId } = await liveSession(emu, vg);
    const second = await emu.control.join(sessionId, await clientToken(emu, 'vonage', sessionId));
    const all = await vg.call('POST', `/session/${sessionId}/signal`, { type: 'chat', data: 'hello' });
    expect(all.status).toBe(204);
    expect(all.text).toBe('');
    const one = await vg.call('POST', `/session/${sessionId}/connection/${connectionId}/signal`, { type: 'x', data: '' });
    expect(one.status).toBe(204);
    const log = (await emu.control.signals()).filter((s) => s.sessionId === sessionId);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ connectionId: null, type: 'chat', data: 'hello' });
    expect(new Set(log[0]?.recipients)).toEqual(new Set([connectionId, second.connectionId]));
    expect(log[1]).toMatchObject({ connectionId, type: 'x', data: '', recipients: [connectionId] });
  });

  it('413 past 128 bytes of type or 8192 bytes of data (counted in bytes, not characters)', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const path = `/session/${sessionId}/signal`;
    expect((await ot.call('POST', path, { type: 't'.repeat(128), data: 'd'.repeat(8192) })).status).toBe(204);
    await expectError(ot.call('POST', path, { type: 't'.repeat(129), data: '' }), 413, /type is too long/);
    await expectError(ot.call('POST', path, { type: 'é'.repeat(65), data: '' }), 413, /type is too long/);
    await expectError(ot.call('POST', path, { type: 't', data: 'd'.repeat(8193) }), 413, /data is too long/);
  });

  it('400 for missing or non-string fields; 404 for unknown sessions and connections', async () => {
    const { sessionId } = await liveSession(emu, ot);
    await expectError(ot.call('POST', `/session/${sessionId}/signal`, { data: 'x' }), 400, /"type" is required/);
    await expectError(ot.call('POST', `/session/${sessionId}/signal`, { type: 'x' }), 400, /"data" is required/);
    await expectError(ot.call('POST', `/session/${sessionId}/signal`, { type: 1, data: 'x' }), 400, /"type" must be a string/);
    await expectError(ot.call('POST', `/session/${sessionId}/signal`), 400, /body is required/);
    await expectError(ot.call('POST', `/session/${await vg.session()}/signal`, { type: 'x', data: 'y' }), 404, /Session not found/);
    await expectError(ot.call('POST', `/session/${sessionId}/connection/nope/signal`, { type: 'x', data: 'y' }), 404, /not connected/);
  });
});

describe('moderation', () => {
  const projectDetails = (api: Rest) =>
    api.scheme === 'opentok'
      ? { id: api.key, status: 'ACTIVE', environment: 'standard' }
      : { applicationId: api.key, status: 'ACTIVE', environment: 'standard' };

  it('mutes one stream and answers project details', async () => {
    const { sessionId, streamId } = await liveSession(emu, ot);
    const answer = await ot.call('POST', `/session/${sessionId}/stream/${streamId}/mute`);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject(projectDetails(ot));
    expect((await streamsState(sessionId)).find((s) => s.streamId === streamId)?.audioMuted).toBe(true);
    await expectError(ot.call('POST', `/session/${sessionId}/stream/nope/mute`), 404, /Stream not found/);
  });

  it('mutes all but excluded streams, including streams published later; disable stops muting new ones', async () => {
    const { sessionId, connectionId, streamId } = await liveSession(emu, vg);
    const kept = (await emu.control.publish(sessionId, connectionId)).streamId;
    const answer = await vg.call('POST', `/session/${sessionId}/mute`, { active: true, excludedStreamIds: [kept] });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject(projectDetails(vg));
    const later = (await emu.control.publish(sessionId, connectionId)).streamId;
    let streams = await streamsState(sessionId);
    const muted = (id: string) => streams.find((s) => s.streamId === id)?.audioMuted;
    expect([muted(streamId), muted(kept), muted(later)]).toEqual([true, false, true]);
    const state = await emu.control.state();
    expect(state.sessions.find((s) => s.sessionId === sessionId)?.forceMute).toEqual({ active: true, excludedStreamIds: [kept] });

    expect((await vg.call('POST', `/session/${sessionId}/mute`, { active: false, excludedStreamIds: [] })).status).toBe(200);
    const afterDisable = (await emu.control.publish(sessionId, connectionId)).streamId;
    streams = await streamsState(sessionId);
    expect([muted(streamId), muted(later), muted(afterDisable)]).toEqual([true, true, false]);
  });

  it('400 without a boolean active; 404 for an unknown session', async () => {
    const { sessionId } = await liveSession(emu, ot);
    await expectError(ot.call('POST', `/session/${sessionId}/mute`, {}), 400, /"active"/);
    await expectError(ot.call('POST', `/session/${sessionId}/mute`, { active: 'yes' }), 400, /"active"/);
    await expectError(ot.call('POST', `/session/${sessionId}/mute`, { active: true, excludedStreamIds: 'x' }), 400, /excludedStreamIds/);
    await expectError(ot.call('POST', `/session/${await vg.session()}/mute`, { active: true }), 404, /Session not found/);
  });
});
