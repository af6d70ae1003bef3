import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { RequestLog } from '../src/request-log.js';
import { clientToken, opentokRestToken, rest, send, startTestEmulator, vonageRestToken, type Rest } from './helpers.js';

let emu: Emulator;
let ot: Rest;
let vg: Rest;

beforeAll(async () => {
  emu = await startTestEmulator();
  ot = rest(emu, 'opentok');
  vg = rest(emu, 'vonage');
});
beforeEach(() => emu.control.reset());
afterAll(() => emu.stop());

describe('request log', () => {
  it('records a JSON request faithfully', async () => {
    const sessionId = await vg.session();
    await emu.control.clearRequests();
    const token = await vonageRestToken(emu);
    const rawBody = '{"sessionId":"' + sessionId + '",  "name":"Ünïcode ✓"}';
    const answer = await send(`${emu.url}/v2/project/${vg.key}/archive?x=1&x=2&y=%20z`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'User-Agent': 'test-agent/1.0', 'X-Custom': 'A' },
      body: rawBody,
    });
    expect(answer.status).toBe(404);
    const [entry, ...rest] = await emu.control.requests();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      method: 'POST',
      path: `/v2/project/${vg.key}/archive`,
      query: { x: ['1', '2'], y: ' z' },
      body: { sessionId, name: 'Ünïcode ✓' },
      rawBody,
      status: 404,
    });
    expect(entry?.seq).toEqual(expect.any(Number));
    expect(new Date(entry?.time ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(entry?.headers).toMatchObject({
      authorization: '[redacted]',
      'content-type': 'application/json',
      'user-agent': 'test-agent/1.0',
      'x-custom': 'A',
    });
    expect(entry?.auth).toEqual({
      scheme: 'bearer',
      alg: 'RS256',
      claims: { application_id: vg.key, iat: expect.any(Number), exp: expect.any(Number), jti: expect.any(String) },
    });
  });

  it('shows form fields for session creation and text for other bodies; null when empty', async () => {
    await ot.createSession({ archiveMode: 'manual', 'p2p.preference': 'enabled' });
    await ot.call('POST', '/archive', 'plain words', { 'Content-Type': 'text/plain' });
    await ot.call('GET', '/archive');
    const [create, text, get] = await emu.control.requests();
    expect(create).toMatchObject({
      path: '/session/create',
      body: { archiveMode: 'manual', 'p2p.preference': 'enabled' },
      rawBody: 'archiveMode=manual&p2p.preference=enabled',
      status: 200,
      auth: { scheme: 'opentok', alg: 'HS256', claims: { iss: ot.key, ist: 'project' } },
    });
    expect(create?.headers['x-opentok-auth']).toBe('[redacted]');
    expect(text).toMatchObject({ body: 'plain words', rawBody: 'plain words', status: 400 });
    expect(get).toMatchObject({ body: null, rawBody: '', status: 200, query: {} });
  });

  it('keeps invalid JSON as text and logs the status it answered', async () => {
    await ot.call('POST', '/archive', '{"broken": ');
    const [entry] = await emu.control.requests();
    expect(entry).toMatchObject({ body: '{"broken": ', rawBody: '{"broken": ', status: 400 });
  });

  it('never contains a REST token, in the log or in the state', async () => {
    const otToken = await opentokRestToken(emu);
    const vgToken = await vonageRestToken(emu);
    await send(`${emu.url}/v2/project/${ot.key}/archive`, { headers: { 'X-OPENTOK-AUTH': otToken } });
    await send(`${emu.url}/v2/project/${vg.key}/archive`, { headers: { Authorization: `Bearer ${vgToken}` } });
    await send(`${emu.url}/v2/project/${vg.key}/archive`, { headers: { Authorization: `Bearer ${vgToken}x` } });
    const sessionId = await vg.session();
    await emu.control.join(sessionId, await clientToken(emu, 'vonage', sessionId));
    const everything = JSON.stringify(await emu.control.requests()) + JSON.stringify(await emu.control.state());
    for (const secret of [otToken, vgToken, emu.credentials.opentok.apiSecret, emu.credentials.vonage.privateKey]) {
      expect(everything).not.toContain(secret);
    }
    // Not even one of the token's parts (its signature).
    expect(everything).not.toContain(vgToken.split('.')[2]);
  });

  it('does not log control API requests, but logs unknown routes', async () => {
    await emu.control.state();
    await send(`${emu.url}/nothing/here`);
    const log = await emu.control.requests();
    expect(log.map((e) => [e.path, e.status])).toEqual([['/nothing/here', 404]]);
  });

  it('keeps the error of a failed request: the answer\'s message, or the fault that answered; none on success', async () => {
    await ot.call('GET', '/archive');
    await send(`${emu.url}/nothing/here`);
    const { id } = await emu.control.injectFault({ path: '**/there', action: { type: 'status', status: 503, body: { code: 503, message: 'Try later' } } });
    await send(`${emu.url}/v2/project/${ot.key}/there`);
    const { id: dropId } = await emu.control.injectFault({ path: '**/gone', action: { type: 'drop' } });
    await send(`${emu.url}/v2/project/${ot.key}/gone`).catch(() => undefined);
    const log = await emu.control.requests();
    expect(log.map((e) => [e.path.replace(/^\/v2\/project\/[^/]+/, ''), e.status, e.error])).toEqual([
      ['/archive', 200, undefined],
      ['/nothing/here', 404, 'Not found: GET /nothing/here'],
      ['/there', 503, `Injected fault ${id} (status 503): Try later`],
      ['/gone', null, `Injected fault ${dropId} (drop)`],
    ]);
  });

  it('clears on DELETE', async () => {
    await ot.call('GET', '/archive');
    await emu.control.clearRequests();
    expect(await emu.control.requests()).toEqual([]);
  });

  it('keeps the newest entries up to the limit, oldest first', async () => {
    const small = await startTestEmulator({ requestLogLimit: 3, vonage: emu.credentials.vonage });
    try {
      const api = rest(small, 'opentok');
      for (let i = 0; i < 5; i += 1) await api.call('GET', `/archive?i=${i}`);
      const log = await small.control.requests();
      expect(log.map((e) => e.query['i'])).toEqual(['2', '3', '4']);
      expect(log.map((e) => e.seq)).toEqual([...log.map((e) => e.seq)].sort((a, b) => a - b));
    } finally {
      await small.stop();
    }
  });

  it('holds at most 64 MiB of bodies: the oldest large entries go first, the newest stays', () => {
    const log = new RequestLog(5000);
    const entry = (rawBody: string) =>
      log.add({ time: '', method: 'POST', path: '/p', query: {}, headers: {}, body: null, rawBody, status: null });
    entry('small');
    const mib = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 100; i += 1) entry(mib);
    const entries = log.list();
    expect(entries.length).toBe(64);
    expect(entries.every((e) => e.rawBody === mib)).toBe(true);
    expect(entries.at(-1)?.seq).toBe(101);
    // A body larger than the whole budget is still kept while it is the newest entry.
    const tiny = new RequestLog(10, 10);
    tiny.add({ time: '', method: 'POST', path: '/p', query: {}, headers: {}, body: null, rawBody: 'a'.repeat(50), status: null });
    expect(tiny.list()).toHaveLength(1);
    tiny.add({ time: '', method: 'GET', path: '/p', query: {}, headers: {}, body: null, rawBody: '', status: null });
    expect(tiny.list().map((e) => e.method)).toEqual(['GET']);
    log.clear();
    entry(mib);
    expect(log.list()).toHaveLength(1);
  });
});
