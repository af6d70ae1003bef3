import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { clientToken, eventually, liveSession, rest, startTestEmulator, type Rest } from './helpers.js';

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

const PAGE = 'https://example.com/composer-page';

describe('Experience Composer renders', () => {
  it('202 starting → started with a connection and a stream; DELETE stops it (204)', async () => {
    const { sessionId } = await liveSession(emu, vg);
    const token = await clientToken(emu, 'vonage', sessionId, { data: 'composer' });
    const answer = await vg.call('POST', '/render', {
      sessionId,
      token,
      url: PAGE,
      maxDuration: 1800,
      resolution: '1280x720',
      properties: { name: 'Composed stream' },
      statusCallbackUrl: 'https://example.com/callback',
    });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({
      sessionId,
      applicationId: vg.key,
      url: PAGE,
      resolution: '1280x720',
      status: 'starting',
      streamId: null,
      event: 'render',
      name: 'Composed stream',
      callbackUrl: 'https://example.com/callback',
    });
    const id = answer.json.id;
    const started = await eventually(async () => {
      const r = (await vg.call('GET', `/render/${id}`)).json;
      return r.status === 'started' ? r : undefined;
    });
    const stream = (await vg.call('GET', `/session/${sessionId}/stream/${started.streamId}`)).json;
    expect(stream).toMatchObject({ name: 'Composed stream' });
    const state = await emu.control.state();
    const renderState = state.renders.find((r) => r.id === id) as { connectionId: string };
    const session = state.sessions.find((s) => s.sessionId === sessionId);
    expect(session?.connections.find((c) => c.connectionId === renderState.connectionId)).toMatchObject({ kind: 'render', data: 'composer' });

    const stopped = await vg.call('DELETE', `/render/${id}`);
    expect(stopped.status).toBe(204);
    expect((await vg.call('GET', `/render/${id}`)).json).toMatchObject({ status: 'stopped', reason: 'Stop Requested' });
    expect((await vg.call('GET', `/session/${sessionId}/stream/${started.streamId}`)).status).toBe(404);
    await expectError(vg.call('GET', '/render/nope'), 404, /Render not found/);
    await expectError(vg.call('DELETE', '/render/nope'), 404, /Render not found/);
  });

  it('stops when its connection is force-disconnected', async () => {
    const sessionId = await ot.session();
    const render = (await ot.call('POST', '/render', { sessionId, token: await clientToken(emu, 'opentok', sessionId), url: PAGE })).json;
    const connectionId = ((await emu.control.state()).renders.find((r) => r.id === render.id) as { connectionId: string }).connectionId;
    await ot.call('DELETE', `/session/${sessionId}/connection/${connectionId}`);
    expect((await ot.call('GET', `/render/${render.id}`)).json.status).toBe('stopped');
  });

  it('lists with offset and count, newest first', async () => {
    const sessionId = await ot.session();
    const token = await clientToken(emu, 'opentok', sessionId);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await ot.call('POST', '/render', { sessionId, token, url: PAGE })).json.id);
    const all = (await ot.call('GET', '/render?count=1000')).json;
    expect(all.count).toBeGreaterThanOrEqual(3);
    expect(all.items.slice(0, 3).map((r: { id: string }) => r.id)).toEqual([...ids].reverse());
    const page = (await ot.call('GET', '/render?offset=1&count=1')).json;
    expect(page.items.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
    await expectError(ot.call('GET', '/render?count=1001'), 400, /count/);
    // Renders of the other project are not listed.
    expect((await vg.call('GET', '/render?count=1000')).json.items.some((r: { id: string }) => ids.includes(r.id))).toBe(false);
  });

  it.each([
    [{ url: 'https://a.b' }, /"url" must be at least 15/],
    [{ url: undefined }, /"url" is required/],
    [{ maxDuration: 59 }, /maxDuration/],
    [{ resolution: '100x100' }, /resolution/],
    [{ properties: { name: '' } }, /"properties\.name" must not be empty/],
    [{ properties: { name: 'n'.repeat(201) } }, /"properties\.name" must be at most 200/],
    [{ token: undefined }, /"token" is required/],
  ])('400 for %o', async (extra, message) => {
    const sessionId = await ot.session();
    const body = { sessionId, token: await clientToken(emu, 'opentok', sessionId), url: PAGE, ...extra };
    await expectError(ot.call('POST', '/render', body), 400, message);
  });

  it('400 for a subscriber token; 409 for a relayed session', async () => {
    const sessionId = await ot.session();
    const subscriber = await clientToken(emu, 'opentok', sessionId, { role: 'subscriber' });
    await expectError(ot.call('POST', '/render', { sessionId, token: subscriber, url: PAGE }), 400, /role must be publisher/);
    const relayed = await ot.session({ 'p2p.preference': 'enabled' });
    await expectError(ot.call('POST', '/render', { sessionId: relayed, token: await clientToken(emu, 'opentok', relayed), url: PAGE }), 409, /routed/);
  });
});

describe('live captions', () => {
  it('202 {captionsId}; status; 409 (60003) while running; stop 202; can start again', async () => {
    const sessionId = await vg.session();
    const token = await clientToken(emu, 'vonage', sessionId, { role: 'moderator' });
    const answer = await vg.call('POST', '/captions', { sessionId, token, languageCode: 'en-GB', maxDuration: 300, partialCaptions: 'false' });
    expect(answer.status).toBe(202);
    expect(Object.keys(answer.json)).toEqual(['captionsId']);
    const id = answer.json.captionsId;
    const status = (await vg.call('GET', `/captions/${id}`)).json;
    expect(status).toMatchObject({ captionId: id, applicationId: vg.key, sessionId, status: 'started', languageCode: 'en-GB', provider: 'aws-transcribe' });
    await expectError(vg.call('POST', '/captions', { sessionId, token }), 409, /already enabled/, 60003);
    const stop = await vg.call('POST', `/captions/${id}/stop`);
    expect(stop.status).toBe(202);
    expect((await vg.call('GET', `/captions/${id}`)).json.status).toBe('stopped');
    expect((await vg.call('POST', '/captions', { sessionId, token })).status).toBe(202);
    await expectError(vg.call('POST', '/captions/nope/stop'), 404, /Captions not found/);
    await expectError(vg.call('GET', '/captions/nope'), 404, /Captions not found/);
  });

  it('uses the OpenTok project field on the API-key path and the documented defaults', async () => {
    const sessionId = await ot.session();
    const token = await clientToken(emu, 'opentok', sessionId, { role: 'moderator' });
    const { captionsId } = (await ot.call('POST', '/captions', { sessionId, token })).json;
    expect((await ot.call('GET', `/captions/${captionsId}`)).json).toMatchObject({ projectId: ot.key, languageCode: 'en-US' });
    const state = (await emu.control.state()).captions.find((c) => c.captionId === captionsId);
    expect(state).toMatchObject({ maxDuration: 14_400, partialCaptions: true });
  });

  it.each([
    [{ languageCode: 'xx-XX' }, /languageCode/],
    [{ maxDuration: 299 }, /maxDuration/],
    [{ maxDuration: 14_401 }, /maxDuration/],
    [{ partialCaptions: 'maybe' }, /partialCaptions/],
    [{ statusCallbackUrl: 'http://x' }, /statusCallbackUrl/],
  ])('400 for %o', async (extra, message) => {
    const sessionId = await ot.session();
    const token = await clientToken(emu, 'opentok', sessionId, { role: 'moderator' });
    await expectError(ot.call('POST', '/captions', { sessionId, token, ...extra }), 400, message);
  });

  it('400 unless the token is a moderator token for the session; 409 for relayed', async () => {
    const sessionId = await ot.session();
    await expectError(
      ot.call('POST', '/captions', { sessionId, token: await clientToken(emu, 'opentok', sessionId, { role: 'publisher' }) }),
      400,
      /role must be moderator/,
    );
    const other = await ot.session();
    await expectError(
      ot.call('POST', '/captions', { sessionId, token: await clientToken(emu, 'opentok', other, { role: 'moderator' }) }),
      400,
      /token is for session/,
    );
    const relayed = await ot.session({ 'p2p.preference': 'enabled' });
    await expectError(
      ot.call('POST', '/captions', { sessionId: relayed, token: await clientToken(emu, 'opentok', relayed, { role: 'moderator' }) }),
      409,
      /routed/,
    );
  });
});

describe('legacy project callbacks', () => {
  it('registers, lists (a JSON array) and unregisters', async () => {
    const registered = await ot.call('POST', '/callback', { group: 'connection', event: 'created', url: 'https://example.com/cb' });
    expect(registered.status).toBe(200);
    expect(registered.json).toEqual({ id: expect.any(String), group: 'connection', event: 'created', url: 'https://example.com/cb', createdAt: expect.any(Number) });
    const list = (await ot.call('GET', '/callback')).json;
    expect(list).toEqual([registered.json]);
    expect((await vg.call('GET', '/callback')).json).toEqual([]);
    expect((await ot.call('DELETE', `/callback/${registered.json.id}`)).status).toBe(204);
    expect((await ot.call('GET', '/callback')).json).toEqual([]);
    await expectError(ot.call('DELETE', `/callback/${registered.json.id}`), 404, /Callback not found/);
  });

  it('400 for missing fields or a non-HTTP URL', async () => {
    await expectError(ot.call('POST', '/callback', { group: 'stream', url: 'https://example.com' }), 400, /"event" is required/);
    await expectError(ot.call('POST', '/callback', { group: 'stream', event: 'destroyed', url: 'ftp://x' }), 400, /http/);
  });
});
