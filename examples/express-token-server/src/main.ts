// `pnpm --filter @video-examples/express-token-server start`: serves on PORT (default 3000),
// against the real API when VIDEO_APPLICATION_ID + VIDEO_PRIVATE_KEY are set, else the emulator.
// With VIDEO_ARCHIVE_CALLBACK_SECRET set, it also receives archive callbacks on /callbacks/archive.
import { startEmulator } from '@video/emulator';
import { Video } from '@video/server-sdk';
import { createApp } from './app.js';

const { VIDEO_APPLICATION_ID, VIDEO_PRIVATE_KEY, VIDEO_ARCHIVE_CALLBACK_SECRET, PORT = '3000' } = process.env;
const emulator = VIDEO_APPLICATION_ID && VIDEO_PRIVATE_KEY ? undefined : await startEmulator();
const video = new Video(
  emulator
    ? { ...emulator.credentials.vonage, baseUrl: emulator.url }
    : { applicationId: VIDEO_APPLICATION_ID!, privateKey: VIDEO_PRIVATE_KEY! },
);
const server = createApp(video, { archiveCallbackSecret: VIDEO_ARCHIVE_CALLBACK_SECRET }).listen(Number(PORT), () => {
  console.log(`Token server on http://localhost:${PORT} (${emulator ? `emulator at ${emulator.url}` : 'Vonage Video API'})`);
  console.log(`Try: curl -X POST http://localhost:${PORT}/rooms/demo -H 'content-type: application/json' -d '{"role":"moderator"}'`);
});
process.on('SIGINT', () => server.close(() => void emulator?.stop().then(() => process.exit(0))));
