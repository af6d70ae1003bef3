import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@video/emulator';
import { createClient } from '@video/core';
import { createSession } from '@video/sessions';
import { createHandler } from '../src/handler.js';

const here = join(import.meta.dirname, '..');
let emu: Emulator;
let sessionId: string;
beforeAll(async () => {
  emu = await startEmulator();
  sessionId = (await createSession(createClient({ ...emu.credentials.vonage, baseUrl: emu.url }), { mediaMode: 'routed' })).sessionId;
});
afterAll(() => emu.stop());

const request = (body: unknown, method = 'POST') =>
  new Request('https://example.com/token', { method, body: method === 'POST' ? JSON.stringify(body) : undefined });

describe('the serverless token handler', () => {
  it('mints tokens that the service accepts', async () => {
    const handler = createHandler(emu.credentials.vonage);
    const response = await handler(request({ sessionId, role: 'subscriber' }));
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    await expect(emu.control.join(sessionId, token)).resolves.toMatchObject({ role: 'subscriber' });
  });

  it('answers bad requests with 4xx and a message', async () => {
    const handler = createHandler(emu.credentials.vonage);
    expect((await handler(request({}, 'GET'))).status).toBe(405);
    expect((await handler(new Request('https://x', { method: 'POST', body: '{' }))).status).toBe(400);
    expect((await handler(request({ sessionId, role: 'moderator' }))).status).toBe(400);
    const bad = await handler(request({ sessionId: 'nope' }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: expect.stringContaining('sessionId') });
  });

  it('bundles into one small file with no Node built-ins, which works on its own', async () => {
    const out = execFileSync(process.execPath, ['build.mjs'], { cwd: here, encoding: 'utf8' });
    const bytes = Number(/([\d,]+) bytes minified/.exec(out)![1]!.replace(/,/g, ''));
    expect(bytes).toBeLessThan(20_000);
    const bundle = readFileSync(join(here, 'dist/handler.js'), 'utf8');
    expect(bundle).not.toMatch(/from\s*["']node:|require\(["']node:/);
    const built = (await import(join(here, 'dist/handler.js'))) as { default: { fetch: (r: Request, env: object) => Promise<Response> } };
    const response = await built.default.fetch(request({ sessionId }), {
      VIDEO_APPLICATION_ID: emu.credentials.vonage.applicationId,
      VIDEO_PRIVATE_KEY: emu.credentials.vonage.privateKey.replace(/\n/g, '\\n'),
    });
    const { token } = (await response.json()) as { token: string };
    await expect(emu.control.join(sessionId, token)).resolves.toMatchObject({ role: 'publisher' });
  });
});
