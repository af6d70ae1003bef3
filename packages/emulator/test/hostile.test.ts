import { request } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { authHeaders, liveSession, opentokRestToken, rest, startTestEmulator, type Rest } from './helpers.js';

let emu: Emulator;
let ot: Rest;

beforeAll(async () => {
  emu = await startTestEmulator();
  ot = rest(emu, 'opentok');
});
afterAll(() => emu.stop());

/** A request with a path exactly as given (fetch would normalise `..` and encode unicode). */
function rawRequest(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends raw bytes on a fresh socket and returns what came back before the server closed it. */
function rawSocket(payload: string, waitMs = 5000): Promise<string> {
  const { hostname, port } = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(payload));
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      resolve(data);
    }, waitMs).unref();
  });
}

async function stillHealthy() {
  expect((await ot.call('GET', '/archive')).status).toBe(200);
}

describe('hostile input', () => {
  it('answers 400 to garbage JSON of every kind', async () => {
    const { sessionId } = await liveSession(emu, ot);
    for (const body of ['{', 'null', '"text"', '[]', '123', '{"sessionId":', '\u0000\u0001', '{"sessionId": NaN}']) {
      const answer = await ot.call('POST', '/archive', body);
      expect(answer.status).toBe(400);
      expect(answer.json.code).toBe(400);
    }
    expect((await ot.call('POST', `/session/${sessionId}/signal`, '{"type":"x","data":')).status).toBe(400);
    await stillHealthy();
  });

  it('survives a deeply nested JSON body and still serves the request log', async () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    expect((await ot.call('POST', '/archive', deep)).status).toBe(400);
    const log = await emu.control.requests();
    expect(log.at(-1)?.rawBody).toBe(deep);
    expect(log.at(-1)?.body).toBe(deep);
    await stillHealthy();
  });

  it('413 for a body over the limit (1 MiB by default), and keeps answering', async () => {
    const big = JSON.stringify({ sessionId: 'x', name: 'n'.repeat(2 * 1024 * 1024) });
    const answer = await ot.call('POST', '/archive', big);
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({ code: 413, message: expect.stringMatching(/too large/) });
    const entry = (await emu.control.requests()).at(-1);
    expect(entry).toMatchObject({ status: 413, rawBody: '', body: null });
    await stillHealthy();
  });

  it('413 for a huge declared body without waiting for it', async () => {
    const token = await opentokRestToken(emu);
    const reply = await rawSocket(
      `POST /v2/project/${ot.key}/archive HTTP/1.1\r\nHost: x\r\nX-OPENTOK-AUTH: ${token}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{"sessionId":',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 413/);
    expect(reply).toMatch(/Connection: close/i);
    await stillHealthy();
  });

  it('413 for an oversized chunked body', async () => {
    const chunk = 'a'.repeat(64 * 1024);
    const response = await fetch(`${emu.url}/v2/project/${ot.key}/archive`, {
      method: 'POST',
      headers: await authHeaders(emu, 'opentok'),
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 24; i += 1) controller.enqueue(new TextEncoder().encode(chunk));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    await response.text();
    await stillHealthy();
  });

  it('treats %2F, .., unicode, malformed escapes and very long IDs as unknown resources', async () => {
    const headers = await authHeaders(emu, 'opentok');
    const base = `/v2/project/${ot.key}`;
    const cases: [string, number][] = [
      [`${base}/archive/abc%2Fdef`, 404],
      [`${base}/archive/..`, 404],
      [`${base}/archive/../broadcast`, 404],
      [`${base}/archive/%2e%2e/stop`, 405],
      [`${base}/archive/${encodeURIComponent('日本語ü😀')}`, 404],
      [`${base}/archive/%E0%A4%A`, 404],
      [`${base}/archive/${'a'.repeat(8000)}`, 404],
      [`${base}/session/${'1_' + 'A'.repeat(4000)}/stream`, 400],
      [`${base}//archive`, 404],
      ['/v2/project/%2F/archive', 403],
      ['/', 404],
      ['/v2', 404],
    ];
    for (const [path, status] of cases) {
      const answer = await rawRequest(path, headers);
      expect({ path: path.slice(0, 80), status: answer.status }).toEqual({ path: path.slice(0, 80), status });
      expect(() => JSON.parse(answer.body)).not.toThrow();
    }
    await stillHealthy();
  });

  it('answers 431 to a URL too long for the header limit, and 400 to a malformed request line', async () => {
    const long = await rawSocket(`GET /v2/project/x/archive/${'a'.repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(long).toMatch(/^HTTP\/1\.1 431/);
    expect(long).toMatch(/Date: /);
    const garbage = await rawSocket('BLAH\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    await stillHealthy();
  });

  it('never answers 500, whatever the method, path and body', async () => {
    const { sessionId, connectionId, streamId } = await liveSession(emu, ot);
    const archive = (await ot.call('POST', '/archive', { sessionId })).json.id as string;
    const ids = fc.constantFrom(sessionId, connectionId, streamId, archive, 'x', '', '..', '%', '1_MX4');
    const templates = [
      '/archive', '/archive/{id}', '/archive/{id}/stop', '/archive/{id}/layout', '/archive/{id}/streams',
      '/broadcast', '/broadcast/{id}', '/broadcast/{id}/stop', '/broadcast/{id}/layout', '/broadcast/{id}/streams',
      '/session/{id}/signal', '/session/{id}/connection/{id}/signal', '/session/{id}/connection', '/session/{id}/connection/{id}',
      '/session/{id}/stream', '/session/{id}/stream/{id}', '/session/{id}/stream/{id}/mute', '/session/{id}/mute', '/session/{id}/migrate',
      '/dial', '/session/{id}/play-dtmf', '/session/{id}/connection/{id}/play-dtmf', '/connect', '/connect/{id}/stop',
      '/render', '/render/{id}', '/captions', '/captions/{id}', '/captions/{id}/stop', '/callback', '/callback/{id}',
    ];
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.record({ sessionId: fc.constantFrom(sessionId, 'x'), token: fc.string(), items: fc.jsonValue(), layout: fc.jsonValue(), outputs: fc.jsonValue(), sip: fc.jsonValue(), websocket: fc.jsonValue(), digits: fc.jsonValue(), type: fc.jsonValue(), data: fc.jsonValue(), active: fc.jsonValue(), addStream: fc.jsonValue() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        fc.constantFrom(...templates),
        fc.array(ids, { minLength: 2, maxLength: 2 }),
        body,
        async (method, template, [a, b], payload) => {
          let n = 0;
          const path = template.replace(/\{id\}/g, () => encodeURIComponent((n++ === 0 ? a : b) ?? ''));
          const answer = await ot.call(method, path, method === 'GET' || method === 'DELETE' ? undefined : payload);
          expect(answer.status).toBeGreaterThanOrEqual(200);
          expect(answer.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
    await stillHealthy();
  });
});
