// `npm run demo`: runs the tour against the built-in emulator, or against the real service when
// VIDEO_APPLICATION_ID + VIDEO_PRIVATE_KEY (or VIDEO_API_KEY + VIDEO_API_SECRET) are set.
import { existsSync, readFileSync } from 'node:fs';
import { startEmulator } from '@video/emulator';
import { Video, type ClientCredentials } from '@video/server-sdk';
import { runTour } from './tour.js';

function credentialsFromEnv(): ClientCredentials | undefined {
  const { VIDEO_APPLICATION_ID, VIDEO_PRIVATE_KEY, VIDEO_API_KEY, VIDEO_API_SECRET, VIDEO_BASE_URL } = process.env;
  const baseUrl = VIDEO_BASE_URL ? { baseUrl: VIDEO_BASE_URL } : {};
  if (VIDEO_APPLICATION_ID && VIDEO_PRIVATE_KEY) {
    // The SDK never reads files; this program may. Accept the key itself or a path to it.
    const privateKey = existsSync(VIDEO_PRIVATE_KEY) ? readFileSync(VIDEO_PRIVATE_KEY, 'utf8') : VIDEO_PRIVATE_KEY;
    return { applicationId: VIDEO_APPLICATION_ID, privateKey, ...baseUrl };
  }
  if (VIDEO_API_KEY && VIDEO_API_SECRET) return { apiKey: VIDEO_API_KEY, apiSecret: VIDEO_API_SECRET, ...baseUrl };
  return undefined;
}

async function main(): Promise<number> {
  const real = credentialsFromEnv();
  const emulator = real ? undefined : await startEmulator();
  try {
    if (emulator) {
      console.log(`Running against the built-in emulator at ${emulator.url} (set VIDEO_APPLICATION_ID and VIDEO_PRIVATE_KEY to use the real service).`);
    } else {
      console.log('Running against the real Vonage Video API; steps that need emulated clients are skipped.');
    }
    const result = await runTour({
      video: new Video(real ?? { ...emulator!.credentials.vonage, baseUrl: emulator!.url }),
      legacyVideo: emulator && new Video({ ...emulator.credentials.opentok, baseUrl: emulator.url }),
      control: emulator?.control,
    });
    const skipped = result.skipped.length ? `, ${result.skipped.length} skipped` : '';
    console.log(`\n${result.passed.length} steps passed${skipped}, ${result.failed.length} failed.`);
    return result.failed.length === 0 ? 0 : 1;
  } finally {
    await emulator?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
