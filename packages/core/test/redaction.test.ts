// No private key, API secret or JWT may reach an error, a log line or a hook payload.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '@video/core';
import { redactText, redactValue } from '@video/core/toolkit';
import { opentok, SECRET_MARKERS, vonage } from './fixtures.js';
import { json, startServer, type TestServer } from './http-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

function collector() {
  const seen: string[] = [];
  const record = (...values: unknown[]) => {
    for (const v of values) seen.push(typeof v === 'string' ? v : JSON.stringify(v) + inspect(v, { depth: 10 }));
  };
  const logger = { debug: record, info: record, warn: record, error: record };
  const options: ClientOptions = {
    logger,
    logLevel: 'debug',
    onRequest: record,
    onResponse: record,
    onRetry: record,
    retry: { maxAttempts: 2, baseDelay: 1 },
  };
  return { seen, options, record };
}

describe.each([
  ['vonage', vonage],
  ['opentok', opentok],
])('redaction with %s credentials', (_name, creds) => {
  it('keeps secrets out of errors, logs and hooks, even when the API echoes them', async () => {
    const { seen, options, record } = collector();
    const client = createClient({ ...creds, baseUrl: server.url }, options);
    // A response that echoes the auth header, a client token and a project secret back.
    server.handle((req, res) =>
      json(res, 503, {
        message: `bad token ${String(req.headers.authorization ?? req.headers['x-opentok-auth'])}`,
        token: 'T1==cGFydG5lcl9pZD0xMjM=',
        secret: creds === opentok ? opentok.apiSecret : 'x',
        project: { secret: 'nested-secret', privateKey: 'x' },
      }),
    );
    const error = await client
      .request({ operation: 'dial', method: 'POST', path: '/v2/project/k/dial', json: { token: 'T1==abc', sip: { auth: { password: 'pw' } } } })
      .catch((e: unknown) => e);
    record(error, (error as Error).message, (error as Error).stack, inspect(error, { depth: 10 }), { ...(error as object) });
    expect(seen.length).toBeGreaterThan(5);
    const everything = seen.join('\n');
    for (const marker of [...SECRET_MARKERS, 'nested-secret', '"pw"']) expect(everything).not.toContain(marker);
    expect(everything).toContain('[redacted]');
    expect(inspect(client, { depth: 10 })).not.toMatch(/BEGIN|0123456789abcdef0123/);
    expect(JSON.stringify(client)).not.toMatch(/BEGIN|0123456789abcdef0123/);
  });
});

describe('redaction rules', () => {
  it('finds tokens in linear time, however the text is shaped', () => {
    // Each of these took seconds at 60 000 characters with a backtracking pattern.
    for (const piece of ['eyJ', 'eyJa.', 'eyJ-', 'a.eyJ', '-----BEGIN A-----', '?a&b', 'T1==']) {
      const text = piece.repeat(Math.ceil(1_000_000 / piece.length));
      const started = performance.now();
      redactText(text);
      expect(performance.now() - started, piece).toBeLessThan(2000);
    }
  });

  it('replaces JWTs, T1 tokens, PEM blocks and secret query values, and nothing else', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(redactText(`Bearer ${jwt} and T1==cGFydG5lcl9pZD0x`)).toBe('Bearer [redacted] and [redacted]');
    expect(redactText('https://a.example/x?page=2&access_token=abc&sig=def#top')).toBe(
      'https://a.example/x?page=2&access_token=[redacted]&sig=[redacted]#top',
    );
    expect(redactText('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- after')).toBe('[redacted] after');
    expect(redactText('an eyJ that is no token, and ?page=3')).toBe('an eyJ that is no token, and ?page=3');
  });

  it('redacts secret-named fields at any depth and cuts long strings', () => {
    let deep: Record<string, unknown> = { leak: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln' };
    for (let i = 0; i < 40; i++) deep = { deep };
    const out = JSON.stringify(redactValue({ deep, headers: { 'X-Api-Key': 'k1', 'x-auth-token': 'k2' }, staticFields: { apiKey: 'k3', access_token: 'k4' }, note: 'n'.repeat(5000) }));
    expect(out).not.toMatch(/eyJ|k1|k2|k3|k4/);
    expect(out).toContain('[too deep]');
    expect(out).toContain('more characters]');
    expect(out.length).toBeLessThan(4000);
  });

  it('keeps a "__proto__" key a plain property', () => {
    const body = redactValue(JSON.parse('{"message":"nope","__proto__":{"isAdmin":true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect((body as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    expect(Object.keys(body)).toEqual(['message', '__proto__']);
  });

  it('treats the names given in the client option `redact` as secrets', async () => {
    const seen: string[] = [];
    server.handle((_req, res) => json(res, 200, {}));
    const request = { operation: 'dial', method: 'POST' as const, path: '/x', json: { sip: { headers: { 'X-Customer-Id': 'cust_123' } } } };
    await createClient({ ...opentok, baseUrl: server.url }, { onRequest: (e) => void seen.push(JSON.stringify(e)) }).request(request);
    expect(seen.join()).toContain('cust_123');
    seen.length = 0;
    await createClient({ ...opentok, baseUrl: server.url }, { redact: ['x_customer_id'], onRequest: (e) => void seen.push(JSON.stringify(e)) }).request(request);
    expect(seen.join()).not.toContain('cust_123');
    expect(() => createClient(opentok, { redact: 'X-Customer-Id' as never })).toThrow(expect.objectContaining({ field: 'redact' }));
  });
});
