import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { archiveAvailable, sendCallback, signCallback } from '../src/simulate.js';

const here = join(import.meta.dirname, '..');
const SECRET = 'whsec-test-0123456789abcdef';
const connectionCreated = {
  sessionId: archiveAvailable.sessionId,
  projectId: '12345678',
  event: 'connectionCreated',
  timestamp: 1_700_000_000_000,
  connection: { id: 'c053fcc8-c681-41d5-8ec2-7a9e1434a21e', createdAt: 1_700_000_000_000, data: 'name=Ada' },
};

const post = (url: string, payload: object, secret = SECRET) => sendCallback(url, payload, secret);
afterEach(() => vi.restoreAllMocks());

describe('the Express receiver', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    process.env.VIDEO_CALLBACK_SECRET = SECRET;
    const { app } = await import('../src/express.js');
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/video/callbacks`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('hands a signed callback to its handler as a typed event', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect((await post(url, archiveAvailable)).status).toBe(204);
    const [type, event] = log.mock.calls[0]!;
    expect(type).toBe('archive');
    expect(event).toMatchObject({ type: 'archive', status: 'available', url: archiveAvailable.url, projectId: '12345678', createdAt: expect.any(Date) });
  });

  it('refuses a callback signed with another secret (401) or not signed (503)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect((await post(url, archiveAvailable, 'not-the-secret')).status).toBe(401);
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(archiveAvailable) });
    expect(unsigned.status).toBe(503);
    expect(warn.mock.calls.map(([, error]) => (error as { reason: string }).reason)).toEqual(['bad_signature', 'missing_header']);
  });
});

describe('the edge receiver', () => {
  it('bundles into one file with no Node built-ins, which verifies callbacks on its own', async () => {
    // (Its size is measured by `pnpm size`, not here.)
    const out = execFileSync(process.execPath, ['build.mjs'], { cwd: here, encoding: 'utf8' });
    expect(out).toMatch(/bytes minified/);
    const bundle = readFileSync(join(here, 'dist/worker.js'), 'utf8');
    expect(bundle).not.toMatch(/(?:from\s*|import\s*\(\s*|require\s*\(\s*)["']node:/);
    const worker = ((await import(join(here, 'dist/worker.js'))) as { default: { fetch: (r: Request, env: object) => Promise<Response> } }).default;
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const env = { VIDEO_CALLBACK_SECRET: SECRET };
    for (const payload of [archiveAvailable, connectionCreated]) {
      const body = JSON.stringify(payload, null, 2);
      const request = new Request('https://example.com/video/callbacks', { method: 'POST', headers: { authorization: signCallback(body, SECRET) }, body });
      expect((await worker.fetch(request, env)).status).toBe(204);
    }
    expect(log.mock.calls.map(([line]) => line)).toEqual([
      `archive ${archiveAvailable.id} is ready: ${archiveAvailable.url}`,
      `${connectionCreated.connection.id} joined ${connectionCreated.sessionId} at 2023-11-14T22:13:20.000Z`,
    ]);
    const forged = new Request('https://example.com/video/callbacks', { method: 'POST', headers: { authorization: signCallback('{}', 'guess') }, body: '{}' });
    expect((await worker.fetch(forged, env)).status).toBe(401);
  });
});
