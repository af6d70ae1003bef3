import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { authHeaders, eventually, rest, send, startTestEmulator, type Rest } from './helpers.js';

let emu: Emulator;
let ot: Rest;

beforeAll(async () => {
  emu = await startTestEmulator();
  ot = rest(emu, 'opentok');
});
beforeEach(() => emu.control.reset());
afterAll(() => emu.stop());

const list = () => ot.call('GET', '/archive');

describe('fault actions', () => {
  it('status: 503 with Retry-After, once by default', async () => {
    const { id } = await emu.control.injectFault({ path: '**/archive', action: { type: 'status', status: 503, headers: { 'Retry-After': '2' } } });
    const faulted = await list();
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('2');
    expect(faulted.json).toEqual({ code: 503, message: 'Injected fault: Service Unavailable' });
    expect(faulted.headers.get('date')).toBeTruthy();
    expect((await list()).status).toBe(200);
    expect(await emu.control.faults()).toEqual([
      expect.objectContaining({ id, fired: 1, active: false, times: 1, afterHandling: false, method: null, path: '**/archive' }),
    ]);
  });

  it('status: 429 with an HTTP-date Retry-After, a custom body and content type', async () => {
    const date = new Date(Date.now() + 5000).toUTCString();
    await emu.control.injectFault({
      action: { type: 'status', status: 429, headers: { 'Retry-After': date }, body: 'slow down', contentType: 'text/plain; charset=utf-8' },
    });
    const answer = await list();
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe(date);
    expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(answer.text).toBe('slow down');
    await emu.control.injectFault({ action: { type: 'status', status: 500, body: { code: 500, message: 'boom' } } });
    const json = await list();
    expect(json.status).toBe(500);
    expect(json.json).toEqual({ code: 500, message: 'boom' });
  });

  it('drop: the socket closes without a response', async () => {
    await emu.control.injectFault({ action: { type: 'drop' } });
    await expect(list()).rejects.toThrow();
    expect((await list()).status).toBe(200);
  });

  it('drop-mid-body: 200 headers, half a body, then the socket closes', async () => {
    await emu.control.injectFault({ action: { type: 'drop-mid-body' } });
    const response = await fetch(`${emu.url}/v2/project/${ot.key}/archive`, { headers: await authHeaders(emu, 'opentok') });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
    await expect(response.text()).rejects.toThrow();
  });

  it('malformed-json and empty: 200 with a JSON content type', async () => {
    await emu.control.injectFault({ action: { type: 'malformed-json' } });
    const bad = await list();
    expect(bad.status).toBe(200);
    expect(bad.headers.get('content-type')).toMatch(/application\/json/);
    expect(() => JSON.parse(bad.text)).toThrow();
    await emu.control.injectFault({ action: { type: 'empty' } });
    const empty = await list();
    expect(empty.status).toBe(200);
    expect(empty.headers.get('content-type')).toMatch(/application\/json/);
    expect(empty.text).toBe('');
  });

  it('html: a proxy error page (502 by default)', async () => {
    await emu.control.injectFault({ action: { type: 'html' } });
    const page = await list();
    expect(page.status).toBe(502);
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(page.text).toMatch(/<html>[\s\S]*502 Bad Gateway/);
    await emu.control.injectFault({ action: { type: 'html', status: 504 } });
    expect((await list()).status).toBe(504);
  });

  it('date-skew: an auth error whose Date is off by offsetSeconds', async () => {
    await emu.control.injectFault({ action: { type: 'date-skew', status: 401, offsetSeconds: 3600 } });
    const answer = await list();
    expect(answer.status).toBe(401);
    const skew = (new Date(answer.headers.get('date') ?? '').getTime() - Date.now()) / 1000;
    expect(skew).toBeGreaterThan(3500);
    expect(skew).toBeLessThan(3700);
    await emu.control.injectFault({ action: { type: 'date-skew', status: 403, offsetSeconds: -600 } });
    const behind = await list();
    expect(behind.status).toBe(403);
    expect(new Date(behind.headers.get('date') ?? '').getTime()).toBeLessThan(Date.now() - 500_000);
  });

  it('delay: the request waits, then is handled normally; the log shows it pending meanwhile', async () => {
    const { id } = await emu.control.injectFault({ method: 'POST', path: '/session/create', action: { type: 'delay', ms: 500 } });
    const pending = ot.createSession();
    const entry = await eventually(async () => (await emu.control.requests()).find((e) => e.fault === id));
    expect(entry.status).toBeNull();
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect((await emu.control.requests()).find((e) => e.fault === id)?.status).toBe(200);
    expect((await emu.control.state()).sessions).toHaveLength(1);
  });
});

describe('delays and reset', () => {
  it('a reset does not strand a delayed request', async () => {
    const { id } = await emu.control.injectFault({ path: '**/archive', action: { type: 'delay', ms: 300 } });
    const pending = list();
    await eventually(async () => (await emu.control.requests()).find((e) => e.fault === id));
    await emu.control.reset();
    expect((await pending).status).toBe(200);
  });

  it('afterHandling + delay: processed at once, answered late', async () => {
    const { id } = await emu.control.injectFault({ path: '/session/create', afterHandling: true, action: { type: 'delay', ms: 300 } });
    const pending = ot.createSession();
    await eventually(async () => ((await emu.control.state()).sessions.length === 1 ? true : undefined));
    expect((await emu.control.requests()).find((e) => e.fault === id)?.status).toBeNull();
    expect((await pending).status).toBe(200);
  });
});

describe('matching and counting', () => {
  it('matches method and path only', async () => {
    await emu.control.injectFault({ method: 'post', path: '**/archive', times: 0, action: { type: 'status', status: 500 } });
    expect((await list()).status).toBe(200);
    expect((await ot.call('POST', '/archive', {})).status).toBe(500);
    expect((await ot.call('POST', '/archive', {})).status).toBe(500);
    expect((await ot.call('POST', '/broadcast', {})).status).toBe(400);
    const [fault] = await emu.control.faults();
    expect(fault).toMatchObject({ method: 'POST', times: 0, fired: 2, active: true });
    await emu.control.clearFaults();
    expect(await emu.control.faults()).toEqual([]);
    expect((await ot.call('POST', '/archive', {})).status).toBe(400);
  });

  it('times: N fires N times, in order of registration', async () => {
    await emu.control.injectFault({ times: 2, action: { type: 'status', status: 503 } });
    await emu.control.injectFault({ action: { type: 'status', status: 502 } });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await list()).status);
    expect(statuses).toEqual([503, 503, 502, 200]);
  });

  it('afterHandling: the request is processed, then the answer replaced', async () => {
    await emu.control.injectFault({ path: '/session/create', afterHandling: true, action: { type: 'status', status: 500 } });
    expect((await ot.createSession()).status).toBe(500);
    expect((await emu.control.state()).sessions).toHaveLength(1);
    await emu.control.injectFault({ path: '/session/create', afterHandling: true, action: { type: 'drop' } });
    await expect(ot.createSession()).rejects.toThrow();
    expect((await emu.control.state()).sessions).toHaveLength(2);
  });

  it('without afterHandling the request is not processed', async () => {
    await emu.control.injectFault({ path: '/session/create', action: { type: 'status', status: 503 } });
    expect((await ot.createSession()).status).toBe(503);
    expect((await emu.control.state()).sessions).toHaveLength(0);
  });

  it('faulted requests are in the request log with the fault ID and the status sent', async () => {
    const a = await emu.control.injectFault({ action: { type: 'status', status: 503 } });
    const b = await emu.control.injectFault({ action: { type: 'drop' } });
    await list();
    await list().catch(() => undefined);
    await list();
    const log = await emu.control.requests();
    expect(log.map((e) => [e.fault, e.status])).toEqual([
      [a.id, 503],
      [b.id, null],
      [undefined, 200],
    ]);
  });

  it('does not apply to the control API', async () => {
    await emu.control.injectFault({ times: 0, action: { type: 'drop' } });
    expect(await emu.control.state()).toBeTruthy();
    expect(await emu.control.faults()).toHaveLength(1);
  });

  it.each([
    [{}, /action/],
    [{ action: { type: 'explode' } }, /action.type/],
    [{ action: { type: 'status' } }, /status/],
    [{ action: { type: 'status', status: 99 } }, /status/],
    [{ action: { type: 'status', status: 101 } }, /final HTTP status code \(200-599\)/],
    [{ action: { type: 'delay' } }, /ms/],
    [{ action: { type: 'delay', ms: -1 } }, /ms/],
    [{ action: { type: 'date-skew', status: 500, offsetSeconds: 1 } }, /401 or 403/],
    [{ action: { type: 'date-skew', status: 401 } }, /offsetSeconds/],
    [{ path: '([', action: { type: 'drop' } }, /regular expression/],
    [{ path: 'archive', action: { type: 'drop' } }, /start with/],
    [{ path: 42, action: { type: 'drop' } }, /must be a string/],
    [{ action: { type: 'status', status: 503, headers: { 'Bad Name': 'x' } } }, /invalid header/],
    [{ action: { type: 'status', status: 503, headers: { 'X-A': 'a\r\nInjected: 1' } } }, /invalid header/],
    [{ action: { type: 'status', status: 503, contentType: 'text/plain\r\nX: 1' } }, /contentType/],
    [{ times: -1, action: { type: 'drop' } }, /times/],
    [{ times: 1.5, action: { type: 'drop' } }, /times/],
    [{ afterHandling: 'yes', action: { type: 'drop' } }, /afterHandling/],
  ])('400 for the spec %o', async (spec, message) => {
    const answer = await send(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(spec),
    });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(message);
  });

  it('removes one fault by ID', async () => {
    const { id } = await emu.control.injectFault({ action: { type: 'drop' } });
    expect((await send(`${emu.url}/_emulator/faults/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await send(`${emu.url}/_emulator/faults/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await list()).status).toBe(200);
  });
});

describe('faults never keep the emulator from stopping', () => {
  it('stops while a delayed request and a dropped one are in flight', async () => {
    const own = await startTestEmulator({ vonage: emu.credentials.vonage });
    const api = rest(own, 'opentok');
    await own.control.injectFault({ path: '**/archive', action: { type: 'delay', ms: 60_000 } });
    await own.control.injectFault({ path: '**/broadcast', action: { type: 'drop' } });
    const delayed = api.call('GET', '/archive');
    const dropped = api.call('GET', '/broadcast');
    await expect(dropped).rejects.toThrow();
    await eventually(async () => ((await own.control.requests()).length === 2 ? true : undefined));
    const started = Date.now();
    await own.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(delayed).rejects.toThrow();
  });
});
