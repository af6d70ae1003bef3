import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { clientToken, eventually, liveSession, rest, startTestEmulator, t1Token, type Rest } from './helpers.js';

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

  // The API's 400 codes of POST /render (rest-api-2026 N7): 50001 URL, 50005 maxDuration,
  // 50006 resolution, 50007 stream name, 50008 session ID.
  it.each([
    [{ url: 'https://a.b' }, /"url" must be at least 15/, 50001],
    [{ url: undefined }, /"url" is required/, 50001],
    [{ url: 'not a url, but long enough' }, /^"url" must be an http or https URL$/, 50001],
    [{ url: 'ftp://example.com/page' }, /^"url" must be an http or https URL$/, 50001],
    [{ maxDuration: 59 }, /maxDuration/, 50005],
    [{ maxDuration: 36_001 }, /maxDuration/, 50005],
    [{ resolution: '100x100' }, /resolution/, 50006],
    [{ properties: { name: '' } }, /^"properties\.name" is required$/, 50007],
    [{ properties: {} }, /^"properties\.name" is required$/, 50007],
    [{ properties: { name: null } }, /^"properties\.name" is required$/, 50007],
    [{ properties: { name: 'n'.repeat(201) } }, /"properties\.name" must be at most 200/, 50007],
    [{ sessionId: 'not-a-session' }, /^Invalid session ID/, 50008],
    [{ sessionId: undefined }, /"sessionId" is required/, 50008],
    [{ token: undefined }, /"token" is required/, 400],
  ])('400 for %o', async (extra, message, code) => {
    const sessionId = await ot.session();
    const body = { sessionId, token: await clientToken(emu, 'opentok', sessionId), url: PAGE, ...extra };
    await expectError(ot.call('POST', '/render', body), 400, message, code);
  });

  it('403 with code 10007 for a token of another session and 10012 for an expired one', async () => {
    const sessionId = await ot.session();
    const other = await clientToken(emu, 'opentok', await ot.session());
    await expectError(ot.call('POST', '/render', { sessionId, token: other, url: PAGE }), 403, /^Token does not match the session ID: token is for session /, 10007);
    const past = Math.floor(Date.now() / 1000) - 5;
    const { apiKey, apiSecret } = emu.credentials.opentok;
    const otSession = await ot.session();
    const vgSession = await vg.session();
    for (const [api, id, expired] of [
      [ot, otSession, await clientToken(emu, 'opentok', otSession, { expireTime: past })],
      [ot, otSession, t1Token(apiKey, apiSecret, otSession, { expireTime: past })],
      [vg, vgSession, await clientToken(emu, 'vonage', vgSession, { expireTime: past })],
    ] as const) {
      await expectError(api.call('POST', '/render', { sessionId: id, token: expired, url: PAGE }), 403, /^Expired token: token expired$/, 10012);
    }
    expect((await emu.control.state()).renders.filter((r) => r.sessionId === sessionId)).toEqual([]);
  });

  it('429 with code 50004 (the usage cap) only through fault injection', async () => {
    const sessionId = await ot.session();
    const token = await clientToken(emu, 'opentok', sessionId);
    await emu.control.injectFault({
      method: 'POST',
      path: '**/render',
      action: { type: 'status', status: 429, body: { code: 50004, message: 'Experienced Composer API Usage Exceeded' } },
    });
    await expectError(ot.call('POST', '/render', { sessionId, token, url: PAGE }), 429, /^Experienced Composer API Usage Exceeded$/, 50004);
    expect((await ot.call('POST', '/render', { sessionId, token, url: PAGE })).status).toBe(202);
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
  it('202 {captionsId}; 409 (60003) while running; stop 202; can start again', async () => {
    const sessionId = await vg.session();
    const token = await clientToken(emu, 'vonage', sessionId, { role: 'moderator' });
    const answer = await vg.call('POST', '/captions', { sessionId, token, languageCode: 'en-GB', maxDuration: 300, partialCaptions: 'false' });
    expect(answer.status).toBe(202);
    expect(Object.keys(answer.json)).toEqual(['captionsId']);
    const id = answer.json.captionsId;
    const stored = () => emu.control.state().then((s) => s.captions.find((c) => c.captionId === id));
    expect(await stored()).toMatchObject({ captionId: id, applicationId: vg.key, sessionId, status: 'started', languageCode: 'en-GB', provider: 'aws-transcribe' });
    await expectError(vg.call('POST', '/captions', { sessionId, token }), 409, /already enabled/, 60003);
    const stop = await vg.call('POST', `/captions/${id}/stop`);
    expect(stop.status).toBe(202);
    expect(await stored()).toMatchObject({ status: 'stopped', reason: 'Stop Requested' });
    expect((await vg.call('POST', '/captions', { sessionId, token })).status).toBe(202);
    await expectError(vg.call('POST', '/captions/nope/stop'), 404, /Captions not found/);
  });

  it('serves no GET …/captions/{id} (rest-api-2026 N3): 404 like any unknown path, in both path styles', async () => {
    for (const [api, scheme] of [[vg, 'vonage'], [ot, 'opentok']] as const) {
      const sessionId = await api.session();
      const token = await clientToken(emu, scheme, sessionId, { role: 'moderator' });
      const { captionsId } = (await api.call('POST', '/captions', { sessionId, token })).json;
      for (const id of [captionsId, 'nope']) {
        const answer = await api.call('GET', `/captions/${id}`);
        expect(answer.status).toBe(404);
        expect(answer.json).toEqual({ code: 404, message: `Not found: GET /v2/project/${api.key}/captions/${id}` });
        // The same answer as a path that was never a route.
        const unknown = await api.call('GET', `/no-such-resource/${id}`);
        expect(unknown.json).toEqual({ code: 404, message: `Not found: GET /v2/project/${api.key}/no-such-resource/${id}` });
      }
      // Other methods on it are no route either (not 405: nothing is served at that path).
      expect((await api.call('DELETE', `/captions/${captionsId}`)).status).toBe(404);
    }
  });

  it('uses the documented defaults on the API-key path', async () => {
    const sessionId = await ot.session();
    const token = await clientToken(emu, 'opentok', sessionId, { role: 'moderator' });
    const { captionsId } = (await ot.call('POST', '/captions', { sessionId, token })).json;
    const state = (await emu.control.state()).captions.find((c) => c.captionId === captionsId);
    expect(state).toMatchObject({ projectId: ot.key, languageCode: 'en-US', maxDuration: 14_400, partialCaptions: true });
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
      403,
      /^Token does not match the session ID: token is for session/,
      10007,
    );
    const expired = await clientToken(emu, 'opentok', sessionId, { role: 'moderator', expireTime: Math.floor(Date.now() / 1000) - 5 });
    await expectError(ot.call('POST', '/captions', { sessionId, token: expired }), 403, /^Expired token/, 10012);
    const relayed = await ot.session({ 'p2p.preference': 'enabled' });
    await expectError(
      ot.call('POST', '/captions', { sessionId: relayed, token: await clientToken(emu, 'opentok', relayed, { role: 'moderator' }) }),
      409,
      /routed/,
    );
  });
});

describe('legacy project callbacks', () => {
  it('registers, lists (a JSON array, oldest first) and unregisters', async () => {
    const registered = await ot.call('POST', '/callback', { group: 'connection', event: 'created', url: 'https://example.com/cb' });
    expect(registered.status).toBe(200);
    expect(registered.json).toEqual({ id: expect.any(String), group: 'connection', event: 'created', url: 'https://example.com/cb', createdAt: expect.any(Number) });
    const second = (await ot.call('POST', '/callback', { group: 'stream', event: 'destroyed', url: 'http://localhost:3000/cb' })).json;
    const list = (await ot.call('GET', '/callback')).json;
    expect(list).toEqual([registered.json, second]);
    expect((await ot.call('DELETE', `/callback/${registered.json.id}`)).status).toBe(204);
    expect((await ot.call('GET', '/callback')).json).toEqual([second]);
    await expectError(ot.call('DELETE', `/callback/${registered.json.id}`), 404, /Callback not found/);
    expect((await ot.call('DELETE', `/callback/${second.id}`)).status).toBe(204);
    expect((await ot.call('GET', '/callback')).json).toEqual([]);
  });

  it('400 for a missing field, a group or event the reference does not list, or a non-HTTP URL', async () => {
    await expectError(ot.call('POST', '/callback', { group: 'stream', url: 'https://example.com' }), 400, /"event" is required/);
    await expectError(ot.call('POST', '/callback', { group: 'archive', event: 'created', url: 'https://example.com' }), 400, /"group" must be one of connection, stream/);
    await expectError(ot.call('POST', '/callback', { group: 'stream', event: 'updated', url: 'https://example.com' }), 400, /"event" must be one of created, destroyed/);
    await expectError(ot.call('POST', '/callback', { group: 'stream', event: 'destroyed', url: 'ftp://x' }), 400, /http/);
    await expectError(ot.call('POST', '/callback', { group: 'stream', event: 'destroyed', url: 'https://' }), 400, /http/);
    await expectError(ot.call('POST', '/callback', { group: 'stream', event: 'destroyed', url: `https://example.com/${'a'.repeat(2030)}` }), 400, /"url"/);
    expect((await emu.control.state()).callbacks.filter((c) => c.group !== 'connection' && c.group !== 'stream')).toEqual([]);
  });

  it('is no route on an application path (the Application API replaced it): 404 as for any unknown path', async () => {
    const before = (await emu.control.state()).callbacks.length;
    for (const [method, path, body] of [
      ['POST', '/callback', { group: 'connection', event: 'created', url: 'https://example.com/cb' }],
      ['GET', '/callback', undefined],
      ['DELETE', '/callback/some-id', undefined],
    ] as const) {
      const answer = await vg.call(method, path, body);
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ code: 404, message: `Not found: ${method} /v2/project/${vg.key}${path}` });
      const unknown = await vg.call(method, `/no-such-route${path}`, body);
      expect(unknown.json).toEqual({ code: 404, message: `Not found: ${method} /v2/project/${vg.key}/no-such-route${path}` });
    }
    expect((await emu.control.state()).callbacks).toHaveLength(before);
  });
});
