import type { ClientCredentials } from '@video/server-sdk';

export async function example(credentials: ClientCredentials) {
  // snippet:start
  // (import { Video } from '@video/server-sdk'; import { undiciTransport } from '@video/core/undici')
  // Node only: a keep-alive pool with a connection cap, optionally through a proxy.
  const transport = undiciTransport({
    connections: 16,
    proxy: process.env.HTTPS_PROXY, // e.g. http://user:pass@proxy.internal:8080
  });
  const video = new Video(credentials, { transport });
  // … when shutting down:
  await transport.close();
  // snippet:end
  return video;
}

import { Video } from '@video/server-sdk';
import { undiciTransport } from '@video/core/undici';
