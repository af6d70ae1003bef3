import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@video/emulator';
import { createClient } from '@video/core';
import { createSession } from '@video/sessions';
import { decodeClientToken } from '@video/auth';
import { createHandler, type HandlerOptions } from '../src/handler.js';
import { handler as lambda, type LambdaEvent } from '../src/lambda.js';
import { serve, type Served } from './serve.js';

const here = join(import.meta.dirname, '..');
const ADMIN_SECRET = 'admin-secret-for-tests-9876543210';
const logged: string[] = [];
let emu: Emulator;
let sessionId: string;
let served: Served;
beforeAll(async () => {
  emu = await startEmulator();
  sessionId = (await createSession(createClient({ ...emu.credentials.vonage, baseUrl: emu.url }), { mediaMode: 'routed' })).sessionId;
  served = await serve(createHandler(emu.credentials.vonage, { adminSecret: ADMIN_SECRET, log: (line) => logged.push(line) }));
});
afterAll(async () => {
  await served.close();
  await emu.stop();
});

const post = (body: unknown, headers: Record<string, string> = {}, path = '/token') =>
  fetch(served.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const raw = (body: string, contentType = 'application/json') =>
  fetch(`${served.url}/token`, { method: 'POST', headers: { 'content-type': contentType }, body });

/** Checks a refusal: its status, its JSON error, and that it was logged. */
async function refused(response: Promise<Response>, status: number, message: RegExp): Promise<Response> {
  const before = logged.length;
  const answer = await response;
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(((await answer.json()) as { error: string }).error).toMatch(message);
  expect(logged.slice(before).some((line) => line.startsWith(`${status} `))).toBe(true);
  return answer;
}

describe('the serverless token handler, over HTTP', () => {
  it('mints tokens that the service accepts', async () => {
    const response = await post({ sessionId, role: 'subscriber' });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    await expect(emu.control.join(sessionId, token)).resolves.toMatchObject({ role: 'subscriber' });
    const publisher = (await (await post({ sessionId })).json()) as { token: string };
    expect(decodeClientToken(publisher.token).role).toBe('publisher');
  });

  it('refuses a body that is not JSON, not an object, or of another type', async () => {
    await refused(raw('{oops'), 400, /not valid JSON/);
    await refused(raw('null'), 400, /must be a JSON object/);
    await refused(raw('[]'), 400, /must be a JSON object/);
    await refused(raw('7'), 400, /must be a JSON object/);
    await refused(raw(JSON.stringify({ sessionId }), 'text/plain'), 415, /as JSON/);
  });

  it('refuses bad fields with 400 and names them', async () => {
    await refused(post({}), 400, /sessionId/);
    await refused(post({ sessionId: 42 }), 400, /sessionId/);
    await refused(post({ sessionId: 'room1' }), 400, /Invalid sessionId: is not a session ID/);
    await refused(post({ sessionId, role: 'admin' }), 400, /Invalid role: must be one of subscriber, publisher, moderator/);
    await refused(post({ sessionId, role: 7 }), 400, /Invalid role/);
  });

  it('refuses a body over 10 KB, with or without a content-length, without reading it all', async () => {
    await refused(raw(JSON.stringify({ sessionId, pad: 'x'.repeat(20_000) })), 413, /larger than 10240 bytes/);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 10_000) controller.close(); // 10 MB at most, if the handler kept reading
        else controller.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: endless, duplex: 'half' };
    await refused(fetch(`${served.url}/token`, init as RequestInit), 413, /larger than 10240 bytes/);
    expect(sent).toBeLessThan(10_000);
  });

  it('answers another method with 405 and Allow, and another path with 404', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const answer = await refused(fetch(`${served.url}/token`, { method }), 405, new RegExp(`${method} is not allowed`));
      expect(answer.headers.get('allow')).toBe('POST');
    }
    await refused(post({ sessionId }, {}, '/'), 404, /no route for POST \/$/);
    await refused(fetch(`${served.url}/token/extra`), 404, /no route/);
  });

  it('hands out a moderator token only with the admin secret', async () => {
    await refused(post({ sessionId, role: 'moderator' }), 403, /X-Admin-Secret/);
    await refused(post({ sessionId, role: 'moderator' }, { 'X-Admin-Secret': 'guess' }), 403, /X-Admin-Secret/);
    await refused(post({ sessionId, role: 'moderator' }, { 'X-Admin-Secret': `${ADMIN_SECRET}x` }), 403, /X-Admin-Secret/);
    const granted = await post({ sessionId, role: 'moderator' }, { 'X-Admin-Secret': ADMIN_SECRET });
    expect(granted.status).toBe(200);
    const { token } = (await granted.json()) as { token: string };
    await expect(emu.control.join(sessionId, token)).resolves.toMatchObject({ role: 'moderator' });
  });

  it('never hands out a moderator token without a configured admin secret, and never logs a body', async () => {
    const lines: string[] = [];
    const options: HandlerOptions = { log: (line) => lines.push(line) };
    const open = await serve(createHandler(emu.credentials.vonage, options));
    try {
      const answer = await fetch(`${open.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Admin-Secret': '' },
        body: JSON.stringify({ sessionId, role: 'moderator', password: 'hunter2-very-secret' }),
      });
      expect(answer.status).toBe(403);
      await fetch(`${open.url}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"password":"hunter2-very-secret"' });
      expect(lines).toHaveLength(2);
      expect(lines.join('\n')).not.toContain('hunter2');
    } finally {
      await open.close();
    }
  });
});

describe('the Lambda adapter', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.VIDEO_APPLICATION_ID = emu.credentials.vonage.applicationId;
    process.env.VIDEO_PRIVATE_KEY = emu.credentials.vonage.privateKey.replace(/\n/g, '\\n');
    process.env.ADMIN_SECRET = ADMIN_SECRET;
  });
  afterAll(() => {
    for (const name of ['VIDEO_APPLICATION_ID', 'VIDEO_PRIVATE_KEY', 'ADMIN_SECRET']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  /** An API Gateway HTTP API (payload 2.0) event, as a function URL also sends it. */
  const httpApi = (method: string, body?: string, extra: Partial<LambdaEvent> = {}): LambdaEvent => ({
    rawPath: '/token',
    rawQueryString: '',
    requestContext: { http: { method }, domainName: 'abc123.lambda-url.eu-west-1.on.aws' },
    headers: { 'content-type': 'application/json', host: 'abc123.lambda-url.eu-west-1.on.aws' },
    body,
    isBase64Encoded: false,
    ...extra,
  });

  it('mints a token from an HTTP API event, a base64 body, and a REST API event', async () => {
    const ok = await lambda(httpApi('POST', JSON.stringify({ sessionId, role: 'subscriber' })));
    expect(ok.statusCode).toBe(200);
    const { token } = JSON.parse(ok.body) as { token: string };
    await expect(emu.control.join(sessionId, token)).resolves.toMatchObject({ role: 'subscriber' });
    const encoded = await lambda(httpApi('POST', Buffer.from(JSON.stringify({ sessionId })).toString('base64'), { isBase64Encoded: true }));
    expect(encoded.statusCode).toBe(200);
    const rest = await lambda({ httpMethod: 'POST', path: '/token', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sessionId }), isBase64Encoded: false });
    expect(rest.statusCode).toBe(200);
    expect(rest.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers bad input with the same statuses', async () => {
    expect((await lambda(httpApi('POST', '{oops'))).statusCode).toBe(400);
    expect((await lambda(httpApi('POST', 'null'))).statusCode).toBe(400);
    expect((await lambda(httpApi('POST', JSON.stringify({ pad: 'x'.repeat(20_000) })))).statusCode).toBe(413);
    const wrong = await lambda(httpApi('GET'));
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect((await lambda(httpApi('POST', '{}', { rawPath: '/nope' }))).statusCode).toBe(404);
    expect((await lambda(httpApi('POST', JSON.stringify({ sessionId, role: 'moderator' })))).statusCode).toBe(403);
    const admin = httpApi('POST', JSON.stringify({ sessionId, role: 'moderator' }));
    admin.headers = { ...admin.headers, 'x-admin-secret': ADMIN_SECRET };
    expect((await lambda(admin)).statusCode).toBe(200);
  });
});

describe('the bundles', () => {
  it('are small single files with no Node built-ins, which work on their own', async () => {
    const out = execFileSync(process.execPath, ['build.mjs'], { cwd: here, encoding: 'utf8' });
    for (const file of ['dist/handler.js', 'dist/lambda.mjs']) {
      const bytes = Number(new RegExp(`${file.replace('.', '\\.')}: ([\\d,]+) bytes minified`).exec(out)![1]!.replace(/,/g, ''));
      expect(bytes).toBeLessThan(20_000);
      expect(readFileSync(join(here, file), 'utf8')).not.toMatch(/from\s*["']node:|require\(["']node:/);
    }
    type Built = { default: { fetch: (r: Request, env?: object) => Promise<Response> } };
    const built = (await import(join(here, 'dist/handler.js'))) as Built;
    const request = (body: string) => new Request('https://example.com/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // Workers: credentials in the bindings (the key with escaped newlines, as dashboards store it).
    const env = { VIDEO_APPLICATION_ID: emu.credentials.vonage.applicationId, VIDEO_PRIVATE_KEY: emu.credentials.vonage.privateKey.replace(/\n/g, '\\n') };
    const response = await built.default.fetch(request(JSON.stringify({ sessionId })), env);
    const { token } = (await response.json()) as { token: string };
    await expect(emu.control.join(sessionId, token)).resolves.toMatchObject({ role: 'publisher' });
    expect((await built.default.fetch(request('null'), env)).status).toBe(400);
    // `deno serve` and `bun run` pass no bindings: without credentials in the environment, a 500
    // that says nothing to the caller.
    const missing = await built.default.fetch(request(JSON.stringify({ sessionId })), { remoteAddr: {} });
    expect(missing.status).toBe(500);
    expect(await missing.json()).toEqual({ error: 'internal error' });
  });
});
