// `npm start` in this folder: serves on PORT (default 3000), against the real API when
// VIDEO_APPLICATION_ID + VIDEO_PRIVATE_KEY are set, else the emulator. With
// VIDEO_ARCHIVE_CALLBACK_SECRET set, it also receives archive callbacks on /callbacks/archive; with
// ADMIN_SECRET set, a request carrying it in X-Admin-Secret may ask for a moderator token.
import { startEmulator } from '@video/emulator';
import { Video } from '@video/server-sdk';
import { createApp } from './app.js';

const { VIDEO_APPLICATION_ID, VIDEO_PRIVATE_KEY, VIDEO_ARCHIVE_CALLBACK_SECRET, ADMIN_SECRET, PORT = '3000' } = process.env;
const emulator = VIDEO_APPLICATION_ID && VIDEO_PRIVATE_KEY ? undefined : await startEmulator();
const video = new Video(
  emulator
    ? { ...emulator.credentials.vonage, baseUrl: emulator.url }
    : { applicationId: VIDEO_APPLICATION_ID!, privateKey: VIDEO_PRIVATE_KEY! },
);
const app = createApp(video, { archiveCallbackSecret: VIDEO_ARCHIVE_CALLBACK_SECRET, adminSecret: ADMIN_SECRET });
const server = app.listen(Number(PORT), () => {
  const base = `http://localhost:${PORT}`;
  console.log(`Token server on ${base} (${emulator ? `emulator at ${emulator.url}` : 'Vonage Video API'})`);
  console.log(`Try: curl -X POST ${base}/rooms/demo -H 'content-type: application/json' -d '{"role":"subscriber"}'`);
  if (ADMIN_SECRET) console.log(`     moderator: add -H "X-Admin-Secret: $ADMIN_SECRET" and -d '{"role":"moderator"}'`);
});
const stop = () => server.close(() => void emulator?.stop().then(() => process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
