import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, VideoValidationError } from '@video/core';
import { API_KEY, API_SECRET, APPLICATION_ID, opentok, rsa, vonage } from './fixtures.js';
import { json, startServer, type TestServer } from './http-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_, res) => json(res, 200, { ok: true }));
});
afterAll(() => server.close());

describe('createClient', () => {
  it('defaults the host by credential kind', () => {
    expect(createClient(vonage).baseUrl).toBe('https://video.api.vonage.com');
    expect(createClient(opentok).baseUrl).toBe('https://api.opentok.com');
    expect(createClient(opentok).projectKey).toBe(API_KEY);
    expect(createClient(vonage).mode).toBe('vonage');
  });

  it('accepts https anywhere and http only on loopback', () => {
    expect(createClient({ ...vonage, baseUrl: 'https://proxy.example.com/video/' }).baseUrl).toBe(
      'https://proxy.example.com/video',
    );
    for (const ok of ['http://127.0.0.1:3000', 'http://localhost:8080', 'http://[::1]:9000']) {
      expect(createClient({ ...opentok, baseUrl: ok }).baseUrl).toBe(ok);
    }
    for (const bad of ['http://api.opentok.com', 'ftp://127.0.0.1', 'not a url', 'https://u:p@host.example']) {
      expect(() => createClient({ ...opentok, baseUrl: bad })).toThrow(VideoValidationError);
    }
    try {
      createClient({ ...opentok, baseUrl: 'http://10.0.0.1' });
    } catch (error) {
      expect((error as VideoValidationError).field).toBe('baseUrl');
    }
  });

  it('rejects unknown credential fields and options by name', () => {
    const bad = { ...vonage, baseURL: 'http://127.0.0.1' } as unknown as typeof vonage;
    expect(() => createClient(bad)).toThrow(/baseURL/);
    expect(() => createClient(vonage, { timeOut: 5 } as never)).toThrow(expect.objectContaining({ field: 'timeOut' }));
    for (const [options, field] of [
      [{ timeout: 0 }, 'timeout'],
      [{ timeout: 20 }, 'timeout'],
      [{ timeout: 99 }, 'timeout'],
      [{ timeout: Number.NaN }, 'timeout'],
      [{ logLevel: 'verbose' }, 'logLevel'],
      [{ retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
      [{ retry: 'yes' }, 'retry'],
      [{ transport: {} }, 'transport'],
      [{ onRetry: 'x' }, 'onRetry'],
      [{ appendToUserAgent: 'a\r\nX-Evil: 1' }, 'appendToUserAgent'],
      [{ appendToUserAgent: 'a\u0000b' }, 'appendToUserAgent'],
      [{ appendToUserAgent: 'a\u007fb' }, 'appendToUserAgent'],
      [{ appendToUserAgent: 'café €' }, 'appendToUserAgent'],
      [{ appendToUserAgent: 'x'.repeat(201) }, 'appendToUserAgent'],
      [{ maxResponseBytes: 0 }, 'maxResponseBytes'],
      [{ maxResponseBytes: 1.5 }, 'maxResponseBytes'],
      [{ maxResponseBytes: '10MB' }, 'maxResponseBytes'],
      [{ redact: [''] }, 'redact[0]'],
    ] as const) {
      expect(() => createClient(vonage, options as never)).toThrow(expect.objectContaining({ field }));
    }
  });

  it('sends a Vonage RS256 bearer token, user agent and JSON headers', async () => {
    const client = createClient({ ...vonage, baseUrl: server.url }, { appendToUserAgent: 'my-app/1.0' });
    const res = await client.request<{ ok: boolean }>({
      operation: 'test',
      method: 'POST',
      path: '/v2/project/x/thing',
      json: { a: 1 },
      query: { b: 'two words', c: undefined },
    });
    expect(res.body).toEqual({ ok: true });
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v2/project/x/thing?b=two+words');
    expect(req.body).toBe('{"a":1}');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers['user-agent']).toMatch(/^@video\/core\/\S+ node\/v\d+\.\d+\.\d+ my-app\/1\.0$/);
    const token = String(req.headers.authorization).replace(/^Bearer /, '');
    const { payload, protectedHeader } = await jwtVerify(token, rsa.publicKey, { algorithms: ['RS256'] });
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(payload.application_id).toBe(APPLICATION_ID);
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(payload.iat!).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(typeof payload.jti).toBe('string');
    expect(req.headers['x-opentok-auth']).toBeUndefined();
  });

  it('sends an OpenTok HS256 token and form bodies', async () => {
    const client = createClient({ ...opentok, baseUrl: server.url });
    await client.request({ operation: 'test', method: 'POST', path: '/session/create', form: { 'p2p.preference': 'disabled', x: undefined } });
    const req = server.requests.at(-1)!;
    expect(req.body).toBe('p2p.preference=disabled');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const { payload, protectedHeader } = await jwtVerify(String(req.headers['x-opentok-auth']), new TextEncoder().encode(API_SECRET));
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ iss: API_KEY, ist: 'project' });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);
    expect(req.headers.authorization).toBeUndefined();
  });

  it('reads only its own settings: values inherited from a polluted Object.prototype are ignored', async () => {
    const proto = Object.prototype as Record<string, unknown>;
    let stolen = false;
    // (`timeout` on Object.prototype would break node:http itself: the reliability suite tries it in a child process.)
    const polluted = { baseUrl: 'https://attacker.example', transport: { send: () => ((stolen = true), Promise.reject(new Error('x'))) }, idempotent: true, maxResponseBytes: 1 };
    for (const [key, value] of Object.entries(polluted)) Object.defineProperty(proto, key, { value, configurable: true, writable: true });
    try {
      expect(createClient(vonage).baseUrl).toBe('https://video.api.vonage.com');
      const client = createClient({ ...opentok, baseUrl: server.url });
      await client.request({ operation: 'a', method: 'GET', path: '/a' });
      expect(stolen).toBe(false);
    } finally {
      for (const key of Object.keys(polluted)) delete proto[key];
    }
  });

  it('signs a new REST token after a 401 or 403 instead of sending the rejected one again', async () => {
    const client = createClient({ ...opentok, baseUrl: server.url }, { retry: false });
    await client.request({ operation: 'a', method: 'GET', path: '/a' });
    server.handle((_req, res) => json(res, 403, { message: 'issued time cannot be greater than current time' }));
    await expect(client.request({ operation: 'b', method: 'GET', path: '/b' })).rejects.toMatchObject({ status: 403 });
    server.handle((_req, res) => json(res, 200, { ok: true }));
    await client.request({ operation: 'c', method: 'GET', path: '/c' });
    const [a, b, c] = server.requests.slice(-3);
    expect(a!.headers['x-opentok-auth']).toBe(b!.headers['x-opentok-auth']);
    expect(c!.headers['x-opentok-auth']).not.toBe(b!.headers['x-opentok-auth']);
  });

  it('reuses one REST token across requests instead of signing per call', async () => {
    const client = createClient({ ...opentok, baseUrl: server.url });
    await client.request({ operation: 'a', method: 'GET', path: '/a' });
    await client.request({ operation: 'b', method: 'GET', path: '/b' });
    const [a, b] = server.requests.slice(-2);
    expect(a!.headers['x-opentok-auth']).toBe(b!.headers['x-opentok-auth']);
  });

  it('sends no body and no content type on GET', async () => {
    const client = createClient({ ...vonage, baseUrl: server.url });
    await client.request({ operation: 'get', method: 'GET', path: '/x' });
    const req = server.requests.at(-1)!;
    expect(req.body).toBe('');
    expect(req.headers['content-type']).toBeUndefined();
  });

  it('validates per-call options before sending', async () => {
    const client = createClient({ ...vonage, baseUrl: server.url });
    const before = server.requests.length;
    await expect(client.request({ operation: 'x', method: 'GET', path: '/x', timeout: -1 })).rejects.toThrow(
      expect.objectContaining({ field: 'timeout' }),
    );
    await expect(
      client.request({ operation: 'x', method: 'GET', path: '/x', signal: {} as AbortSignal }),
    ).rejects.toThrow(expect.objectContaining({ field: 'signal' }));
    expect(server.requests.length).toBe(before);
  });
});
