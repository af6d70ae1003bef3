import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@video/emulator';
import { Video } from '@video/server-sdk';
import { runTour } from '../src/tour.js';

const run = promisify(execFile);
const here = join(import.meta.dirname, '..');

describe('the quick-start program', () => {
  it('runs every step against the built-in emulator and exits 0', async () => {
    const tsx = join(here, 'node_modules', '.bin', 'tsx');
    const { stdout } = await run(tsx, ['src/main.ts'], { cwd: here, env: { ...process.env, VIDEO_APPLICATION_ID: '', VIDEO_API_KEY: '' } });
    const steps = stdout.split('\n').filter((line) => /^[✓✗-] /.test(line));
    expect(steps).toHaveLength(13);
    expect(steps.every((line) => line.startsWith('✓ '))).toBe(true);
    expect(stdout).toContain('13 steps passed, 0 failed.');
  });

  it('exits 1 and names the step when one fails', async () => {
    const tsx = join(here, 'node_modules', '.bin', 'tsx');
    // Credentials the emulator does not know: the first REST call is rejected.
    const emu = await startEmulator();
    const other = await startEmulator();
    try {
      const error = (await run(tsx, ['src/main.ts'], {
        cwd: here,
        env: { ...process.env, VIDEO_API_KEY: other.credentials.opentok.apiKey, VIDEO_API_SECRET: other.credentials.opentok.apiSecret, VIDEO_BASE_URL: emu.url },
      }).catch((e: unknown) => e)) as { code: number; stdout: string };
      expect(error.code).toBe(1);
      expect(error.stdout).toMatch(/✗ create a routed session: AuthenticationError/);
      expect(error.stdout).toMatch(/- join two clients and publish their streams: skipped/);
      // Only the first failure is reported: the steps that build on it are skipped, not failed.
      expect(error.stdout).toMatch(/- mint a client token for each role: skipped \(it needs "create a routed session", which did not pass\)/);
      expect(error.stdout.match(/^✗/gm)).toHaveLength(1);
    } finally {
      await Promise.all([emu.stop(), other.stop()]);
    }
  });
});

describe('the tour without emulated clients (as against the real service)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.stop());

  it('runs what needs no clients and says what it skipped', async () => {
    const lines: string[] = [];
    const result = await runTour({ video: new Video({ ...emu.credentials.vonage, baseUrl: emu.url }), print: (l) => lines.push(l) });
    expect(result.failed).toEqual([]);
    expect(result.passed).toEqual(['create a routed session', 'mint a client token for each role']);
    expect(result.skipped).toHaveLength(11);
    expect(lines.filter((l) => l.includes('skipped (needs emulated clients'))).toHaveLength(11);
  });
});
