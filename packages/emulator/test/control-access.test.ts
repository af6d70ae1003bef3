// The control API has no auth, so it must not be reachable from a web page: through DNS rebinding
// (the page's host name in `Host`) or through "simple" cross-site writes (text/plain, forms).
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allowedHosts, checkHost } from '../src/control-access.js';
import { ApiError } from '../src/errors.js';
import type { Emulator } from '../src/index.js';
import { clientToken, rest, send, startTestEmulator, type Rest } from './helpers.js';

let emu: Emulator;
let ot: Rest;
let port: number;

beforeAll(async () => {
  emu = await startTestEmulator();
  ot = rest(emu, 'opentok');
  port = Number(new URL(emu.url).port);
});
beforeEach(() => emu.control.reset());
afterAll(() => emu.stop());

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { code?: number; message?: string } | undefined;
}

/** A request to 127.0.0.1 with exactly the given Host and headers, as a browser would send them. */
function raw(target: Emulator, path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<RawAnswer> {
  const { hostname, port: p } = new URL(target.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port: p, path, method, headers, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json;
        try {
          json = JSON.parse(text) as RawAnswer['json'];
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('Host header', () => {
  it.each(['localhost', 'LOCALHOST', 'localhost:1', '127.0.0.1', '127.0.0.1:PORT', '127.42.1.2:8080', '[::1]', '[::1]:PORT'])(
    'answers Host %s',
    async (host) => {
      const answer = await raw(emu, '/_emulator/health', { Host: host.replace('PORT', String(port)) });
      expect(answer.status).toBe(200);
    },
  );

  it.each([
    'rebound.attacker.example',
    'rebound.attacker.example:PORT',
    'localhost.attacker.example',
    '127.0.0.1.attacker.example',
    'attacker.example:PORT@127.0.0.1',
    '0.0.0.0:PORT',
    '128.0.0.1',
    '[::2]',
    '[::1].attacker.example',
    'localhost:PORT:PORT',
    '',
  ])('refuses Host %j with a 403 naming the problem', async (host) => {
    const answer = await raw(emu, '/_emulator/state', { Host: host.replace('PORT', String(port)) });
    expect(answer.status).toBe(403);
    expect(answer.json?.code).toBe(403);
    expect(answer.json?.message).toMatch(host === '' ? /needs a Host header/ : /is not allowed on the control API.*DNS rebinding/);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('guards every control route, writes included: a rebound reset changes nothing', async () => {
    const sessionId = await ot.session();
    const host = { Host: `rebound.attacker.example:${port}`, 'Content-Type': 'application/json' };
    const answers = await Promise.all([
      raw(emu, '/_emulator/reset', host, 'POST', '{}'),
      raw(emu, '/_emulator/faults', host, 'POST', JSON.stringify({ action: { type: 'drop' } })),
      raw(emu, `/_emulator/sessions/${sessionId}/connections`, host, 'POST', JSON.stringify({ token: await clientToken(emu, 'opentok', sessionId) })),
      raw(emu, '/_emulator/requests', host),
      raw(emu, '/_emulator/requests', host, 'DELETE'),
      raw(emu, '/_emulator/nope', host),
    ]);
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 403]);
    const state = await emu.control.state();
    expect(state.sessions.map((s) => [s.sessionId, s.connections.length])).toEqual([[sessionId, 0]]);
    expect(await emu.control.faults()).toEqual([]);
    expect((await emu.control.requests()).length).toBe(1);
  });

  it('does not apply to the REST API, which has its own auth', async () => {
    const answer = await raw(emu, `/v2/project/${ot.key}/archive`, { Host: 'api.example', 'X-OPENTOK-AUTH': 'x' });
    expect(answer.status).toBe(403);
    expect(answer.json?.message).toMatch(/Invalid token format/);
  });

  it('answers extra names given as allowedHosts, and still refuses others', async () => {
    const own = await startTestEmulator({ allowedHosts: ['emulator', 'Video-Emulator.internal'] });
    try {
      for (const host of ['emulator', 'emulator:4010', 'video-emulator.internal:80', 'localhost']) {
        expect({ host, status: (await raw(own, '/_emulator/health', { Host: host })).status }).toEqual({ host, status: 200 });
      }
      const refused = await raw(own, '/_emulator/health', { Host: 'emulator.attacker.example' });
      expect(refused.status).toBe(403);
      expect(refused.json?.message).toMatch(/emulator, video-emulator\.internal/);
    } finally {
      await own.stop();
    }
  });

  it('rejects allowedHosts that are not host names', async () => {
    await expect(startTestEmulator({ allowedHosts: ['a b'] })).rejects.toThrow(/allowedHosts/);
    await expect(startTestEmulator({ allowedHosts: ['emulator:4010'] })).rejects.toThrow(/without port/);
    await expect(startTestEmulator({ allowedHosts: ['http://emulator'] })).rejects.toThrow(/allowedHosts/);
    await expect(startTestEmulator({ allowedHosts: 'localhost' as unknown as string[] })).rejects.toThrow(/allowedHosts/);
  });

  it('accepts the host it was told to bind to when that is not a loopback name', () => {
    const passes = (header: string, bindHost: string) => {
      try {
        checkHost(header, allowedHosts(bindHost));
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        return false;
      }
    };
    expect(passes('192.168.1.20:4010', '192.168.1.20')).toBe(true);
    expect(passes('[fd00::20]:4010', 'fd00::20')).toBe(true);
    expect(passes('0.0.0.0:4010', '0.0.0.0')).toBe(true);
    expect(passes('192.168.1.21:4010', '192.168.1.20')).toBe(false);
    expect(passes('192.168.1.20:4010', '127.0.0.1')).toBe(false);
    expect([...allowedHosts('127.0.0.1')]).toEqual([]);
    expect([...allowedHosts('::1')]).toEqual([]);
  });
});

describe('Content-Type of control writes', () => {
  it.each(['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-patch+json', undefined])(
    'refuses a POST with Content-Type %s: 415, and nothing happens',
    async (contentType) => {
      const sessionId = await ot.session();
      const token = await clientToken(emu, 'opentok', sessionId);
      // Raw, so that no Content-Type is added: fetch would label a string body text/plain.
      const headers: Record<string, string> = { Host: `127.0.0.1:${port}`, ...(contentType === undefined ? {} : { 'Content-Type': contentType }) };
      const post = (path: string, body: string) => raw(emu, `/_emulator${path}`, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, 'POST', body);
      const answers = await Promise.all([
        post(`/sessions/${sessionId}/connections`, JSON.stringify({ token })),
        post('/faults', JSON.stringify({ action: { type: 'drop' } })),
        post('/reset', ''),
      ]);
      for (const answer of answers) {
        expect(answer.status).toBe(415);
        expect(answer.json).toEqual({ code: 415, message: expect.stringMatching(/only with Content-Type: application\/json/) });
      }
      const state = await emu.control.state();
      expect(state.sessions.map((s) => s.connections.length)).toEqual([0]);
      expect(await emu.control.faults()).toEqual([]);
    },
  );

  it('accepts application/json with parameters and in any case', async () => {
    for (const contentType of ['application/json', 'application/json; charset=utf-8', 'Application/JSON']) {
      const answer = await send(`${emu.url}/_emulator/faults`, {
        method: 'POST',
        headers: { 'Content-Type': contentType },
        body: JSON.stringify({ path: '/v2/project/nothing', action: { type: 'drop' } }),
      });
      expect({ contentType, status: answer.status }).toEqual({ contentType, status: 201 });
    }
  });

  it('does not ask it of reads and deletes, and answers no CORS preflight', async () => {
    expect((await send(`${emu.url}/_emulator/state`)).status).toBe(200);
    expect((await send(`${emu.url}/_emulator/requests`, { method: 'DELETE' })).status).toBe(204);
    const preflight = await send(`${emu.url}/_emulator/reset`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://attacker.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('the control client sends JSON for every write, bodiless ones included', async () => {
    const sessionId = await ot.session();
    const { connectionId } = await emu.control.join(sessionId, await clientToken(emu, 'opentok', sessionId));
    await emu.control.publish(sessionId, connectionId);
    await emu.control.injectFault({ path: '/v2/project/nothing', action: { type: 'drop' } });
    await emu.control.reset();
    expect((await emu.control.state()).sessions).toEqual([]);
  });
});
