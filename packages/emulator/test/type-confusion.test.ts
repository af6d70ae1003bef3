// Values of the wrong JSON type where the emulator expects strings: objects with `toString` or
// `valueOf` keys (on which `String()` throws), arrays, numbers, null. Every one is a documented
// 4xx, and every request is in the request log, authenticated or not.
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { clientToken, liveSession, now, rest, send, startTestEmulator, type Rest } from './helpers.js';

let emu: Emulator;
let ot: Rest;

beforeAll(async () => {
  emu = await startTestEmulator();
  ot = rest(emu, 'opentok');
});
beforeEach(() => emu.control.reset());
afterAll(() => emu.stop());

/** JSON values that break code which converts them to strings or compares them as strings. */
const HOSTILE: unknown[] = [
  { toString: 'x' },
  { valueOf: 'x', toString: 'y' },
  JSON.parse('{"__proto__":{"toString":"x"}}'),
  [{ toString: 'x' }],
  [],
  null,
  0,
  true,
];

const b64u = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HS256 JWT signed with the project's secret, so it reaches every check after the signature. */
function signedJwt(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const input = `${b64u(header)}.${b64u(claims)}`;
  return `${input}.${createHmac('sha256', emu.credentials.opentok.apiSecret).update(input).digest('base64url')}`;
}

const is4xx = (status: number): boolean => status >= 400 && status < 500;

describe('a JWT header or claim of the wrong type', () => {
  it.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('alg = %s: 403 on both schemes, and logged', async (_name, alg) => {
    const forged = `${b64u({ alg })}.${b64u({})}.sig`;
    await emu.control.clearRequests();
    const path = `/v2/project/${ot.key}/archive`;
    const answers = [
      await send(`${emu.url}${path}`, { headers: { 'X-OPENTOK-AUTH': forged } }),
      await send(`${emu.url}${path}`, { headers: { Authorization: `Bearer ${forged}` } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([403, 403]);
    for (const answer of answers) expect(answer.json.message).toMatch(/Invalid token algorithm/);
    const log = await emu.control.requests();
    expect(log.map((e) => [e.path, e.status, e.auth?.scheme, e.auth?.alg])).toEqual([
      [path, 403, 'opentok', JSON.stringify(alg)],
      [path, 403, 'bearer', JSON.stringify(alg)],
    ]);
  });

  it('every REST claim of the wrong type is a 403, logged', async () => {
    const t = now();
    const base = { iss: ot.key, ist: 'project', iat: t, exp: t + 60 };
    let sent = 0;
    for (const claim of ['iss', 'ist', 'iat', 'exp', 'scope', 'session_id']) {
      for (const value of HOSTILE) {
        const answer = await send(`${emu.url}/v2/project/${ot.key}/archive`, {
          headers: { 'X-OPENTOK-AUTH': signedJwt({ alg: 'HS256', typ: 'JWT' }, { ...base, [claim]: value }) },
        });
        sent += 1;
        expect({ claim, value, status: answer.status }).toEqual({ claim, value, status: 403 });
      }
    }
    expect((await emu.control.requests()).filter((e) => e.status === 403)).toHaveLength(sent);
  });

  it('every client-token claim of the wrong type is refused when joining (403) and in a dial body (400)', async () => {
    const { sessionId } = await liveSession(emu, ot);
    const t = now();
    const base = { iss: ot.key, ist: 'project', iat: t, exp: t + 600, session_id: sessionId, role: 'moderator', scope: 'session.connect' };
    for (const claim of ['iss', 'ist', 'iat', 'exp', 'expire_time', 'session_id', 'role', 'scope', 'connection_data', 'initial_layout_class_list']) {
      for (const value of HOSTILE) {
        const token = signedJwt({ alg: 'HS256', typ: 'JWT' }, { ...base, [claim]: value });
        const join = await send(`${emu.url}/_emulator/sessions/${sessionId}/connections`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ token }),
        });
        const dial = await ot.call('POST', '/dial', { sessionId, token, sip: { uri: 'sip:a@example.com' } });
        // connection_data and the layout list of another type are ignored, not refused.
        expect({ claim, value, join: is4xx(join.status) || join.status === 201, dial: is4xx(dial.status) || dial.status === 200 }).toEqual({
          claim,
          value,
          join: true,
          dial: true,
        });
      }
    }
  });
});

describe('header and query names that are Object.prototype keys', () => {
  it('are plain entries in the request log, and change nothing else', async () => {
    const { hostname, port } = new URL(emu.url);
    const path = `/v2/project/${ot.key}/archive?__proto__=a&__proto__=b&constructor=c&toString=d`;
    const status = await new Promise<number>((resolve, reject) => {
      // Raw header pairs: an object literal with a `__proto__` key would set a prototype instead.
      const raw = ['Host', `${hostname}:${port}`, 'constructor', 'x', '__proto__', 'y', 'toString', 'z', 'hasOwnProperty', 'w'];
      const req = request({ host: hostname, port, path, headers: raw }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    const [entry] = await emu.control.requests();
    const own = (object: object | undefined, key: string) => (object ? Object.getOwnPropertyDescriptor(object, key)?.value : undefined);
    expect(['__proto__', 'constructor', 'toString'].map((k) => own(entry?.query, k))).toEqual([['a', 'b'], 'c', 'd']);
    expect(['__proto__', 'constructor', 'tostring', 'hasownproperty'].map((k) => own(entry?.headers, k))).toEqual(['y', 'x', 'z', 'w']);
  });
});

describe('a body field of the wrong type', () => {
  it.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('audioTransport.transport = %s: 400', async (_name, transport) => {
    const { sessionId } = await liveSession(emu, ot);
    const token = await clientToken(emu, 'opentok', sessionId, { role: 'moderator' });
    const answer = await ot.call('POST', '/connect', { sessionId, token, websocket: { uri: 'wss://example.com/socket', audioTransport: { transport } } });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ code: 400, message: '"websocket.audioTransport.transport" must be "binary" or "json"' });
    expect((await emu.control.requests()).at(-1)).toMatchObject({ path: `/v2/project/${ot.key}/connect`, status: 400 });
  });

  it('every field of every JSON route, replaced by each hostile value: a 4xx or a success, never 5xx', async () => {
    const { sessionId, streamId } = await liveSession(emu, ot);
    const token = await clientToken(emu, 'opentok', sessionId, { role: 'moderator' });
    const archive = (await ot.call('POST', '/archive', { sessionId, streamMode: 'manual' })).json.id as string;
    const broadcast = (await ot.call('POST', '/broadcast', { sessionId, outputs: { hls: {} }, streamMode: 'manual' })).json.id as string;
    const routes: [string, string, Record<string, unknown>][] = [
      ['POST', '/archive', { sessionId, name: 'n', hasAudio: true, outputMode: 'composed', resolution: '640x480', layout: { type: 'custom', stylesheet: 's', screenshareType: 'pip' }, streamMode: 'auto', multiArchiveTag: 't', maxBitrate: 200000 }],
      ['POST', '/archive', { sessionId, hasAudio: true, outputMode: 'individual', multiArchiveTag: 'u', hasTranscription: true, transcriptionProperties: { primaryLanguageCode: 'en-US', hasSummary: true } }],
      ['PUT', `/archive/${archive}/layout`, { type: 'bestFit', screenshareType: 'pip', stylesheet: 's' }],
      ['PATCH', `/archive/${archive}/streams`, { addStream: streamId, hasAudio: true, hasVideo: true, removeStream: streamId }],
      ['POST', '/broadcast', { sessionId, outputs: { hls: { dvr: true, lowLatency: false }, rtmp: [{ id: 'a', serverUrl: 'rtmp://x/y', streamName: 'n' }] }, maxDuration: 600, resolution: '640x480', layout: { type: 'pip' }, multiBroadcastTag: 'b' }],
      ['PUT', `/broadcast/${broadcast}/layout`, { type: 'custom', stylesheet: 's' }],
      ['PATCH', `/broadcast/${broadcast}/streams`, { addStream: streamId, hasAudio: true }],
      ['POST', `/session/${sessionId}/signal`, { type: 't', data: 'd' }],
      ['POST', `/session/${sessionId}/mute`, { active: true, excludedStreamIds: [streamId] }],
      ['PUT', `/session/${sessionId}/stream`, { items: [{ id: streamId, layoutClassList: ['a'] }] }],
      ['POST', '/dial', { sessionId, token, sip: { uri: 'sip:a@b.c', from: 'f', headers: { 'X-A': 'b' }, auth: { username: 'u', password: 'p' }, secure: true, video: false, observeForceMute: true, streams: [streamId] } }],
      ['POST', `/session/${sessionId}/play-dtmf`, { digits: '1#' }],
      ['POST', '/connect', { sessionId, token, websocket: { uri: 'wss://example.com/x', streams: [streamId], headers: { a: 'b' }, audioRate: 16000, bidirectional: true, audioTransport: { transport: 'json', staticFields: { a: 1 } } } }],
      ['POST', '/render', { sessionId, token, url: 'https://example.com/x', maxDuration: 600, resolution: '1280x720', properties: { name: 'n' } }],
      ['POST', '/captions', { sessionId, token, languageCode: 'en-US', maxDuration: 600, partialCaptions: 'true', statusCallbackUrl: 'https://example.com/cb' }],
      ['POST', '/callback', { group: 'stream', event: 'destroyed', url: 'https://example.com/cb' }],
    ];
    const fieldPaths = (obj: Record<string, unknown>, prefix: (string | number)[] = []): (string | number)[][] =>
      Object.entries(obj).flatMap(([key, value]) => {
        const here = [...prefix, key];
        if (Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null) return [here, ...fieldPaths(value[0] as Record<string, unknown>, [...here, 0])];
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) return [here, ...fieldPaths(value as Record<string, unknown>, here)];
        return [here];
      });
    const setAt = (obj: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> => {
      const copy = structuredClone(obj);
      let target: Record<string | number, unknown> = copy;
      for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
      target[path.at(-1)!] = value;
      return copy;
    };
    const bad: string[] = [];
    let sent = 0;
    for (const [method, path, body] of routes) {
      for (const field of fieldPaths(body)) {
        for (const value of HOSTILE.slice(0, 4)) {
          const answer = await ot.call(method, path, setAt(body, field, value));
          sent += 1;
          if (answer.status >= 500) bad.push(`${method} ${path} ${field.join('.')}=${JSON.stringify(value)} → ${answer.status} ${answer.text}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(sent).toBeGreaterThan(300);
    expect((await send(`${emu.url}/_emulator/health`)).status).toBe(200);
  });

  it('control API bodies of the wrong type are 4xx', async () => {
    const { sessionId, connectionId } = await liveSession(emu, ot);
    const control = (path: string, body: unknown) =>
      send(`${emu.url}/_emulator${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    // null is not here: the API reads a JSON null as "not given".
    for (const value of HOSTILE.filter((v) => v !== null)) {
      const answers = await Promise.all([
        control(`/sessions/${sessionId}/connections`, { token: value }),
        control(`/sessions/${sessionId}/connections`, { token: await clientToken(emu, 'opentok', sessionId), data: value }),
        control(`/sessions/${sessionId}/connections/${connectionId}/streams`, { name: value, videoType: value, layoutClassList: value }),
        control('/faults', { path: value, action: { type: 'drop' } }),
        control('/faults', { method: value, action: { type: 'drop' } }),
        control('/faults', { action: { type: value } }),
        control('/faults', { action: { type: 'status', status: 503, headers: { 'X-A': value } } }),
        control('/faults', { action: { type: 'status', status: 503, contentType: value } }),
      ]);
      expect({ value, statuses: answers.map((a) => is4xx(a.status)) }).toEqual({ value, statuses: answers.map(() => true) });
    }
    expect(await emu.control.faults()).toEqual([]);
    expect((await ot.call('GET', '/archive')).status).toBe(200);
  });
});
