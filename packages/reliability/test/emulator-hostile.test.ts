// The emulator under hostile traffic at volume, over raw sockets: thousands of requests with odd
// methods, paths, bodies and auth; malformed HTTP; oversized bodies (real and declared); slow
// loris connections. It must never answer 5xx or stop answering, keep auth tokens out of its
// request log, and serve a normal SDK request during and afterwards.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@video/emulator';
import { createRestToken } from '@video/auth';
import { Video } from '@video/server-sdk';
import { suiteResults, watchUnhandled } from './support/results.js';
import { liveSession, startedArchive } from './support/scene.js';
import { SPECIAL_STRINGS } from './support/operations.js';
import { bundleFixtures, type Bundles } from './support/child.js';
import type { EmulatorCredentials } from '@video/emulator';

const VOLUME = 3000;
const CONCURRENCY = 50;

const results = suiteResults('emulator-hostile');
const unhandled = watchUnhandled();
let emu: Emulator;
let video: Video;
let host: string;
let port: number;
let tokens: { vonage: string; opentok: string };
let ids: string[];
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
let bundles: Bundles;

beforeAll(async () => {
  bundles = await bundleFixtures(['emulator-child']);
  emu = await startEmulator({ archiveProcessingMs: 10, requestLogLimit: 1000 });
  host = new URL(emu.url).hostname;
  port = Number(new URL(emu.url).port);
  video = new Video({ ...emu.credentials.opentok, baseUrl: emu.url }, { retry: false, timeout: 5000 });
  const scene = await liveSession(video, emu, 2);
  ids = [scene.sessionId, ...scene.connectionIds, ...scene.streamIds, await startedArchive(video, scene.sessionId, 'h')];
  tokens = { vonage: await createRestToken(emu.credentials.vonage), opentok: await createRestToken(emu.credentials.opentok) };
});

afterAll(async () => {
  bundles?.remove();
  agent.destroy();
  await emu?.stop();
  unhandled.stop();
  results.write();
});

interface Answer {
  status: number | null;
  error?: string;
}

/** One HTTP request with the path, method, headers and body exactly as given. */
function send(method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Answer> {
  // An explicit length: node:http frames no body of its own for GET/HEAD/DELETE/OPTIONS.
  if (body !== undefined) headers = { ...headers, 'Content-Length': String(Buffer.byteLength(body)) };
  return new Promise((resolve) => {
    const req = request({ host, port, method, path, headers, agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? null }));
      res.on('error', (e) => resolve({ status: res.statusCode ?? null, error: String(e) }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', (e) => resolve({ status: null, error: String(e) }));
    req.end(body);
  });
}

/** Raw bytes on a fresh socket; resolves with what came back once the server closed it (or after `waitMs`). */
function raw(payload: string | Buffer, waitMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => socket.write(payload));
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
    setTimeout(() => {
      socket.destroy();
      resolve(data);
    }, waitMs).unref();
  });
}

/** Percent-encodes the UTF-8 bytes of any string (lone surrogates included, as U+FFFD). */
const percentEncode = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function healthy(): Promise<void> {
  const { sessionId } = await video.createSession({ mediaMode: 'routed' });
  expect((await video.listStreams(sessionId)).totalCount).toBe(0);
  expect((await video.listArchives({ count: 1 })).totalCount).toBeGreaterThanOrEqual(1);
}

describe('the emulator under hostile traffic', () => {
  it(`${VOLUME} requests with odd methods, paths, bodies and auth: never 5xx, always an answer`, async () => {
    const key = () => fc.constantFrom(emu.credentials.opentok.apiKey, emu.credentials.vonage.applicationId, 'x', '', '..', '%2F');
    const id = fc.oneof(fc.constantFrom(...ids), fc.constantFrom(...SPECIAL_STRINGS), fc.string(), fc.string({ unit: 'binary', maxLength: 20 }));
    const segment = fc.oneof(
      id.map((v) => percentEncode(v).slice(0, 4000)),
      id.map((v) => v.replace(/[^\x21-\x7e]/g, '').slice(0, 200)), // unencoded, as a hostile client would send it
    ).map((v) => v.replace(/[?#]/g, '') || 'x');
    const path = fc.oneof(
      fc.tuple(key(), fc.constantFrom('archive', 'broadcast', 'session', 'dial', 'connect', 'render', 'captions', 'callback', 'x'), fc.array(segment, { maxLength: 4 }))
        .map(([k, head, rest]) => `/v2/project/${k}/${[head, ...rest].join('/')}`),
      fc.constantFrom('/session/create', '/', '//', '/v2', '/v2/project', '/_emulator', '/_emulator/nope', '/%', '/..', '/v2/project/../session/create'),
      fc.webPath({ size: 'small' }).map((p) => p || '/'),
    );
    const query = fc.oneof(fc.constant(''), fc.webQueryParameters().map((q) => `?${q}`), fc.constantFrom('?offset=-1&count=99999', '?sessionId=%00', '?count=1e400', '?a'));
    const auth = fc.constantFrom<Record<string, string>>(
      { 'X-OPENTOK-AUTH': tokens.opentok },
      { Authorization: `Bearer ${tokens.vonage}` },
      { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.' },
      { 'X-OPENTOK-AUTH': 'garbage' },
      { Authorization: 'Basic Zm9vOmJhcg==' },
      {},
    );
    const body = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('{', '{"sessionId":', 'null', '[]', '"x"', '\u0000', '{"a":1}garbage', '['.repeat(20_000), '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}'),
      fc.record({ sessionId: fc.oneof(fc.constantFrom(...ids), id), token: fc.string(), layout: fc.jsonValue(), outputs: fc.jsonValue(), items: fc.jsonValue() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    );
    const contentType = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=latin1', '');
    const seed = Date.now();
    const cases = fc.sample(
      fc.record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'FOO'), path, query, auth, body, contentType }),
      { numRuns: VOLUME, seed },
    );
    const bad: string[] = [];
    await pool(cases, CONCURRENCY, async (c) => {
      const headers: Record<string, string> = { ...c.auth };
      if (c.contentType) headers['Content-Type'] = c.contentType;
      const answer = await send(c.method, c.path + c.query, headers, c.body);
      if (answer.status === null || answer.status >= 500) bad.push(`${c.method} ${c.path.slice(0, 100)} → ${answer.status ?? answer.error}`);
    });
    results.results.hostileInputsTried += cases.length;
    results.results.requestsSeen += cases.length;
    expect(bad.slice(0, 20), `seed ${seed}`).toEqual([]);
    // The request log never holds the REST tokens that authenticated the requests.
    const log = JSON.stringify(await emu.control.requests());
    expect(log.includes(tokens.opentok) || log.includes(tokens.vonage)).toBe(false);
    await healthy();
  });

  it('malformed HTTP on raw sockets: a 4xx or a closed socket, never a crash', async () => {
    const payloads: (string | Buffer)[] = [
      'BLAH\r\n\r\n',
      'GET\r\n\r\n',
      'GET / HTTP/9.9\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\rb\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\n' + 'X-Pad: y\r\n'.repeat(3000) + '\r\n',
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      'GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE AFTER A GOOD REQUEST\r\n\r\n',
      '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003', // a TLS ClientHello on a plain port
      'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    ];
    for (let i = 0; i < 200; i++) payloads.push(Buffer.from(Array.from({ length: 1 + (i * 37) % 600 }, (_, j) => (i * 31 + j * 17) % 256)));
    const answers: string[] = [];
    await pool(payloads, 25, async (p) => {
      answers.push(await raw(p));
    });
    results.results.hostileInputsTried += payloads.length;
    const statuses = answers.map((a) => /^HTTP\/1\.1 (\d{3})/.exec(a)?.[1]).filter(Boolean).map(Number);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    await healthy();
  });

  it('oversized bodies, real and declared: 413, and nothing is buffered past the limit', async () => {
    const big = JSON.stringify({ sessionId: ids[0], name: 'n'.repeat(1_500_000) });
    const headers = { 'X-OPENTOK-AUTH': tokens.opentok, 'Content-Type': 'application/json' };
    const real = await Promise.all(Array.from({ length: 10 }, () => send('POST', `/v2/project/${emu.credentials.opentok.apiKey}/archive`, headers, big)));
    expect(real.map((a) => a.status)).toEqual(Array(10).fill(413));
    const declared = await Promise.all(
      Array.from({ length: 20 }, () =>
        raw(
          `POST /v2/project/${emu.credentials.opentok.apiKey}/archive HTTP/1.1\r\nHost: x\r\nX-OPENTOK-AUTH: ${tokens.opentok}\r\n` +
            'Content-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n{"sessionId":',
        ),
      ),
    );
    expect(declared.every((a) => /^HTTP\/1\.1 413/.test(a))).toBe(true);
    results.results.hostileInputsTried += 30;
    await healthy();
  });

  it('slow loris connections do not stop it from serving others', async () => {
    const sockets: Socket[] = [];
    const timers: NodeJS.Timeout[] = [];
    for (let i = 0; i < 100; i++) {
      const socket = connect(port, host);
      socket.on('error', () => {});
      socket.write(`POST /v2/project/${emu.credentials.opentok.apiKey}/archive HTTP/1.1\r\nHost: x\r\nX-Slow: `);
      // One byte every 100 ms: the headers never end.
      timers.push(setInterval(() => socket.writable && socket.write('a'), 100));
      sockets.push(socket);
    }
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      await healthy();
      results.results.notes.push(`emulator: a normal call took ${Date.now() - started} ms with 100 slow-loris connections open`);
    } finally {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
    }
    results.results.hostileInputsTried += sockets.length;
  });

  it('400 bodies of 1 MB each: memory stays bounded (a small heap survives), then it stops and its process exits', async () => {
    // A heap of 256 MB: were every body kept (twice: raw and parsed), 400 of them would need 800 MB.
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=256', bundles.file('emulator-child')], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    try {
      while (!stdout.includes('\n')) {
        if (child.exitCode !== null) throw new Error(`the emulator child exited: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const { url, credentials } = JSON.parse(stdout.split('\n')[0]!) as { url: string; credentials: EmulatorCredentials };
      const heap = async (): Promise<number> => {
        child.send('heap');
        const [reply] = (await once(child, 'message')) as [{ heapUsed: number }];
        return reply.heapUsed;
      };
      const baseline = await heap();
      const token = await createRestToken(credentials.opentok);
      const body = JSON.stringify({ sessionId: 'x', name: 'n'.repeat(1_000_000) });
      const target = new URL(url);
      const bigAgent = new Agent({ keepAlive: true, maxSockets: 4 });
      const statuses: (number | null)[] = [];
      try {
        await pool(Array.from({ length: 400 }, (_, i) => i), 4, async () => {
          const status = await new Promise<number | null>((resolve) => {
            const req = request(
              {
                host: target.hostname,
                port: Number(target.port),
                method: 'POST',
                path: `/v2/project/${credentials.opentok.apiKey}/archive`,
                agent: bigAgent,
                headers: { 'X-OPENTOK-AUTH': token, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
              },
              (res) => {
                res.resume();
                res.on('end', () => resolve(res.statusCode ?? null));
              },
            );
            req.on('error', () => resolve(null));
            req.end(body);
          });
          statuses.push(status);
        });
      } finally {
        bigAgent.destroy();
      }
      results.results.hostileInputsTried += statuses.length;
      expect(statuses.filter((s) => s === null || s >= 500)).toEqual([]);
      const growthMb = Math.round((await heap()) - baseline) / 1024 / 1024;
      results.results.notes.push(`emulator: heapUsed grew ${growthMb.toFixed(1)} MB after 400 request bodies of 1 MB`);
      expect(growthMb).toBeLessThan(160);
      // Still serving.
      const other = new Video({ ...credentials.opentok, baseUrl: url }, { retry: false });
      expect((await other.createSession()).sessionId).toMatch(/^[12]_/);
      child.send('stop');
      const [code] = await exited;
      expect(code).toBe(0);
      expect(stdout).toMatch(/^done$/m);
    } finally {
      clearTimeout(killer);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);

  it('no unhandled rejection, and the control API still answers', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled.seen.map(String)).toEqual([]);
    expect((await emu.control.faults())).toEqual([]);
    const log = await emu.control.requests();
    expect(log.length).toBeGreaterThan(0);
  });
});
