// Regression tests for the defects of red-team 2 (findings/redteam-2.md, D1–D14, and the Node 24
// deprecation warning). Each describe block proves one defect against the behaviour the SDK must
// have once it is fixed; where a transport already behaves, its test stays as a guard.
//
// Faulty servers are plain node:http servers on 127.0.0.1 written here (they count requests, hold,
// trickle, echo, or answer 500 after doing the work), not the emulator's fault injection. Work
// that could block a process for a long time on the old code (quadratic redaction), that needs a
// process of its own (exit timing, memory, a polluted Object.prototype) or another Node version
// runs in a child process, killed after a bound.
import { createHmac, createPublicKey, generateKeyPairSync, verify as verifySignature } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRestToken } from '@video/auth';
import { getArchive } from '@video/archives';
import { createClient } from '@video/core';
import { REDACTED, redactText } from '@video/core/toolkit';
import { undiciTransport, type UndiciTransportOptions } from '@video/core/undici';
import {
  ClockSkewError,
  fetchTransport,
  InvalidResponseError,
  isVideoError,
  RateLimitError,
  Video,
  VideoValidationError,
  type ClientOptions,
  type Transport,
} from '@video/server-sdk';
import { bundleFixtures, lastJson, runChild, type Bundles, type ChildRun } from './support/child.js';
import { suiteResults } from './support/results.js';
import { eventually } from './support/scene.js';
import { renderError } from './support/secrets.js';
import type { BigBodyReport } from './fixtures/hardening-big-body.js';
import type { ExitChildReport } from './fixtures/hardening-exit.js';
import type { NodeVersionsReport } from './fixtures/hardening-node-versions.js';
import type { PollutionReport } from './fixtures/hardening-pollution.js';
import type { RedactChildReport } from './fixtures/hardening-redact.js';

const results = suiteResults('hardening');

const OPENTOK = { apiKey: '12345678', apiSecret: 'hardening-secret-0123456789abcdef' };
const { privateKey: VONAGE_KEY, publicKey: VONAGE_PUBLIC_KEY } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const VONAGE = { applicationId: '11111111-2222-3333-4444-555555555555', privateKey: VONAGE_KEY };
/** A session ID of the OpenTok project above, built as the API builds them. */
const SESSION_ID = '1_' + Buffer.from(`1~${OPENTOK.apiKey}~~${Date.now()}~x~`).toString('base64url');
const ARCHIVE = { id: 'a', status: 'available', sessionId: SESSION_ID, name: 'n', createdAt: 1_700_000_000_000 };
const JWT_SHAPE = /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/;

const KINDS = ['undici', 'fetch'] as const;
type Kind = (typeof KINDS)[number];
/** Test-name prefix: the fetch transport already behaves in D1, so its tests are guards. */
const guard = (kind: Kind, guarded: boolean) => (guarded && kind === 'fetch' ? 'fetch (guard)' : kind);

// ---------------------------------------------------------------------------------------------
// Small helpers: local servers, transports, outcomes.

interface Arrival {
  /** performance.now() when the request's headers arrived (immune to a stubbed Date.now). */
  at: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** performance.now() when the server saw the exchange end (response done or socket closed). */
  closedAt?: number;
}

interface LocalServer {
  url: string;
  arrivals: Arrival[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, arrival: Arrival) => void;

const openServers: LocalServer[] = [];
const openTransports: Transport[] = [];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An HTTP server on 127.0.0.1 that records every request (body read in full) before `handler`. */
async function serve(handler: Handler): Promise<LocalServer> {
  const arrivals: Arrival[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const arrival: Arrival = { at: performance.now(), method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: '' };
    arrivals.push(arrival);
    results.results.requestsSeen++;
    res.on('close', () => (arrival.closedAt = performance.now()));
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      arrival.body = Buffer.concat(chunks).toString('utf8');
      handler(req, res, arrival);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let closing: Promise<void> | undefined;
  const local: LocalServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })),
  };
  openServers.push(local);
  return local;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Runs `fn` after `ms`, unless the exchange ended first. */
function after(res: ServerResponse, ms: number, fn: () => void): void {
  const timer = setTimeout(fn, ms);
  res.on('close', () => clearTimeout(timer));
}

/** A 200 whose JSON body arrives one byte every 200 ms, forever or for `forMs`. */
function trickle(res: ServerResponse, forMs?: number): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"id":"');
  const drip = setInterval(() => res.write('a'), 200);
  const stop = forMs === undefined ? undefined : setTimeout(() => (clearInterval(drip), res.end('"}')), forMs);
  res.on('close', () => (clearInterval(drip), clearTimeout(stop)));
}

function transportOf(kind: Kind, options: UndiciTransportOptions = {}): Transport {
  const transport = kind === 'undici' ? undiciTransport(options) : fetchTransport();
  openTransports.push(transport);
  return transport;
}

const video = (url: string, options: ClientOptions = {}) => new Video({ ...OPENTOK, baseUrl: url }, options);

interface Settled<T> {
  value?: T;
  error?: unknown;
}

async function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  results.results.callsMade++;
  try {
    return { value: await work };
  } catch (error) {
    results.failure(isVideoError(error) ? error.code : 'other');
    return { error };
  }
}

const describeError = (error: unknown): string =>
  isVideoError(error) ? `${error.name}:${error.code}` : error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** The thrown error of a synchronous call, or undefined. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Every value stored under `key` (case-insensitive), at any depth. */
function valuesUnder(value: unknown, key: string, out: unknown[] = [], depth = 0): unknown[] {
  if (typeof value !== 'object' || value === null || depth > 50) return out;
  for (const [k, v] of Object.entries(value)) {
    if (k.toLowerCase() === key.toLowerCase()) out.push(v);
    valuesUnder(v, key, out, depth + 1);
  }
  return out;
}

const b64json = (part: string | undefined): Record<string, unknown> => JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));

/** The claims of an HS256 JWT if its signature verifies with `secret`, else undefined. */
function verifyHs256(token: string, secret: string): Record<string, unknown> | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return expected === signature && b64json(header)['alg'] === 'HS256' ? b64json(payload) : undefined;
}

/** The claims of an RS256 JWT if its signature verifies with `publicKey`, else undefined. */
function verifyRs256(token: string, publicKey: string): Record<string, unknown> | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  const ok = verifySignature('sha256', Buffer.from(`${header}.${payload}`), createPublicKey(publicKey), Buffer.from(signature, 'base64url'));
  return ok && b64json(header)['alg'] === 'RS256' ? b64json(payload) : undefined;
}

/** Whether a legacy T1 token's HMAC-SHA1 signature verifies with `secret`. */
function verifyT1(token: string, secret: string): boolean {
  if (!token.startsWith('T1==')) return false;
  const text = Buffer.from(token.slice(4), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return false;
  const sig = new URLSearchParams(text.slice(0, colon)).get('sig');
  return createHmac('sha1', secret).update(text.slice(colon + 1)).digest('hex') === sig;
}

let bundles: Bundles;

beforeAll(async () => {
  bundles = await bundleFixtures(['hardening-exit', 'hardening-redact', 'hardening-big-body', 'hardening-pollution', 'hardening-node-versions']);
});

afterEach(async () => {
  // Servers first: that ends every trickle, so an undici pool that waits for its bodies can close.
  // A transport a test closed already may refuse a second close(): that is not this cleanup's concern.
  await Promise.all(openServers.splice(0).map((s) => s.close()));
  await Promise.all(openTransports.splice(0).map((t) => Promise.race([Promise.resolve(t.close?.()).catch(() => {}), sleep(2000)])));
});

afterAll(() => {
  bundles?.remove();
  results.write();
});

// ---------------------------------------------------------------------------------------------

describe('D1 undici transport cancels what the caller gave up on', () => {
  // A request written just before its attempt's deadline may be parsed by the server a moment after
  // the caller's TimeoutError; that one was sent in time. Requests sent late (the defect) arrive when
  // a held exchange frees its socket, 700 ms or more after the last failure.
  const WRITTEN_IN_TIME_MS = 100;

  for (const kind of KINDS) {
    it(`${guard(kind, true)}: six startArchive calls that timed out (most while queued) send no POST afterwards`, async () => {
      const server = await serve((_req, res) => after(res, 1000, () => json(res, 200, { ...ARCHIVE, status: 'started' })));
      const v = video(server.url, { transport: transportOf(kind, { connections: 2 }), timeout: 300, retry: { baseDelay: 5, maxDelay: 10 } });
      const settled = await Promise.all(Array.from({ length: 6 }, (_, i) => settle(v.startArchive(SESSION_ID, { name: `late-${i}` }))));
      const allFailedAt = performance.now();
      results.results.faultsTried++;
      expect(settled.map((s) => describeError(s.error))).toEqual(Array(6).fill('TimeoutError:timeout'));
      // The server holds each request 1 s, so a queued request would reach it 1 s and 2 s later.
      await sleep(2500);
      const late = server.arrivals.filter((a) => a.method === 'POST' && a.at > allFailedAt + WRITTEN_IN_TIME_MS);
      results.results.duplicatesCreated += late.length;
      expect(
        late.length,
        `${late.length} POST /archive reached the server after every caller had its TimeoutError (at +${late.map((a) => Math.round(a.at - allFailedAt)).join(', +')} ms)`,
      ).toBe(0);
    });

    it(`${guard(kind, true)}: ten getArchive calls with retries send no GET after they all failed`, async () => {
      const server = await serve((_req, res) => after(res, 1000, () => json(res, 200, ARCHIVE)));
      const v = video(server.url, { transport: transportOf(kind, { connections: 2 }), timeout: 300, retry: { baseDelay: 5, maxDelay: 10 } });
      const settled = await Promise.all(Array.from({ length: 10 }, (_, i) => settle(v.getArchive(`g${i}`))));
      const allFailedAt = performance.now();
      results.results.faultsTried++;
      expect(settled.map((s) => describeError(s.error))).toEqual(Array(10).fill('TimeoutError:timeout'));
      await sleep(2500);
      const late = server.arrivals.filter((a) => a.at > allFailedAt + WRITTEN_IN_TIME_MS);
      expect(late.length, `${late.length} GETs reached the server after all 10 calls had failed`).toBe(0);
    });

    it(`${guard(kind, true)}: "call this phone" tried twice while a slow GET holds the socket places no call the app does not know of`, async () => {
      const server = await serve((req, res) => {
        if (req.method === 'GET') return after(res, 3000, () => json(res, 200, ARCHIVE));
        json(res, 200, { id: 'call', connectionId: 'c', streamId: 's', sessionId: SESSION_ID });
      });
      const v = video(server.url, { transport: transportOf(kind, { connections: 1 }), retry: false });
      const token = await v.generateToken(SESSION_ID);
      const slow = settle(v.getArchive('slow', { timeout: 10_000 }));
      await sleep(50);
      // The app's own retry: one more try after any failure.
      const attempts: string[] = [];
      for (let i = 0; i < 2; i++) {
        const { error } = await settle(v.dial(SESSION_ID, { token, uri: 'sip:+15551230000@sip.example.com', timeout: 300 }));
        attempts.push(error === undefined ? 'ok' : describeError(error));
        if (error === undefined) break;
      }
      await slow;
      await sleep(1000);
      results.results.faultsTried++;
      const dials = server.arrivals.filter((a) => a.method === 'POST' && a.path.endsWith('/dial')).length;
      const placedUnknowingly = dials - attempts.filter((a) => a === 'ok').length;
      results.results.duplicatesCreated += Math.max(0, placedUnknowingly);
      if (kind === 'undici') expect(attempts).toEqual(['TimeoutError:timeout', 'TimeoutError:timeout']);
      expect(placedUnknowingly, `the app saw [${attempts.join(', ')}] but the server received ${dials} POST /dial`).toBe(0);
    });

    it(`${guard(kind, true)}: bodies that trickle after their timeout do not starve the pool, and close() is prompt`, async () => {
      const server = await serve((req, res) => {
        if (req.url?.endsWith('/archive/fast')) return json(res, 200, { ...ARCHIVE, id: 'fast' });
        trickle(res);
      });
      // As many trickling calls as the pool has sockets: if their sockets stay busy, nothing else gets one.
      const transport = transportOf(kind, { connections: 4 });
      const v = video(server.url, { transport, timeout: 1000, retry: false });
      const slow = await Promise.all([1, 2, 3, 4].map((i) => settle(v.getArchive(`slow${i}`))));
      expect(slow.map((s) => describeError(s.error))).toEqual(Array(4).fill('TimeoutError:timeout'));
      const fast = await settle(v.getArchive('fast'));
      results.results.faultsTried++;
      expect(fast.error === undefined ? 'ok' : describeError(fast.error), 'a call the server answers at once, after the trickling calls timed out').toBe('ok');
      if (transport.close) {
        const started = performance.now();
        const closed = await Promise.race([transport.close().then(() => true), sleep(1000).then(() => false)]);
        expect(closed, `transport.close() still pending after ${Math.round(performance.now() - started)} ms`).toBe(true);
      }
    });

    it(`${guard(kind, true)}: after a timeout the server sees the trickling exchange closed within 1 s`, async () => {
      const server = await serve((_req, res) => trickle(res));
      const v = video(server.url, { transport: transportOf(kind), timeout: 500, retry: false });
      const { error } = await settle(v.getArchive('trickle'));
      const failedAt = performance.now();
      results.results.faultsTried++;
      expect(describeError(error)).toBe('TimeoutError:timeout');
      const arrival = server.arrivals[0]!;
      await eventually(() => arrival.closedAt !== undefined, 3000);
      const closedAfter = arrival.closedAt === undefined ? undefined : Math.round(arrival.closedAt - failedAt);
      if (closedAfter === undefined) results.results.leaksFound++;
      expect(closedAfter, 'ms from the TimeoutError to the server seeing the socket close (undefined: still open 3 s later)').toBeDefined();
      expect(closedAfter!).toBeLessThan(1000);
    });
  }

  // Both children wait for a trickle that ends after 20 s when the transport keeps reading: 60 s bound.
  it('undici: after a call on a trickling body timed out, the process exits by itself within 2 s and close() takes under 1 s', async () => {
    const server = await serve((_req, res) => trickle(res, 20_000));
    const run = (close: '0' | '1') =>
      runChild(bundles.file('hardening-exit'), { env: { TRICKLE_URL: server.url, TRANSPORT: 'undici', CLOSE: close }, limitMs: 40_000 });
    const [plain, closing] = await Promise.all([run('0'), run('1')]);
    results.results.callsMade += 2;
    results.results.faultsTried += 2;
    const problems = [...exitProblems('without close()', plain), ...exitProblems('with close()', closing)];
    const closeMs = lastJson<ExitChildReport>(closing.stdout).closeMs;
    if (closeMs === null) problems.push('with close(): close() was still pending after 1 s');
    results.results.leaksFound += problems.length ? 1 : 0;
    expect(problems).toEqual([]);
  }, 60_000);

  it('fetch (guard): after a call on a trickling body timed out, the process exits by itself within 2 s', async () => {
    const server = await serve((_req, res) => trickle(res, 20_000));
    const run = await runChild(bundles.file('hardening-exit'), { env: { TRICKLE_URL: server.url, TRANSPORT: 'fetch', CLOSE: '0' }, limitMs: 40_000 });
    results.results.callsMade++;
    expect(exitProblems('fetch', run)).toEqual([]);
  }, 60_000);
});

function exitProblems(label: string, run: ChildRun): string[] {
  if (run.killed || run.afterDoneMs === undefined) return [`${label}: the child was killed after ${run.elapsedMs} ms\n${run.stdout}\n${run.stderr}`];
  const problems: string[] = [];
  const report = lastJson<ExitChildReport>(run.stdout);
  if (report.outcome !== 'TimeoutError:timeout') problems.push(`${label}: the call ended with ${report.outcome}`);
  if (run.code !== 0) problems.push(`${label}: exit code ${run.code}: ${run.stderr}`);
  if (run.afterDoneMs >= 2000) problems.push(`${label}: the process stayed alive ${run.afterDoneMs} ms after the call settled`);
  return problems;
}

// ---------------------------------------------------------------------------------------------

describe('D2 redaction runs in linear time and logs are bounded', () => {
  it('redactText still replaces a real REST JWT (guard)', async () => {
    const jwt = await createRestToken(OPENTOK);
    expect(redactText(`before ${jwt} after`)).toBe(`before ${REDACTED} after`);
  });

  // Each case runs in a child: on the old code a case takes minutes to hours, so the child is
  // killed after 10 s (10x the 1 s bound; linear redaction of 1 MB takes a few ms).
  it('1 MB of eyJ…, an error body and a logged stylesheet of 200 000 characters are handled in well under a second', async () => {
    const server = await serve((req, res) => {
      if (req.method === 'PUT') return json(res, 204, '');
      json(res, 400, { message: 'bad', detail: 'eyJ'.repeat(66_667) });
    });
    const cases: [string, number, string][] = [
      ['redactText eyJ×1M', 1000, 'ok'],
      ['redactText eyJa.×1M', 1000, 'ok'],
      ['getArchive 400 with eyJ×200k', 2000, 'InvalidRequestError:bad_request'],
      ['setArchiveLayout eyJ×200k, logger set', 2000, 'ok'],
    ];
    const runs = await Promise.all(
      cases.map(([name]) => runChild(bundles.file('hardening-redact'), { env: { CASE: name, TARGET_URL: server.url }, limitMs: 10_000 })),
    );
    results.results.callsMade += cases.length;
    const problems: string[] = [];
    cases.forEach(([name, bound, expected], i) => {
      const run = runs[i]!;
      if (run.killed) return problems.push(`${name}: still running after ${run.elapsedMs} ms (killed): redaction is not linear`);
      if (run.code !== 0) return problems.push(`${name}: exit code ${run.code}: ${run.stderr}`);
      const report = lastJson<RedactChildReport>(run.stdout);
      if (report.ms >= bound) problems.push(`${name}: took ${report.ms} ms (bound ${bound} ms)`);
      if (report.outcome !== expected) problems.push(`${name}: ended with ${report.outcome}, expected ${expected}`);
    });
    expect(problems).toEqual([]);
  }, 30_000);

  it('with a logger and onRequest set, a 200 000-character stylesheet is sent in full but logged truncated', async () => {
    const server = await serve((_req, res) => json(res, 204, ''));
    const stylesheet = '.stream { width: 50%; height: 50%; } '.repeat(6000).slice(0, 200_000);
    const logged: unknown[] = [];
    const hooked: unknown[] = [];
    const v = video(server.url, {
      retry: false,
      onRequest: (event) => hooked.push(event),
      logLevel: 'debug',
      logger: { debug: (_message, data) => logged.push(data), info: (_m, d) => logged.push(d) },
    });
    const { error } = await settle(v.setArchiveLayout('a', { type: 'custom', stylesheet }));
    expect(error).toBeUndefined();
    // The API gets the whole stylesheet: truncation is for observers only.
    expect(JSON.parse(server.arrivals[0]!.body).stylesheet).toHaveLength(200_000);
    for (const [where, events] of [['onRequest', hooked], ['logger', logged]] as const) {
      const seen = valuesUnder(events, 'stylesheet');
      expect(seen.length, `${where} received no request body with a stylesheet`).toBeGreaterThan(0);
      for (const value of seen) {
        expect(typeof value, where).toBe('string');
        expect((value as string).length, `${where}: the stylesheet is logged with ${(value as string).length} characters`).toBeLessThanOrEqual(10_000);
        expect(value).not.toBe(stylesheet);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('D3 credentials are not cached by the identity of the config object', () => {
  const restTokenOf = (arrival: Arrival | undefined) => String(arrival?.headers['x-opentok-auth'] ?? '');

  it('createClient: a config object changed in place and passed again gives the new key and the new secret', async () => {
    const server = await serve((_req, res) => json(res, 200, ARCHIVE));
    const config = { apiKey: '11111111', apiSecret: 'secret-of-tenant-a', baseUrl: server.url };
    const first = createClient(config);
    config.apiKey = '22222222';
    config.apiSecret = 'secret-of-tenant-b';
    const second = createClient(config);
    expect(first.projectKey).toBe('11111111');
    expect(second.projectKey).toBe('22222222');
    const { error } = await settle(getArchive(second, 'a'));
    expect(error).toBeUndefined();
    const arrival = server.arrivals.at(-1);
    expect(arrival?.path).toMatch(/^\/v2\/project\/22222222\//);
    const claims = verifyHs256(restTokenOf(arrival), 'secret-of-tenant-b');
    expect(claims, 'the REST JWT of the second client verifies with the NEW secret').toBeDefined();
    expect(claims?.['iss']).toBe('22222222');
  });

  it('new Video: the same, through the umbrella class', async () => {
    const server = await serve((_req, res) => json(res, 200, ARCHIVE));
    const config = { apiKey: '11111111', apiSecret: 'secret-of-tenant-a', baseUrl: server.url };
    new Video(config);
    config.apiKey = '22222222';
    config.apiSecret = 'secret-of-tenant-b';
    const second = new Video(config, { retry: false });
    expect(second.client.projectKey).toBe('22222222');
    await settle(second.getArchive('a'));
    expect(verifyHs256(restTokenOf(server.arrivals.at(-1)), 'secret-of-tenant-b'), 'signed with the new secret').toBeDefined();
  });

  it('createRestToken: a secret rotated in place is used at once', async () => {
    const config = { apiKey: '33333333', apiSecret: 'old-secret' };
    expect(verifyHs256(await createRestToken(config), 'old-secret')).toBeDefined();
    config.apiSecret = 'new-secret';
    const token = await createRestToken(config);
    expect(verifyHs256(token, 'old-secret'), 'still signed with the OLD secret').toBeUndefined();
    expect(verifyHs256(token, 'new-secret'), 'signed with the new secret').toBeDefined();
  });
});

// ---------------------------------------------------------------------------------------------

describe('D4 retryable says whether repeating the call is safe', () => {
  const dialWith = async (kind: Kind, handler: Handler, callTimeout?: number) => {
    const server = await serve(handler);
    const v = video(server.url, { transport: transportOf(kind), timeout: 10_000, retry: { baseDelay: 5, maxDelay: 10 } });
    const token = await v.generateToken(SESSION_ID);
    const { error } = await settle(v.dial(SESSION_ID, { token, uri: 'sip:+15551230000@sip.example.com', ...(callTimeout ? { timeout: callTimeout } : {}) }));
    results.results.faultsTried++;
    return { error: error as { retryable?: unknown; code?: unknown } | undefined, dials: server.arrivals.length };
  };

  // The server may have placed the call in each of these: repeating it could ring the phone twice.
  const ambiguous: [string, Handler, number | undefined, string][] = [
    ['answers 500 (after doing the work)', (_req, res) => json(res, 500, { message: 'internal error' }), undefined, 'ServerError:server_error'],
    ['drops the connection (after doing the work)', (req) => req.socket.destroy(), undefined, 'NetworkError:network_error'],
    ['answers too slowly', (_req, res) => after(res, 1500, () => json(res, 200, { id: 'call', connectionId: 'c' })), 300, 'TimeoutError:timeout'],
  ];
  for (const [name, handler, callTimeout, expected] of ambiguous) {
    it(`dial, server ${name}: retryable is false`, async () => {
      for (const kind of KINDS) {
        const { error, dials } = await dialWith(kind, handler, callTimeout);
        expect(describeError(error), kind).toBe(expected);
        expect(dials, `${kind}: the SDK itself sent the dial once`).toBe(1);
        expect(error?.retryable, `${kind}: ${expected}.retryable`).toBe(false);
      }
    });
  }

  it('dial, server answers 503 (not carried out): retryable is true', async () => {
    const server = await serve((_req, res) => json(res, 503, { message: 'unavailable' }));
    const v = video(server.url, { retry: false });
    const token = await v.generateToken(SESSION_ID);
    const { error } = await settle(v.dial(SESSION_ID, { token, uri: 'sip:+15551230000@sip.example.com' }));
    expect(describeError(error)).toBe('ServerError:server_error');
    expect((error as { retryable?: unknown }).retryable).toBe(true);
  });

  it('getArchive, 500 until the retries are spent: retryable is true', async () => {
    const server = await serve((_req, res) => json(res, 500, { message: 'internal error' }));
    const v = video(server.url, { retry: { baseDelay: 5, maxDelay: 10 } });
    const { error } = await settle(v.getArchive('a'));
    expect(describeError(error)).toBe('ServerError:server_error');
    expect(server.arrivals.length).toBe(3);
    expect((error as { retryable?: unknown }).retryable).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe('D5 a corrected clock is honoured at once', () => {
  const realNow = () => performance.timeOrigin + performance.now();

  /** A server that checks the REST JWT's signature and its iat/exp against the real time. */
  const clockCheckingServer = () =>
    serve((req, res) => {
      const date = new Date(realNow()).toUTCString();
      const opentok = req.headers['x-opentok-auth'];
      const token = typeof opentok === 'string' ? opentok : String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      const claims = typeof opentok === 'string' ? verifyHs256(token, OPENTOK.apiSecret) : verifyRs256(token, VONAGE_PUBLIC_KEY);
      const now = realNow() / 1000;
      if (!claims) return json(res, 403, { message: 'Invalid token signature' }, { date });
      if (Number(claims['iat']) > now + 5) return json(res, 403, { message: 'issued time cannot be greater than current time' }, { date });
      if (Number(claims['exp']) < now) return json(res, 403, { message: 'token expired' }, { date });
      json(res, 200, ARCHIVE, { date });
    });

  for (const [mode, credentials] of [['opentok', OPENTOK], ['vonage', VONAGE]] as const) {
    it(`${mode}: ClockSkewError while the clock is 1 h ahead; after it is corrected the same client and new Video(sameConfig) succeed`, async () => {
      const server = await clockCheckingServer();
      const config = { ...credentials, baseUrl: server.url };
      const v = new Video(config, { retry: false });
      const ahead = vi.spyOn(Date, 'now').mockImplementation(() => Math.round(realNow()) + 3_600_000);
      let skewed: Settled<unknown>;
      try {
        skewed = await settle(v.getArchive('a'));
      } finally {
        ahead.mockRestore();
      }
      expect(skewed.error).toBeInstanceOf(ClockSkewError);
      const corrected = await settle(v.getArchive('a'));
      expect(corrected.error === undefined ? 'ok' : `${describeError(corrected.error)} ${(corrected.error as Error).message}`, 'the same client, clock corrected').toBe('ok');
      const again = await settle(new Video(config, { retry: false }).getArchive('a'));
      expect(again.error === undefined ? 'ok' : describeError(again.error), 'new Video(sameConfigObject), clock corrected').toBe('ok');
    });
  }
});

// ---------------------------------------------------------------------------------------------

describe('D6 a polluted Object.prototype changes no setting', () => {
  let report: PollutionReport;
  let legit: LocalServer;
  let flaky: LocalServer;

  // The gadgets run in a child process (see the fixture): a polluted `timeout` breaks Node's own
  // http server, and the test runner reads options too.
  beforeAll(async () => {
    legit = await serve((_req, res) => json(res, 200, ARCHIVE));
    const slow = await serve((_req, res) => after(res, 300, () => json(res, 200, ARCHIVE)));
    let creates = 0;
    flaky = await serve((_req, res) => (++creates === 1 ? json(res, 500, { message: 'internal error' }) : json(res, 200, [{ session_id: SESSION_ID }])));
    openServers.splice(0); // owned by this block, closed below rather than after the first test
    try {
      const run = await runChild(bundles.file('hardening-pollution'), {
        env: { LEGIT_URL: legit.url, SLOW_URL: slow.url, FLAKY_URL: flaky.url },
        limitMs: 30_000,
      });
      if (run.code !== 0 || run.killed) throw new Error(`the pollution child failed (code ${run.code}, killed ${run.killed}):\n${run.stdout}\n${run.stderr}`);
      report = lastJson<PollutionReport>(run.stdout);
      results.results.callsMade += 8;
      results.results.hostileInputsTried += 6;
    } finally {
      await Promise.all([legit.close(), slow.close(), flaky.close()]);
    }
  });

  it('baseUrl: a client created without baseUrl keeps the default host', () => {
    expect(report.baseUrl).toEqual({ vonage: 'https://video.api.vonage.com', opentok: 'https://api.opentok.com' });
  });

  it('transport: the polluted transport is never called; the request goes to the real server', () => {
    expect(report.transport).toEqual({ pollutedSendCalls: 0, outcome: 'ok' });
    expect(legit.arrivals.length).toBe(1);
  });

  it('role: generateToken(sid) and generateToken(sid, {}) mint publisher tokens', () => {
    expect(report.role).toEqual({ noOptions: 'publisher', emptyOptions: 'publisher' });
  });

  it('expiresIn: tokens keep the 24 h default lifetime', () => {
    expect(report.expiresIn).toEqual({ noOptions: 86_400, emptyOptions: 86_400 });
  });

  it('idempotent: createSession after a 500 is sent exactly once', () => {
    const posts = flaky.arrivals.filter((a) => a.method === 'POST').length;
    results.results.duplicatesCreated += Math.max(0, posts - 1);
    expect(report.idempotent.outcome).toBe('ServerError:server_error');
    expect(posts, 'POST /session/create requests').toBe(1);
  });

  it('timeout: a polluted 1 ms timeout is ignored (a 300 ms answer succeeds)', () => {
    expect(report.timeout.outcome).toBe('ok');
  });
});

// ---------------------------------------------------------------------------------------------

describe('D7 a server that echoes the request gets no JWT into the error', () => {
  it('createSession with a 200 echo without session_id, getArchive with a 500 echo nested 25 deep', async () => {
    const server = await serve((req, res) => {
      if (req.url?.startsWith('/session/create')) return json(res, 200, [{ headers: req.headers }]);
      let deep: unknown = { echoed: req.headers };
      for (let i = 0; i < 25; i++) deep = { d: deep };
      json(res, 500, { message: 'upstream failure', detail: deep });
    });
    const v = video(server.url, { retry: false });
    const problems: string[] = [];
    for (const [name, work] of [['createSession', () => v.createSession()], ['getArchive', () => v.getArchive('a')]] as const) {
      const { error } = await settle<unknown>(work());
      results.results.faultsTried++;
      expect(error, name).toBeDefined();
      const sent = String(server.arrivals.at(-1)?.headers['x-opentok-auth']);
      const renderings = { ...renderError(error), 'util.inspect(showHidden)': inspect(error, { depth: Infinity, showHidden: true }) };
      for (const [how, text] of Object.entries(renderings)) {
        if (text.includes(sent) || JWT_SHAPE.test(text)) problems.push(`${name}: ${how} contains a JWT`);
      }
    }
    results.results.leaksFound += problems.length;
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('D8 response bodies are capped', () => {
  let bomb: Buffer | undefined;
  const bigBodyServer = () =>
    serve((req, res) => {
      if (req.url?.endsWith('/archive/small')) return json(res, 200, ARCHIVE);
      if (req.url?.endsWith('/archive/bomb')) {
        // ~50 MB of JSON, about 50 KB on the wire.
        bomb ??= gzipSync(Buffer.concat([Buffer.from('{"id":"bomb","status":"available","name":"'), Buffer.alloc(50 << 20, 'a'), Buffer.from('"}')]), { level: 9 });
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
        return res.end(bomb);
      }
      // 20 MB of JSON, streamed as fast as the client reads it.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"big","status":"available","name":"');
      const chunk = Buffer.alloc(1 << 20, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 20) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('"}');
      };
      pump();
    });

  it('a 20 MB body and a gzip bomb fail with InvalidResponseError on both transports, with RSS growth well under 100 MB', async () => {
    const server = await bigBodyServer();
    const cases: [string, Record<string, string>][] = [
      ['fetch, 20 MB', { TRANSPORT: 'fetch', ARCHIVE: 'big' }],
      ['undici, 20 MB', { TRANSPORT: 'undici', ARCHIVE: 'big' }],
      ['fetch, gzip bomb of 50 MB', { TRANSPORT: 'fetch', ARCHIVE: 'bomb' }],
      ['undici, gzip bomb of 50 MB', { TRANSPORT: 'undici', ARCHIVE: 'bomb' }],
    ];
    const problems: string[] = [];
    for (const [name, env] of cases) {
      const run = await runChild(bundles.file('hardening-big-body'), { env: { ...env, TARGET_URL: server.url }, limitMs: 60_000 });
      results.results.callsMade += 2;
      results.results.faultsTried++;
      if (run.killed || run.code !== 0) {
        problems.push(`${name}: the child failed (code ${run.code}, killed ${run.killed}): ${run.stderr}`);
        continue;
      }
      const report = lastJson<BigBodyReport>(run.stdout);
      if (report.outcome !== 'InvalidResponseError:invalid_response') problems.push(`${name}: ${report.outcome} (RSS +${report.rssGrowthMB} MB)`);
      if (report.rssGrowthMB >= 100) problems.push(`${name}: RSS grew by ${report.rssGrowthMB} MB`);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('maxResponseBytes: 1000 fails a 2000-byte response and accepts a 500-byte one (both transports)', async () => {
    const padded = (id: string, bytes: number) => {
      const base = JSON.stringify({ ...ARCHIVE, id, name: '' });
      return JSON.stringify({ ...ARCHIVE, id, name: 'x'.repeat(bytes - base.length) });
    };
    const server = await serve((req, res) => json(res, 200, req.url?.endsWith('/two-k') ? padded('two-k', 2000) : padded('half-k', 500)));
    for (const kind of KINDS) {
      const options: Record<string, unknown> = { transport: transportOf(kind), retry: false, maxResponseBytes: 1000 };
      const v = video(server.url, options as never);
      const big = await settle(v.getArchive('two-k'));
      expect(big.error, `${kind}: 2000 bytes over a 1000-byte cap`).toBeInstanceOf(InvalidResponseError);
      expect((big.error as { code?: unknown }).code).toBe('invalid_response');
      const small = await settle(v.getArchive('half-k'));
      expect(small.error, `${kind}: 500 bytes under the cap`).toBeUndefined();
      expect(small.value?.id).toBe('half-k');
    }
  });

  it('maxResponseBytes must be a positive number of bytes (guard)', () => {
    for (const value of [0, -1, 'x']) {
      const options: Record<string, unknown> = { maxResponseBytes: value };
      for (const make of [() => createClient(OPENTOK, options as never), () => new Video(OPENTOK, options as never)]) {
        const error = thrown(make);
        expect(error, `maxResponseBytes: ${JSON.stringify(value)}`).toBeInstanceOf(VideoValidationError);
        expect((error as VideoValidationError).field).toBe('maxResponseBytes');
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('D9 Retry-After that is zero, negative or in the past does not mean "at once"', () => {
  it('429 with Retry-After 0, -1, -5 and a past date: attempts at least ~50 ms apart, at most 25 in 2 s; -5 is no retryAfter', async () => {
    const values = ['0', '-1', '-5', 'Thu, 01 Jan 1970 00:00:00 GMT'];
    const runs = await Promise.all(
      values.map(async (value) => {
        const server = await serve((_req, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': value }));
        const v = video(server.url, { retry: { maxAttempts: 50, maxElapsed: 2000, baseDelay: 100, maxDelay: 200 } });
        const { error } = await settle(v.getArchive('a'));
        return { value, error, at: server.arrivals.map((a) => a.at) };
      }),
    );
    const problems: string[] = [];
    for (const { value, error, at } of runs) {
      results.results.faultsTried++;
      const gaps = at.slice(1).map((t, i) => t - at[i]!);
      const smallest = Math.round(Math.min(...gaps));
      if (!(error instanceof RateLimitError)) problems.push(`Retry-After ${value}: ended with ${describeError(error)}`);
      if (at.length > 25) problems.push(`Retry-After ${value}: ${at.length} attempts in 2 s`);
      if (gaps.length && smallest < 45) problems.push(`Retry-After ${value}: attempts only ${smallest} ms apart`);
      if (value === '-5' && (error as RateLimitError | undefined)?.retryAfter !== undefined) {
        problems.push(`Retry-After -5: error.retryAfter is ${(error as RateLimitError).retryAfter} (read as a date)`);
      }
    }
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('D10 an iterator over a list that ignores offset ends', () => {
  it('the same two archives on every page, count 2^53: two items, at most 3 requests', async () => {
    const server = await serve((_req, res) =>
      json(res, 200, { count: 2 ** 53, items: [{ ...ARCHIVE, id: 'one' }, { ...ARCHIVE, id: 'two' }] }),
    );
    const v = video(server.url, { retry: false });
    const ids: string[] = [];
    // On the old code the loop pages forever without yielding: 5 s stops it (it takes a few ms).
    const { error } = await settle(
      (async () => {
        for await (const archive of v.iterateArchives({ signal: AbortSignal.timeout(5000) })) ids.push(archive.id);
      })(),
    );
    expect(error === undefined ? 'ended' : `${describeError(error)} after ${server.arrivals.length} requests`, 'the iterator').toBe('ended');
    expect(ids).toEqual(['one', 'two']);
    expect(server.arrivals.length).toBeLessThanOrEqual(3);
  });
});

// ---------------------------------------------------------------------------------------------

describe('D11 __proto__ in an error body stays data', () => {
  it('400 {"message":"nope","__proto__":{"isAdmin":true}}: error.body has a plain prototype', async () => {
    const server = await serve((_req, res) => json(res, 400, '{"message":"nope","__proto__":{"isAdmin":true}}'));
    const { error } = await settle(video(server.url, { retry: false }).getArchive('a'));
    results.results.hostileInputsTried++;
    const body = (error as { body?: unknown }).body as Record<string, unknown>;
    expect(describeError(error)).toBe('InvalidRequestError:bad_request');
    expect([Object.prototype, null]).toContain(Object.getPrototypeOf(body));
    expect(body['isAdmin']).toBeUndefined();
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------

describe('D12 inputs no HTTP or SIP stack can carry are rejected locally', () => {
  const expectField = (error: unknown, field: string, label: string) => {
    expect(error, label).toBeInstanceOf(VideoValidationError);
    expect((error as VideoValidationError).field, label).toBe(field);
  };

  it('appendToUserAgent with NUL, DEL, € or an emoji: VideoValidationError at construction, no request', async () => {
    const server = await serve((_req, res) => json(res, 200, ARCHIVE));
    for (const value of ['app\u0000x', 'app\u007fx', 'app€', 'app🎥']) {
      results.results.hostileInputsTried++;
      const credentials = { ...OPENTOK, baseUrl: server.url };
      expectField(thrown(() => createClient(credentials, { appendToUserAgent: value })), 'appendToUserAgent', `createClient ${JSON.stringify(value)}`);
      expectField(thrown(() => new Video(credentials, { appendToUserAgent: value })), 'appendToUserAgent', `new Video ${JSON.stringify(value)}`);
    }
    expect(server.arrivals.length).toBe(0);
  });

  it('client tokens: a lone surrogate in data or a layout class, a space inside a layout class', async () => {
    const v = new Video(OPENTOK);
    const cases: [Record<string, unknown>, string][] = [
      [{ data: 'a\ud800b' }, 'data'],
      [{ data: 'a\ud800b', format: 't1' }, 'data'],
      [{ initialLayoutClassList: ['a\udc00'] }, 'initialLayoutClassList[0]'],
      [{ initialLayoutClassList: ['focus moderator'] }, 'initialLayoutClassList[0]'],
    ];
    for (const [options, field] of cases) {
      results.results.hostileInputsTried++;
      const { error } = await settle(v.generateToken(SESSION_ID, options as never));
      expectField(error, field, JSON.stringify(options));
    }
  });

  it('dial: CR/LF in from or auth.username (they become SIP headers), no request', async () => {
    const server = await serve((_req, res) => json(res, 200, { id: 'call', connectionId: 'c' }));
    const v = video(server.url, { retry: false });
    const token = await v.generateToken(SESSION_ID);
    const base = { token, uri: 'sip:a@example.com' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, from: 'a\r\nX-Injected: 1' }, 'from'],
      [{ ...base, auth: { username: 'u\r\nX: 1', password: 'p' } }, 'auth.username'],
    ];
    for (const [options, field] of cases) {
      results.results.hostileInputsTried++;
      const { error } = await settle(v.dial(SESSION_ID, options as never));
      expectField(error, field, field);
    }
    expect(server.arrivals.length, 'requests sent').toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe('D13 one AbortSignal shared by many calls', () => {
  for (const kind of KINDS) {
    it(`${kind}: 30 concurrent calls with one signal succeed and emit no MaxListenersExceededWarning`, async () => {
      const server = await serve((_req, res) => json(res, 200, ARCHIVE));
      const v = video(server.url, { transport: transportOf(kind), retry: false });
      const warnings: Error[] = [];
      const onWarning = (warning: Error) => warnings.push(warning);
      process.on('warning', onWarning);
      try {
        const signal = new AbortController().signal;
        const settled = await Promise.all(Array.from({ length: 30 }, (_, i) => settle(v.getArchive(`a${i}`, { signal }))));
        expect(settled.filter((s) => s.error !== undefined).map((s) => describeError(s.error))).toEqual([]);
        await sleep(50); // warnings are emitted on a later tick
      } finally {
        process.off('warning', onWarning);
      }
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------

describe('D14 the caller\'s own secrets stay out of hooks and logs', () => {
  const observed = () => {
    const payloads: string[] = [];
    const events: unknown[] = [];
    const line = (message: string, data?: Record<string, unknown>) => payloads.push(`${message} ${JSON.stringify(data)}`);
    return {
      payloads,
      events,
      options: {
        retry: false as const,
        onRequest: (event: unknown) => (events.push(event), payloads.push(JSON.stringify(event))),
        onResponse: (event: unknown) => payloads.push(JSON.stringify(event)),
        logger: { debug: line, info: line, warn: line, error: line },
        logLevel: 'debug' as const,
      },
    };
  };
  const reply = (_req: IncomingMessage, res: ServerResponse) =>
    json(res, 200, { id: 'x', connectionId: 'c', streamId: 's', sessionId: SESSION_ID, status: 'starting' });

  it('WebSocket headers and static fields, SIP headers and a URL query token are redacted; page=2 is kept', async () => {
    const server = await serve(reply);
    const seen = observed();
    const v = video(server.url, seen.options);
    const token = await v.generateToken(SESSION_ID);
    const calls = await Promise.all([
      settle(
        v.websocketConnect(SESSION_ID, {
          token,
          uri: 'wss://transcriber.example.com/audio',
          headers: { Authorization: 'Bearer sk_live_AAA', 'X-Api-Key': 'sk_live_BBB', 'X-Auth-Token': 'sk_live_CCC' },
          audioTransport: { transport: 'json', staticFields: { apiKey: 'sk_live_DDD', access_token: 'sk_live_EEE' } },
        }),
      ),
      settle(v.dial(SESSION_ID, { token, uri: 'sip:a@example.com', headers: { 'X-Api-Key': 'sk_live_FFF' } })),
      settle(v.startRender(SESSION_ID, { token, url: 'https://app.example.com/board?access_token=sk_live_GGG&page=2' })),
    ]);
    expect(calls.map((c) => (c.error === undefined ? 'ok' : describeError(c.error)))).toEqual(['ok', 'ok', 'ok']);
    // The API still receives every value: redaction is for observers only.
    const wire = server.arrivals.map((a) => a.body).join('\n');
    for (const s of ['BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG']) expect(wire).toContain(`sk_live_${s}`);

    const text = seen.payloads.join('\n');
    const leaked = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG'].filter((s) => text.includes(`sk_live_${s}`));
    results.results.leaksFound += leaked.length;
    expect(leaked.map((s) => `sk_live_${s}`), 'secrets visible in hook or logger payloads').toEqual([]);
    expect(text).toContain('page=2');
    // Each header value is replaced by the marker (the header names stay readable).
    const apiKeys = valuesUnder(seen.events, 'X-Api-Key');
    expect(apiKeys.length, 'X-Api-Key headers in the onRequest bodies').toBeGreaterThan(0);
    expect(apiKeys.filter((value) => value !== REDACTED)).toEqual([]);
  });

  it('redact: ["X-Customer-Id"] redacts that header too; without the option it stays visible', async () => {
    const server = await serve(reply);
    const token = await new Video(OPENTOK).generateToken(SESSION_ID);
    const dial = (v: Video) => settle(v.dial(SESSION_ID, { token, uri: 'sip:a@example.com', headers: { 'X-Customer-Id': 'cust_123' } }));

    const plain = observed();
    expect((await dial(video(server.url, plain.options))).error).toBeUndefined();
    expect(plain.payloads.join('\n'), 'without the option').toContain('cust_123');

    const redacting = observed();
    const options: Record<string, unknown> = { ...redacting.options, redact: ['X-Customer-Id'] };
    const { error } = await dial(video(server.url, options as never));
    expect(error === undefined ? 'ok' : `${describeError(error)} ${(error as Error).message}`).toBe('ok');
    expect(redacting.payloads.join('\n')).not.toContain('cust_123');
    expect(valuesUnder(redacting.events, 'X-Customer-Id')).toEqual([REDACTED]);
    expect(server.arrivals.at(-1)?.body, 'the API still gets it').toContain('cust_123');
  });
});

// ---------------------------------------------------------------------------------------------

describe('Item 6 signing prints no deprecation warning on Node 22 and 24', () => {
  const authDir = fileURLToPath(new URL('../../auth/', import.meta.url));
  const dist = `${authDir}dist/index.js`;

  /** Runs a command; resolves with its exit code and output, killing it after `limitMs`. */
  const exec = (command: string, args: string[], env: Record<string, string>, limitMs: number) =>
    new Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }>((resolve, reject) => {
      const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let killed = false;
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const timer = setTimeout(() => ((killed = true), child.kill('SIGKILL')), limitMs);
      child.on('error', (error) => (clearTimeout(timer), reject(error)));
      child.on('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr, killed })));
    });

  /** The path of a Node `major` binary, fetched from the npm registry by npx (cached after the first time). */
  async function nodeBinary(major: string): Promise<string> {
    const run = await exec('npx', ['-y', `node@${major}`, '-p', 'process.execPath'], {}, 180_000);
    const path = run.stdout.trim().split('\n').at(-1) ?? '';
    if (run.code !== 0 || !existsSync(path)) {
      throw new Error(`could not get Node ${major} with "npx -y node@${major}" (code ${run.code}, killed ${run.killed}):\n${run.stdout}\n${run.stderr}`);
    }
    return path;
  }

  // Generous: the first run downloads Node from the npm registry.
  for (const major of ['24', '22']) {
    it(`Node ${major}: REST and client tokens (RS256, HS256, T1) from the built @video/auth, nothing on stderr`, async () => {
      expect(existsSync(dist), `${dist} is missing: run pnpm build first`).toBe(true);
      const newestSource = Math.max(...readdirSync(`${authDir}src`).map((f) => statSync(`${authDir}src/${f}`).mtimeMs));
      expect(statSync(dist).mtimeMs, 'packages/auth/dist is older than packages/auth/src: run pnpm build first').toBeGreaterThanOrEqual(newestSource);
      const node = await nodeBinary(major);
      const run = await exec(node, [bundles.file('hardening-node-versions')], { AUTH_DIST: dist }, 60_000);
      expect(run.killed, 'the child was killed after 60 s').toBe(false);
      expect(run.stderr, `stderr of Node ${major}`).toBe('');
      expect(run.code).toBe(0);
      const report = lastJson<NodeVersionsReport>(run.stdout);
      expect(report.node).toMatch(new RegExp(`^v${major}\\.`));
      for (const { name, token } of report.tokens) {
        const ok = name.startsWith('vonage')
          ? verifyRs256(token, report.publicKey) !== undefined
          : name === 'opentok T1'
            ? verifyT1(token, report.apiSecret)
            : verifyHs256(token, report.apiSecret) !== undefined;
        expect(ok, `${name} verifies`).toBe(true);
      }
      results.results.callsMade += report.tokens.length;
    }, 240_000);
  }
});
