// The CLI and the "stop() leaves nothing open" guarantee, checked in child processes. The sources
// are bundled with esbuild first, so these tests need no prior build.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCallback } from '@video/webhooks';
import { EmulatorControl } from '../src/index.js';
import { startReceiver, verifyIndependently } from './callback-receiver.js';
import { t1Token } from './helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));
let dir: string;
let cli: string;
let exitFixture: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'video-emulator-test-'));
  cli = join(dir, 'cli.mjs');
  exitFixture = join(dir, 'exit-after-stop.mjs');
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent' } as const;
  await build({ ...common, entryPoints: [join(here, '../src/cli.ts')], outfile: cli });
  await build({ ...common, entryPoints: [join(here, 'fixtures/exit-after-stop.ts')], outfile: exitFixture });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(file: string, args: string[]): Run {
  const child = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

/** Resolves with the output once `pattern` appears; kills the child after `ms` so nothing hangs. */
async function waitFor(r: Run, pattern: RegExp, ms = 15_000): Promise<string> {
  const deadline = Date.now() + ms;
  while (!pattern.test(r.output())) {
    if (Date.now() > deadline || r.child.exitCode !== null) {
      r.child.kill('SIGKILL');
      throw new Error(`did not print ${pattern}: ${r.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return r.output();
}

async function exitWithin(r: Run, ms = 15_000) {
  const timer = setTimeout(() => r.child.kill('SIGKILL'), ms);
  const result = await r.exited;
  clearTimeout(timer);
  return result;
}

describe('stop()', () => {
  it('leaves no open handle: the process exits by itself', async () => {
    const r = run(exitFixture, []);
    const result = await exitWithin(r);
    expect(r.output()).toMatch(/stopped; stuck request failed/);
    expect(result).toEqual({ code: 0, signal: null });
  });
});

describe('video-emulator CLI', () => {
  it('--help prints usage and exits 0', async () => {
    const r = run(cli, ['--help']);
    expect(await exitWithin(r)).toEqual({ code: 0, signal: null });
    expect(r.output()).toMatch(/Usage: video-emulator \[options\]/);
    expect(r.output()).toMatch(/--port/);
  });

  it('rejects unknown options with exit code 2', async () => {
    const r = run(cli, ['--bogus']);
    expect((await exitWithin(r)).code).toBe(2);
    expect(r.output()).toMatch(/bogus/);
  });

  it('prints its URL and both credentials, serves them, and stops cleanly on SIGINT', async () => {
    const r = run(cli, ['--port', '0']);
    const text = await waitFor(r, /Press Ctrl-C to stop/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    const apiKey = /apiKey:\s+(\d+)/.exec(text)?.[1];
    const apiSecret = /apiSecret:\s+([0-9a-f]{40})/.exec(text)?.[1];
    expect(text).toMatch(/applicationId: [0-9a-f-]{36}/);
    expect(text).toMatch(/-----BEGIN PRIVATE KEY-----/);
    expect(url && apiKey && apiSecret).toBeTruthy();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ iss: apiKey, ist: 'project', iat: now, exp: now + 60 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(apiSecret));
    const answer = await fetch(`${url}/v2/project/${apiKey}/archive`, { headers: { 'X-OPENTOK-AUTH': token } });
    expect(answer.status).toBe(200);
    r.child.kill('SIGINT');
    expect(await exitWithin(r)).toEqual({ code: 0, signal: null });
  });

  it('takes fixed credentials, prints JSON with --json, and stops on SIGTERM', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const keyFile = join(dir, 'app.key');
    writeFileSync(keyFile, pem);
    const applicationId = '11111111-2222-4333-8444-555555555555';
    const r = run(cli, ['--json', '--api-key', '12345678', '--api-secret', 'abc', '--application-id', applicationId, '--private-key-file', keyFile]);
    const line = (await waitFor(r, /\}\s*$/)).trim();
    const printed = JSON.parse(line) as { url: string; credentials: { vonage: { applicationId: string; privateKey: string }; opentok: unknown } };
    expect(printed.credentials.opentok).toEqual({ apiKey: '12345678', apiSecret: 'abc' });
    expect(printed.credentials.vonage).toEqual({ applicationId, privateKey: pem });
    expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    r.child.kill('SIGTERM');
    expect(await exitWithin(r)).toEqual({ code: 0, signal: null });
  });

  it('takes the migration settings: --migration-window-ms refuses an early migration with 15215', async () => {
    const apiSecret = 'c'.repeat(40);
    const r = run(cli, ['--json', '--api-key', '87654321', '--api-secret', apiSecret, '--migration-window-ms', '600000', '--migration-duration-ms', '5']);
    const { url } = JSON.parse((await waitFor(r, /\}\s*$/)).trim()) as { url: string };
    const now = Math.floor(Date.now() / 1000);
    const restToken = await new SignJWT({ iss: '87654321', ist: 'project', iat: now, exp: now + 60 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(apiSecret));
    const auth = { 'X-OPENTOK-AUTH': restToken };
    const created = await fetch(`${url}/session/create`, {
      method: 'POST',
      headers: { ...auth, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'p2p.preference=disabled',
    });
    const sessionId = ((await created.json()) as { session_id: string }[])[0]!.session_id;
    await new EmulatorControl(url).join(sessionId, t1Token('87654321', apiSecret, sessionId));
    const answer = await fetch(`${url}/v2/project/87654321/session/${sessionId}/migrate`, { method: 'POST', headers: auth });
    expect({ status: answer.status, body: await answer.json() }).toEqual({
      status: 409,
      body: { code: 15215, message: 'Migration is not allowed shortly after session creation or a previous migration.' },
    });
    r.child.kill('SIGTERM');
    expect(await exitWithin(r)).toEqual({ code: 0, signal: null });

    for (const flag of ['--migration-window-ms', '--migration-duration-ms']) {
      const bad = run(cli, [flag, 'soon']);
      expect((await exitWithin(bad)).code).toBe(2);
      expect(bad.output()).toContain(`${flag} must be an integer`);
    }
  });

  it('--callback and --callback-secret: every callback type is sent to the URL, signed', async () => {
    const receiver = await startReceiver();
    const apiSecret = 'd'.repeat(40);
    const r = run(cli, ['--api-key', '55667788', '--api-secret', apiSecret, '--callback', `${receiver.url}/cli`, '--callback-secret', 'cli-secret']);
    try {
      const text = await waitFor(r, /Press Ctrl-C to stop/);
      expect(text).toContain(`Callbacks:   every type to ${receiver.url}/cli (signed, HS256)`);
      expect(text).not.toContain('cli-secret');
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)![1]!;
      const control = new EmulatorControl(url);
      expect((await control.callbackRegistrations())).toHaveLength(15);
      const now = Math.floor(Date.now() / 1000);
      const restToken = await new SignJWT({ iss: '55667788', ist: 'project', iat: now, exp: now + 60 })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(apiSecret));
      const created = await fetch(`${url}/session/create`, {
        method: 'POST',
        headers: { 'X-OPENTOK-AUTH': restToken, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'p2p.preference=disabled',
      });
      const sessionId = ((await created.json()) as { session_id: string }[])[0]!.session_id;
      await control.join(sessionId, t1Token('55667788', apiSecret, sessionId));
      const [first, second] = await receiver.waitFor(2);
      expect([first!.json.event, second!.json.event]).toEqual(['sessionCreated', 'connectionCreated']);
      expect(first!.path).toBe('/cli');
      expect((await verifyIndependently(first!, 'cli-secret'))['api_key']).toBe('55667788');
      await expect(verifyCallback(second!.raw, second!.headers.authorization, { secret: 'cli-secret', apiKey: '55667788' })).resolves.toMatchObject({
        type: 'connectionCreated',
        sessionId,
      });
    } finally {
      r.child.kill('SIGTERM');
      expect(await exitWithin(r)).toEqual({ code: 0, signal: null });
      await receiver.close();
    }

    const lone = run(cli, ['--callback-secret', 'x']);
    expect((await exitWithin(lone)).code).toBe(2);
    expect(lone.output()).toContain('--callback-secret needs --callback');
    const remote = run(cli, ['--callback', 'http://example.com/hook']);
    expect((await exitWithin(remote)).code).toBe(1);
    expect(remote.output()).toMatch(/could not start: callbacks\.url must be on a loopback host/);
    const allowed = run(cli, ['--json', '--callback', 'http://example.com/hook', '--allowed-callback-host', 'example.com']);
    await waitFor(allowed, /\}\s*$/);
    allowed.child.kill('SIGTERM');
    expect(await exitWithin(allowed)).toEqual({ code: 0, signal: null });
  });

  it('fails clearly on a missing key file', async () => {
    const r = run(cli, ['--private-key-file', join(dir, 'missing.pem')]);
    expect((await exitWithin(r)).code).toBe(2);
    expect(r.output()).toMatch(/cannot read --private-key-file/);
  });
});
