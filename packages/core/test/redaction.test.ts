// No private key, API secret or JWT may reach an error, a log line or a hook payload.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '@video/core';
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
