export async function example() {
  // snippet:start
  // (import { startEmulator } from '@video/emulator'; import { Video } from '@video/server-sdk')
  const emu = await startEmulator(); // a real HTTP server on 127.0.0.1, random port
  const video = new Video({ ...emu.credentials.vonage, baseUrl: emu.url });

  const session = await video.createSession({ mediaMode: 'routed' });
  // Play a client: join with a real token (verified like the service does) and publish.
  const { connectionId } = await emu.control.join(session.sessionId, await session.generateToken());
  await emu.control.publish(session.sessionId, connectionId);

  const archive = await video.startArchive(session.sessionId); // works: a client is connected
  const [request] = (await emu.control.requests()).filter((r) => r.path.endsWith('/archive'));
  console.log(request?.body); // the exact JSON that reached the "API"

  await emu.control.injectFault({ path: '**/archive/*', action: { type: 'status', status: 503 }, times: 1 });
  await video.getArchive(archive.id); // retried once, then succeeds
  await emu.stop();
  // snippet:end
}

import { startEmulator } from '@video/emulator';
import { Video } from '@video/server-sdk';
