// Video.fromEnv: the same variables as createClientFromEnv, giving a working Video.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Video } from '@video/server-sdk';
import { MODES, startHarness, type Harness } from '../../../test/support/harness.js';
import { expectRejectedLocally } from '../../../test/support/assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe.each(MODES)('Video.fromEnv with %s credentials', (mode) => {
  const env = (): Record<string, string> => {
    const c = h.emu.credentials[mode] as unknown as Record<string, unknown>;
    return mode === 'vonage'
      ? { VIDEO_APPLICATION_ID: String(c.applicationId), VIDEO_PRIVATE_KEY: String(c.privateKey), VIDEO_BASE_URL: h.emu.url }
      : { VIDEO_API_KEY: String(c.apiKey), VIDEO_API_SECRET: String(c.apiSecret), VIDEO_BASE_URL: h.emu.url };
  };

  it('returns a Video (synchronously) whose calls reach the emulator, with the options given', async () => {
    const seen: string[] = [];
    const video = Video.fromEnv({ env: env(), retry: false, onRequest: (e) => seen.push(e.operation) });
    expect(video).toBeInstanceOf(Video);
    expect(video.client.mode).toBe(mode);
    const session = await video.createSession({ mediaMode: 'routed' });
    expect(await session.generateToken()).toBeTypeOf('string');
    expect(seen).toEqual(['createSession']);
  });

  it('names the missing variable and checks the options', async () => {
    const partial = env();
    delete partial[mode === 'vonage' ? 'VIDEO_PRIVATE_KEY' : 'VIDEO_API_SECRET'];
    await expectRejectedLocally(h, () => Video.fromEnv({ env: partial }), mode === 'vonage' ? 'VIDEO_PRIVATE_KEY' : 'VIDEO_API_SECRET');
    await expectRejectedLocally(h, () => Video.fromEnv({ env: {} }), 'env');
    await expectRejectedLocally(h, () => Video.fromEnv({ env: env(), timeout: 5 }), 'timeout');
  });
});
