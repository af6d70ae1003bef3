// `pnpm --filter @video-examples/webhook-receiver start`: serves the Express receiver on PORT
// (default 3000) and sends it one signed archive callback, as Vonage would, so you see a typed
// event. Point a Video callback URL at /video/callbacks (through a tunnel such as ngrok) and set
// VIDEO_CALLBACK_SECRET to its signature secret to receive real ones.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

process.env.VIDEO_CALLBACK_SECRET ??= randomBytes(24).toString('base64url');
const { app } = await import('./express.js');
const { archiveAvailable, sendCallback } = await import('./simulate.js');

const server = app.listen(Number(process.env.PORT ?? 3000), async () => {
  const url = `http://localhost:${(server.address() as AddressInfo).port}/video/callbacks`;
  console.log(`Receiving Video callbacks on ${url}`);
  const response = await sendCallback(url, archiveAvailable, process.env.VIDEO_CALLBACK_SECRET!);
  console.log(`A signed test callback was answered ${response.status}.`);
});
process.on('SIGINT', () => server.close(() => process.exit(0)));
